"""What the ledger reads: every event with the article fields it needs, through one query.

`event_query()` is the single place where the ledger meets the events. It reads them from the
`reviewed_events` view (migration 0007): analysts' corrections replace the extracted values and
rejected events are left out, and each event's source is its canonical source's name (one name
for "NIS" and "South Korea's spy agency"). Everything downstream works on `EventInput` records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import Select, func, or_, select

from models import Article, Source
from pipeline.reviews.view import reviewed_events as R


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


# The source the ledger credits: the canonical name of the body or person the claim is
# attributed to, else the text's name (a source without a canonical id, or one an analyst wrote).
SOURCE = func.coalesce(Source.name, R.c.source_name)
EVENT_ID = R.c.id  # what callers filter event_query() on

_COLUMNS = (R.c.id, R.c.article_id, Article.content_hash, R.c.type, R.c.supplier,
            R.c.recipient, R.c.weapon_system_id, R.c.weapon_name, R.c.weapon_category,
            R.c.calibre_mm, R.c.quantity, R.c.quantity_low, R.c.quantity_upper,
            R.c.quantity_approximate, R.c.quantity_text, R.c.quantity_unit,
            R.c.weapon_text, SOURCE,
            R.c.certainty, R.c.stage, R.c.event_date, R.c.sentence, R.c.start,
            R.c.end, Article.published, Article.site, Article.url)


def event_query() -> Select:
    """Every event that no analyst rejected, with its reviewed values and its article's fields,
    as `EventInput` columns."""
    return (select(*_COLUMNS).select_from(R).join(Article, Article.id == R.c.article_id)
            .outerjoin(Source, Source.id == R.c.source_id)
            .where(or_(R.c.review.is_(None), R.c.review != "rejected")))


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
