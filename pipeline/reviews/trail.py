"""Reading reviews back: the trail of each event, every review, and the orphans.

An orphan is a review whose event is gone: its content was re-extracted (`--force`, a rules
change) and no event has its key any longer. Orphans are kept and reported, never dropped;
they come back to life should an event with their key return.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, text

from models import Review
from pipeline.reviews.keys import EventKey, keys_of

TRAIL_COLUMNS = ("id", "action", "field", "old_value", "new_value", "note", "reviewer",
                 "created_at")
REVIEWS = Review.__table__
KEY_COLUMNS = ("content_hash", "sentence_start", "sentence_end", "mention", "mention_n")


def trail_dict(row: Any) -> dict[str, Any]:
    """One review as the export and the JSON pages show it."""
    out = {name: getattr(row, name) for name in TRAIL_COLUMNS}
    out["created_at"] = row.created_at.isoformat(sep=" ") if row.created_at else None
    return out


def article_trails(conn: Connection, content_hash: str, events: Iterable[Any]
                   ) -> dict[int, list[dict[str, Any]]]:
    """The reviews of one article's events, oldest first, by event id."""
    keys = keys_of(content_hash, events)
    if not keys:
        return {}
    by_key: dict[EventKey, list[dict[str, Any]]] = defaultdict(list)
    rows = conn.execute(select(REVIEWS).where(REVIEWS.c.content_hash == content_hash)
                        .order_by(REVIEWS.c.id))
    for row in rows:
        key = EventKey(*(getattr(row, name) for name in KEY_COLUMNS))
        by_key[key].append(trail_dict(row))
    return {event_id: by_key[key] for event_id, key in keys.items() if key in by_key}


ORPHANS = text("""
SELECT r.* FROM reviews r
WHERE NOT EXISTS (
    SELECT 1 FROM events e JOIN articles a ON a.id = e.article_id
    WHERE a.content_hash = r.content_hash AND e.start = r.sentence_start
      AND e."end" = r.sentence_end
      AND e.type || ':' || coalesce(e.weapon_text, '') || ':' || coalesce(e.quantity_text, '')
          = r.mention
      AND (SELECT count(*) FROM events d
           WHERE d.article_id = e.article_id AND d.start = e.start AND d."end" = e."end"
             AND d.seq < e.seq
             AND d.type || ':' || coalesce(d.weapon_text, '') || ':'
                 || coalesce(d.quantity_text, '') = r.mention) = r.mention_n)
ORDER BY r.id
""")


def orphans(conn: Connection) -> list[Any]:
    """Reviews whose event no longer exists, oldest first."""
    return list(conn.execute(ORPHANS))


def recent(conn: Connection, limit: int) -> list[Any]:
    """The latest reviews, newest first."""
    return list(conn.execute(select(REVIEWS).order_by(REVIEWS.c.id.desc()).limit(limit)))


def last_review_id(conn: Connection) -> int:
    return conn.scalar(select(func.max(REVIEWS.c.id))) or 0


def reviewed_since(conn: Connection, review_id: int) -> set[int]:
    """The ids of the events that reviews after `review_id` are attached to."""
    hashes = conn.scalars(select(REVIEWS.c.content_hash).distinct()
                          .where(REVIEWS.c.id > review_id)).all()
    if not hashes:
        return set()
    fresh = {EventKey(*(getattr(r, name) for name in KEY_COLUMNS))
             for r in conn.execute(select(REVIEWS).where(REVIEWS.c.id > review_id))}
    events = conn.execute(text("""
        SELECT e.id, e.seq, e.type, e.weapon_text, e.quantity_text, e.start, e."end",
               a.content_hash
        FROM events e JOIN articles a ON a.id = e.article_id
        WHERE a.content_hash IN :hashes""").bindparams(bindparam("hashes", expanding=True)),
        {"hashes": list(hashes)}).all()
    by_article: dict[str, list[Any]] = defaultdict(list)
    for row in events:
        by_article[row.content_hash].append(row)
    return {event_id for content_hash, rows in by_article.items()
            for event_id, key in keys_of(content_hash, rows).items() if key in fresh}
