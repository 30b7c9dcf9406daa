"""Storage: writes each document's extraction in its own transaction, and records runs.

Input: `Extraction` records and the files (or WARC records) they came from. Output: rows in the
tables of `models`. Articles are keyed by content hash, so the same content under two names is
stored once with both paths; a path whose content changed moves to the new article, and an
article left with no path is deleted with its events. Articles and paths are written with
upserts (`INSERT ... ON CONFLICT DO UPDATE`, on SQLite and PostgreSQL alike), so storing a
result twice (a Dask task run again after its worker died, a second writer) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, Insert, Table, bindparam, case, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from models import Article, ArticlePath, Attribution, DocumentError, Event, Run, Source
from pipeline import records
from pipeline.sources.files import SourceFile
from pipeline.sources.warc import SourceRecord

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
    attempts: int = 1
    transient: bool = False  # a failure that may pass on another try (`records.is_transient`)


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
        """Every stored content hash with its status, the ruleset that extracted it and the
        attempts made with that ruleset."""
        query = select(Article.content_hash, Article.status, Article.ruleset_version,
                       Article.attempts, Article.error)
        with self.engine.connect() as conn:
            return {digest: ArticleState(status, ruleset, attempts,
                                         records.is_transient(status, error))
                    for digest, status, ruleset, attempts, error in conn.execute(query)}

    def start_run(self, command: str, salvo_version: str, ruleset: str,
                  attributions: str = "claims") -> int:
        """Open a run; runs left 'running' by a killed process are marked 'aborted';
        `attributions`: the run's speech mode (`pipeline.settings.ATTRIBUTION_MODES`)."""
        with Session(self.engine) as session, session.begin():
            session.execute(update(Run).where(Run.status == "running")
                            .values(status="aborted", message="process ended before the run did"))
            run = Run(started_at=utcnow(), status="running", command=command,
                      salvo_version=salvo_version, ruleset_version=ruleset,
                      attributions=attributions, files_seen=0, extracted=0, unchanged=0,
                      duplicates=0, failed=0, events=0, skipped=0)
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
        with self.engine.begin() as conn:
            article_id = conn.scalar(_ARTICLE_ID, {"hash": content_hash})
            if article_id is None:
                raise LookupError(f"no stored article with content {content_hash}")
            _link(conn, source, article_id)

    def save(self, run_id: int, source: SourceFile, content_hash: str, ruleset: str,
             extraction: records.Extraction) -> int:
        """Store one document's extraction, replacing what its content had before.

        Returns the number of events stored. Written with prepared Core statements, one
        transaction a document: the ORM's unit of work took several times as long.
        """
        values = _article_values(extraction, source, ruleset, run_id)
        with self.engine.begin() as conn:
            article_id = conn.scalar(_upsert_article(conn.dialect.name),
                                     {"content_hash": content_hash, **values})
            conn.execute(_DELETE_EVENTS, {"article": article_id})
            conn.execute(_DELETE_ATTRIBUTIONS, {"article": article_id})
            events = _event_rows(article_id, extraction.claims.events)
            attributions = _attribution_rows(article_id, extraction.claims.attributions)
            _add_sources(conn, extraction.claims)
            if events:
                conn.execute(_EVENTS.insert(), events)
            if attributions:
                conn.execute(_ATTRIBUTIONS.insert(), attributions)
            _link(conn, source, article_id)
            if extraction.status in ERROR_STATUSES:
                conn.execute(_ERRORS.insert(), {
                    "run_id": run_id, "path": source.path, "content_hash": content_hash,
                    "stage": extraction.stage or "content",
                    "error": extraction.error or extraction.status, "created_at": utcnow()})
            return len(events)


_ARTICLES, _PATHS, _SOURCES = Article.__table__, ArticlePath.__table__, Source.__table__
_EVENTS, _ATTRIBUTIONS, _ERRORS = Event.__table__, Attribution.__table__, DocumentError.__table__
_ARTICLE_ID = select(_ARTICLES.c.id).where(_ARTICLES.c.content_hash == bindparam("hash"))
_DELETE_EVENTS = _EVENTS.delete().where(_EVENTS.c.article_id == bindparam("article"))
_DELETE_ATTRIBUTIONS = _ATTRIBUTIONS.delete().where(
    _ATTRIBUTIONS.c.article_id == bindparam("article"))
_PATH_ROW = select(_PATHS.c.article_id).where(_PATHS.c.path == bindparam("p"))
_PATHS_OF = select(func.count()).select_from(_PATHS).where(
    _PATHS.c.article_id == bindparam("article"))
_DELETE_ARTICLE = _ARTICLES.delete().where(_ARTICLES.c.id == bindparam("article"))


def _insert(dialect: str, table: Table) -> Insert:
    """An INSERT that can take ON CONFLICT, in the `dialect`."""
    dialects = {"sqlite": sqlite, "postgresql": postgresql}
    if dialect not in dialects:
        raise NotImplementedError(f"salvo stores into SQLite or PostgreSQL, not {dialect}")
    return dialects[dialect].insert(table)


@functools.cache
def _upsert_article(dialect: str) -> Insert:
    """Insert the article, or update the one with its content hash; returns its id. A second
    extraction with the same rules counts one attempt more, with other rules the first.
    Built once a dialect: building it costs more than running it."""
    insert = _insert(dialect, _ARTICLES)
    columns = {c.name: insert.excluded[c.name] for c in _ARTICLES.columns
               if c.name not in ("id", "content_hash", "attempts")}
    attempts = case((_ARTICLES.c.ruleset_version == insert.excluded.ruleset_version,
                     _ARTICLES.c.attempts + 1), else_=1)
    return insert.on_conflict_do_update(
        index_elements=[_ARTICLES.c.content_hash], set_={**columns, "attempts": attempts}
    ).returning(_ARTICLES.c.id)


@functools.cache
def _upsert_path(dialect: str) -> Insert:
    """Insert the path, or point the stored one at its new content and reading."""
    insert = _insert(dialect, _PATHS)
    return insert.on_conflict_do_update(index_elements=[_PATHS.c.path], set_={
        name: insert.excluded[name]
        for name in ("article_id", "size", "mtime_ns", "last_read", "fetched_at")})


def _link(conn: Connection, source: SourceFile, article_id: int) -> None:
    now = utcnow()
    previous = conn.scalar(_PATH_ROW, {"p": source.path})
    fetched_at = source.fetched_at if isinstance(source, SourceRecord) else None
    conn.execute(_upsert_path(conn.dialect.name), {
        "path": source.path, "article_id": article_id, "size": source.size,
        "mtime_ns": source.mtime_ns, "first_seen": now, "last_read": now,
        "fetched_at": fetched_at})
    if previous not in (None, article_id) and not conn.scalar(_PATHS_OF, {"article": previous}):
        conn.execute(_DELETE_ARTICLE, {"article": previous})


def _add_sources(conn: Connection, claims: records.Claims) -> None:
    """Insert the canonical sources of `claims` that are not stored yet (the first name met
    for an id stays its name)."""
    identities = {i.id: i for i in (*(e.source.identity for e in claims.events if e.source),
                                    *(a.identity for a in claims.attributions)) if i}
    if not identities:
        return
    known = set(conn.scalars(select(_SOURCES.c.id).where(_SOURCES.c.id.in_(identities))))
    new = [dict(id=i.id, name=i.name, kind=i.kind, country=i.country)
           for key, i in identities.items() if key not in known]
    if new:
        conn.execute(_SOURCES.insert(), new)


def _article_values(extraction: records.Extraction, source: SourceFile, ruleset: str,
                    run_id: int) -> dict[str, object]:
    """The article's columns; a WARC record's URL is the one it was fetched from."""
    content = extraction.content
    values: dict[str, object] = {
        "status": extraction.status, "error": extraction.error, "byte_size": source.size,
        "ruleset_version": ruleset, "extracted_at": utcnow(), "run_id": run_id}
    for name in ("kind", "encoding", "url", "title", "standfirst", "author", "published",
                 "site", "language", "text"):
        values[name] = getattr(content, name) if content else None
    if isinstance(source, SourceRecord) and source.url:
        values["url"] = source.url
    return values


def _event_rows(article_id: int, events: Iterable[records.Event]) -> list[dict[str, object]]:
    rows = []
    for seq, ev in enumerate(events):
        weapon, qty, source, date = ev.weapon, ev.quantity, ev.source, ev.date
        rows.append(dict(
            article_id=article_id, seq=seq, type=ev.type, supplier=ev.supplier,
            recipient=ev.recipient, inferred=ev.inferred,
            weapon_name=weapon.name if weapon else None,
            weapon_text=weapon.text if weapon else None,
            weapon_system_id=weapon.system_id if weapon else None,
            weapon_category=weapon.category if weapon else None,
            calibre_mm=weapon.calibre_mm if weapon else None,
            quantity=qty.value if qty else None, quantity_upper=qty.upper if qty else None,
            quantity_low=qty.low if qty else None,
            quantity_approximate=qty.approximate if qty else None,
            quantity_qualifier=qty.qualifier if qty else None,
            quantity_unit=qty.unit if qty else None, quantity_text=qty.text if qty else None,
            location=ev.location, source_name=source.name if source else None,
            source_via=json.dumps(list(source.via)) if source else None,
            source_cue=source.cue if source else None, **_identity_values(source),
            certainty=ev.certainty, stage=ev.stage,
            event_date=date.value if date else None,
            date_precision=date.precision if date else None,
            date_text=date.text if date else None,
            sentence=ev.sentence, start=ev.start, end=ev.end))
    return rows


def _attribution_rows(article_id: int, attributions: Iterable[records.Attribution]
                      ) -> list[dict[str, object]]:
    return [dict(article_id=article_id, seq=seq, speaker=a.speaker, via=json.dumps(list(a.via)),
                 cue=a.cue, direct=a.direct, quote=a.quote, start=a.start, end=a.end,
                 source_id=a.identity.id if a.identity else None,
                 kind=a.identity.kind if a.identity else None,
                 country=a.identity.country if a.identity else None, speaker_text=a.text)
            for seq, a in enumerate(attributions)]


def _identity_values(source: records.Source | None) -> dict[str, object]:
    identity = source.identity if source else None
    return dict(source_id=identity.id if identity else None,
                source_kind=identity.kind if identity else None,
                source_country=identity.country if identity else None,
                source_text=source.text if source else None)
