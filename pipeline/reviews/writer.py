"""The review writer: the one path by which salvo's web pages write, and only to `reviews`.

Input: an event id, an action (confirm, reject, correct), for a correction a field and a value,
a note and the reviewer's name. Output: the review rows stored in one transaction, each with the
value it replaces (the event's current, possibly already reviewed, value). On SQLite the
writer's connections carry an authorizer that lets them insert into `reviews` and nothing else.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from sqlalchemy import Engine, event, insert, text

from models import Review
from pipeline.database import make_engine
from pipeline.reviews import values
from pipeline.reviews.keys import event_key

ACTIONS = ("confirm", "reject", "correct")
MAX_NOTE = 2000
MAX_REVIEWER = 100
# the reviewed_events column behind each correctable field
COLUMNS = {"supplier": "supplier", "recipient": "recipient", "item": "weapon_name",
           "system": "weapon_system_id", "category": "weapon_category", "quantity": "quantity",
           "stage": "stage", "certainty": "certainty", "source": "source_name"}


class ReviewRefused(ValueError):
    """The review cannot be stored as asked (bad action, field or value, empty reviewer)."""


class UnknownEvent(LookupError):
    """No event has that id (any longer)."""


@dataclass(frozen=True)
class ReviewRequest:
    event_id: int
    action: str
    reviewer: str
    field: str | None = None
    value: str = ""
    note: str = ""


def writer_engine(db: str) -> Engine:
    """An engine for `db` whose SQLite connections may write to `reviews` only."""
    engine = make_engine(db)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", lambda conn, _record: conn.set_authorizer(_reviews_only))
    return engine


def _reviews_only(action: int, arg1: str | None, *_: object) -> int:
    if action in (sqlite3.SQLITE_INSERT, sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE):
        return sqlite3.SQLITE_OK if arg1 == "reviews" else sqlite3.SQLITE_DENY
    if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                  sqlite3.SQLITE_TRANSACTION, sqlite3.SQLITE_RECURSIVE):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def record(engine: Engine, request: ReviewRequest) -> list[dict[str, object]]:
    """Store `request`; the rows written. Raises ReviewRefused or UnknownEvent."""
    changes = _changes(request)
    reviewer, note = request.reviewer.strip(), request.note.strip()
    if not reviewer or len(reviewer) > MAX_REVIEWER:
        raise ReviewRefused(f"a reviewer's name is 1 to {MAX_REVIEWER} characters")
    if len(note) > MAX_NOTE:
        raise ReviewRefused(f"a note is at most {MAX_NOTE} characters")
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as conn:
        key = event_key(conn, request.event_id)
        current = conn.execute(text("SELECT * FROM reviewed_events WHERE id = :id"),
                               {"id": request.event_id}).mappings().first()
        if key is None or current is None:
            raise UnknownEvent(f"no event {request.event_id}")
        rows = []
        for field, new in changes:
            old = _text(current[COLUMNS[field]]) if field else None
            if field and old == new and field == request.field:
                raise ReviewRefused(f"{field} is already {new or 'unstated'}")
            if field and old == new:
                continue  # a value that follows the item and does not change
            rows.append({**key.as_dict(), "event_id": request.event_id, "action": request.action,
                         "field": field, "old_value": old, "new_value": new, "note": note or None,
                         "reviewer": reviewer, "created_at": now})
        conn.execute(insert(Review), rows)
    return rows


def _changes(request: ReviewRequest) -> list[tuple[str | None, str | None]]:
    if request.action not in ACTIONS:
        raise ReviewRefused(f"unknown action {request.action!r}; one of {', '.join(ACTIONS)}")
    if request.action != "correct":
        return [(None, None)]
    try:
        correction = values.parse(request.field or "", request.value)
    except values.BadValue as exc:
        raise ReviewRefused(str(exc)) from None
    return [(correction.field, correction.value), *correction.also]


def _text(value: object) -> str | None:
    return None if value is None else str(value)
