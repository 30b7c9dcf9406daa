"""What the ledger reads: every event with the article fields it needs, through one query.

`event_query()` is the single place where the ledger meets the `events` table. Analyst reviews
that correct an event's fields, and canonical sources, are to be swapped in here (a join and a
`coalesce` per field) and nowhere else: everything downstream works on `EventInput` records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import Select, select

from models import Article, Event


@dataclass(frozen=True)
class EventInput:
    """One event as the ledger groups it."""

    event_id: int
    article_id: int
    content_hash: str
    type: str
    supplier: str | None
    recipient: str | None
    weapon_system_id: str | None
    weapon_name: str | None
    weapon_category: str | None
    calibre_mm: float | None
    quantity: int | None
    quantity_low: int | None
    quantity_upper: int | None
    quantity_approximate: bool | None
    quantity_text: str | None
    quantity_unit: str | None
    weapon_text: str | None
    source: str | None
    certainty: str
    stage: str | None
    event_date: dt.date | None
    sentence: str
    start: int
    end: int
    published: dt.date | None
    site: str | None
    url: str | None

    @property
    def event_key(self) -> str:
        """Stable across databases and ingest orders: the content and the sentence's place."""
        return f"{self.content_hash}:{self.start}:{self.end}"

    @property
    def outlet(self) -> str | None:
        return outlet_of(self.site, self.url)


# The source the ledger credits: the body or person the claim is attributed to. Canonical
# sources (a source id) replace this one expression.
SOURCE = Event.source_name

_COLUMNS = (Event.id, Event.article_id, Article.content_hash, Event.type, Event.supplier,
            Event.recipient, Event.weapon_system_id, Event.weapon_name, Event.weapon_category,
            Event.calibre_mm, Event.quantity, Event.quantity_low, Event.quantity_upper,
            Event.quantity_approximate, Event.quantity_text, Event.quantity_unit,
            Event.weapon_text, SOURCE,
            Event.certainty, Event.stage, Event.event_date, Event.sentence, Event.start,
            Event.end, Article.published, Article.site, Article.url)


def event_query() -> Select:
    """Every event with its article's fields, as `EventInput` columns, in a stable order."""
    return select(*_COLUMNS).join(Article, Article.id == Event.article_id)


def event_input(row: tuple) -> EventInput:
    return EventInput(*row)


def outlet_of(site: str | None, url: str | None) -> str | None:
    """The outlet: the site's name, else the URL's host without `www.`; None if neither."""
    if site and site.strip():
        return site.strip()
    if url:
        host = (urlsplit(url).hostname or "").lower()
        return host.removeprefix("www.") or None
    return None
