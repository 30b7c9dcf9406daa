"""The stable key of an event: what survives re-extraction of the same content.

An event is found again by its article's content hash, its sentence's offsets in the article
text and its mention: its type, its item words and its count words as the article wrote them,
plus its number among the events of that sentence with the same mention (0 for the first).
Migration 0007's `reviewed_events` view joins reviews to events by the same five values.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text


@dataclass(frozen=True)
class EventKey:
    content_hash: str
    sentence_start: int
    sentence_end: int
    mention: str
    mention_n: int

    def as_dict(self) -> dict[str, object]:
        return {"content_hash": self.content_hash, "sentence_start": self.sentence_start,
                "sentence_end": self.sentence_end, "mention": self.mention,
                "mention_n": self.mention_n}


def mention(event_type: str, weapon_text: str | None, quantity_text: str | None) -> str:
    """An event's mention, as the view's SQL spells it."""
    return f"{event_type}:{weapon_text or ''}:{quantity_text or ''}"


def keys_of(content_hash: str, events: Iterable[Any]) -> dict[int, EventKey]:
    """The keys of one article's events (rows with id, seq, type, weapon_text, quantity_text,
    start and end), by event id."""
    seen: dict[tuple[int, int, str], int] = {}
    keys = {}
    for event in sorted(events, key=lambda e: e.seq):
        said = mention(event.type, event.weapon_text, event.quantity_text)
        place = (event.start, event.end, said)
        keys[event.id] = EventKey(content_hash, event.start, event.end, said, seen.get(place, 0))
        seen[place] = seen.get(place, 0) + 1
    return keys


_ARTICLE_EVENTS = text("""
SELECT e.id, e.seq, e.type, e.weapon_text, e.quantity_text, e.start, e."end", a.content_hash
FROM events e JOIN articles a ON a.id = e.article_id
WHERE e.article_id = (SELECT article_id FROM events WHERE id = :id)
""")


def event_key(conn: Connection, event_id: int) -> EventKey | None:
    """The key of event `event_id`, None when there is no such event."""
    rows = conn.execute(_ARTICLE_EVENTS, {"id": event_id}).all()
    if not rows:
        return None
    return keys_of(rows[0].content_hash, rows).get(event_id)
