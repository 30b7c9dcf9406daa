"""Storage: writes each document's extraction in its own transaction, and records runs.

Input: `Extraction` records and the files they came from. Output: rows in the tables of
`models`. Articles are keyed by content hash, so the same content under two names is stored
once with both paths; a path whose content changed moves to the new article, and an article left
with no path is deleted with its events.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.orm import Session

from models import Article, ArticlePath, Attribution, DocumentError, Event, Run
from pipeline import records
from pipeline.discover import SourceFile

ERROR_STATUSES = frozenset({"no_article", "failed", "timed_out"})


@dataclass(frozen=True)
class PathState:
    size: int
    mtime_ns: int
    content_hash: str


@dataclass(frozen=True)
class ArticleState:
    status: str
    ruleset_version: str


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Store:
    """The single writer of an ingest run."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def known_paths(self) -> dict[str, PathState]:
        """Every stored path with the size, mtime and content it had when last read."""
        query = select(ArticlePath.path, ArticlePath.size, ArticlePath.mtime_ns,
                       Article.content_hash).join(Article)
        with self.engine.connect() as conn:
            return {row[0]: PathState(row[1], row[2], row[3]) for row in conn.execute(query)}

    def known_articles(self) -> dict[str, ArticleState]:
        """Every stored content hash with its status and the ruleset that extracted it."""
        query = select(Article.content_hash, Article.status, Article.ruleset_version)
        with self.engine.connect() as conn:
            return {row[0]: ArticleState(row[1], row[2]) for row in conn.execute(query)}

    def start_run(self, command: str, salvo_version: str, ruleset: str) -> int:
        """Open a run; runs left 'running' by a killed process are marked 'aborted'."""
        with Session(self.engine) as session, session.begin():
            session.execute(update(Run).where(Run.status == "running")
                            .values(status="aborted", message="process ended before the run did"))
            run = Run(started_at=utcnow(), status="running", command=command,
                      salvo_version=salvo_version, ruleset_version=ruleset, files_seen=0,
                      extracted=0, unchanged=0, duplicates=0, failed=0, events=0)
            session.add(run)
            session.flush()
            return run.id

    def finish_run(self, run_id: int, *, status: str, exit_code: int, counts: dict[str, int],
                   message: str | None = None) -> None:
        with Session(self.engine) as session, session.begin():
            session.execute(update(Run).where(Run.id == run_id).values(
                finished_at=utcnow(), status=status, exit_code=exit_code, message=message,
                **counts))

    def record_error(self, run_id: int, path: str, stage: str, error: str,
                     content_hash: str | None = None) -> None:
        with Session(self.engine) as session, session.begin():
            session.add(DocumentError(run_id=run_id, path=path, content_hash=content_hash,
                                      stage=stage, error=error, created_at=utcnow()))

    def link_path(self, source: SourceFile, content_hash: str) -> None:
        """Point `source` at the already stored article with `content_hash`."""
        with Session(self.engine) as session, session.begin():
            article_id = session.scalar(select(Article.id)
                                        .where(Article.content_hash == content_hash))
            if article_id is None:
                raise LookupError(f"no stored article with content {content_hash}")
            _link(session, source, article_id)

    def save(self, run_id: int, source: SourceFile, content_hash: str, ruleset: str,
             extraction: records.Extraction) -> int:
        """Store one document's extraction, replacing what its content had before.

        Returns the number of events stored.
        """
        with Session(self.engine) as session, session.begin():
            article = session.scalar(select(Article).where(Article.content_hash == content_hash))
            if article is None:
                article = Article(content_hash=content_hash)
                session.add(article)
            else:
                session.execute(delete(Event).where(Event.article_id == article.id))
                session.execute(delete(Attribution).where(Attribution.article_id == article.id))
            _fill_article(article, extraction, source.size, ruleset, run_id)
            session.flush()
            session.add_all(_event_rows(article.id, extraction.claims.events))
            session.add_all(_attribution_rows(article.id, extraction.claims.attributions))
            _link(session, source, article.id)
            if extraction.status in ERROR_STATUSES:
                session.add(DocumentError(
                    run_id=run_id, path=source.path, content_hash=content_hash,
                    stage=extraction.stage or "content",
                    error=extraction.error or extraction.status, created_at=utcnow()))
            return len(extraction.claims.events)


def _link(session: Session, source: SourceFile, article_id: int) -> None:
    now = utcnow()
    row = session.scalar(select(ArticlePath).where(ArticlePath.path == source.path))
    if row is None:
        session.add(ArticlePath(path=source.path, article_id=article_id, size=source.size,
                                mtime_ns=source.mtime_ns, first_seen=now, last_read=now))
        return
    previous = row.article_id
    row.article_id, row.size, row.mtime_ns, row.last_read = (
        article_id, source.size, source.mtime_ns, now)
    session.flush()
    if previous != article_id:
        remaining = session.scalar(select(func.count()).select_from(ArticlePath)
                                   .where(ArticlePath.article_id == previous))
        if not remaining:
            session.execute(delete(Article).where(Article.id == previous))


def _fill_article(article: Article, extraction: records.Extraction, byte_size: int,
                  ruleset: str, run_id: int) -> None:
    content = extraction.content
    article.status = extraction.status
    article.error = extraction.error
    article.byte_size = byte_size
    article.ruleset_version = ruleset
    article.extracted_at = utcnow()
    article.run_id = run_id
    for name in ("kind", "encoding", "url", "title", "standfirst", "author", "published",
                 "site", "language", "text"):
        setattr(article, name, getattr(content, name) if content else None)


def _event_rows(article_id: int, events: Iterable[records.Event]) -> list[Event]:
    rows = []
    for seq, ev in enumerate(events):
        weapon, qty, source, date = ev.weapon, ev.quantity, ev.source, ev.date
        rows.append(Event(
            article_id=article_id, seq=seq, type=ev.type, supplier=ev.supplier,
            recipient=ev.recipient, inferred=ev.inferred,
            weapon_name=weapon.name if weapon else None,
            weapon_system_id=weapon.system_id if weapon else None,
            weapon_category=weapon.category if weapon else None,
            calibre_mm=weapon.calibre_mm if weapon else None,
            quantity=qty.value if qty else None, quantity_upper=qty.upper if qty else None,
            quantity_approximate=qty.approximate if qty else None,
            quantity_qualifier=qty.qualifier if qty else None,
            quantity_unit=qty.unit if qty else None, quantity_text=qty.text if qty else None,
            location=ev.location, source_name=source.name if source else None,
            source_via=json.dumps(list(source.via)) if source else None,
            source_cue=source.cue if source else None, certainty=ev.certainty,
            event_date=date.value if date else None,
            date_precision=date.precision if date else None,
            date_text=date.text if date else None,
            sentence=ev.sentence, start=ev.start, end=ev.end))
    return rows


def _attribution_rows(article_id: int, attributions: Iterable[records.Attribution]
                      ) -> list[Attribution]:
    return [Attribution(article_id=article_id, seq=seq, speaker=a.speaker,
                        via=json.dumps(list(a.via)), cue=a.cue, direct=a.direct, quote=a.quote,
                        start=a.start, end=a.end)
            for seq, a in enumerate(attributions)]
