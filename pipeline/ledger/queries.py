"""Reading the ledger: claims, a claim's events, estimate histories, as plain dicts.

These read the views (`claims`, `claim_events`, `estimate_history`), so the CLI, the export and
the web pages show what an analyst's SQL shows. Filters: supplier and recipient match a
country's name whole, case-insensitively; item matches part of the item's label, key or
category ("Koksan", "self-propelled"), or its calibre ("170mm", "170").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from sqlalchemy import Connection, Select, column, func, or_, select, table

CLAIM_COLUMNS = (
    "claim_id", "type", "supplier", "recipient", "item", "item_key", "weapon_system_id",
    "category", "calibre_mm", "phase", "stage", "basis", "events", "articles", "outlets",
    "independent_outlets", "sources", "source_names", "outlet_names", "first_source",
    "quantity_low", "quantity_high", "quantity_latest", "first_reported", "last_reported",
    "asserted", "hedged", "denied")
HISTORY_COLUMNS = (
    "supplier", "recipient", "type", "item", "item_key", "category", "calibre_mm", "position",
    "value", "value_low", "value_high", "approximate", "quantity_text", "basis", "as_of",
    "reported_on", "source", "site", "article_id", "event_id", "claim_id", "phase", "stage",
    "certainty", "flags", "url")
CLAIM_EVENT_COLUMNS = (
    "claim_id", "event_id", "article_id", "seq", "item", "stage", "certainty", "basis",
    "value", "value_low", "value_high", "approximate", "quantity_text", "as_of",
    "reported_on", "source", "site", "copy_group", "title", "url", "sentence", "start", "end")

_CALIBRE = re.compile(r"(\d+(?:\.\d+)?)\s*-?\s*(?:mm|millimet(?:re|er)s?)?")

CLAIMS = table("claims", *(column(c) for c in CLAIM_COLUMNS))
HISTORY = table("estimate_history", *(column(c) for c in HISTORY_COLUMNS))
CLAIM_EVENTS = table("claim_events", *(column(c) for c in CLAIM_EVENT_COLUMNS))


def claims(conn: Connection, supplier: str | None = None, recipient: str | None = None,
           item: str | None = None) -> list[dict[str, Any]]:
    """Claims, the most widely reported first."""
    query = _filtered(select(CLAIMS), CLAIMS, supplier, recipient, item)
    query = query.order_by(CLAIMS.c.articles.desc(), CLAIMS.c.events.desc(), CLAIMS.c.claim_id)
    return [_plain(row) for row in conn.execute(query).mappings()]


def claim(conn: Connection, claim_id: str) -> dict[str, Any] | None:
    """One claim, with its `reports`: its claim_events rows in report order."""
    found = claim_row(conn, claim_id)
    if found is None:
        return None
    found["reports"] = claim_events(conn, claim_id)
    return found


def claim_row(conn: Connection, claim_id: str) -> dict[str, Any] | None:
    """One claim without its reports, None when there is no such claim."""
    row = conn.execute(select(CLAIMS).where(CLAIMS.c.claim_id == claim_id)).mappings().first()
    return None if row is None else _plain(row)


def claim_events(conn: Connection, claim_id: str, limit: int | None = None,
                 offset: int = 0) -> list[dict[str, Any]]:
    """A claim's reports in report order; `limit` of them from `offset` when given."""
    c = CLAIM_EVENTS.c
    query = (select(CLAIM_EVENTS).where(c.claim_id == claim_id)
             .order_by(c.reported_on.is_(None), c.reported_on, c.article_id, c.seq))
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [_plain(row) for row in conn.execute(query).mappings()]


def history(conn: Connection, supplier: str | None = None, recipient: str | None = None,
            item: str | None = None) -> list[dict[str, Any]]:
    """Every reported value of the matching series, each series in `as_of` order."""
    query = _filtered(select(HISTORY), HISTORY, supplier, recipient, item)
    c = HISTORY.c
    query = query.order_by(c.supplier, c.recipient, c.item_key, c.position)
    return [_history_row(row) for row in conn.execute(query).mappings()]


def claim_history(conn: Connection, claim_id: str) -> list[dict[str, Any]]:
    """The history of the series a claim belongs to (every figure of its supplier, recipient
    and item, whatever the claim), for a claim's page and its chart."""
    c = HISTORY.c
    key = select(CLAIMS.c.supplier, CLAIMS.c.recipient, CLAIMS.c.item_key).where(
        CLAIMS.c.claim_id == claim_id)
    found = conn.execute(key).first()
    if found is None:
        return []
    supplier, recipient, item_key = found
    query = (select(HISTORY).where(c.item_key == item_key,
                                   _same(c.supplier, supplier), _same(c.recipient, recipient))
             .order_by(c.position))
    return [_history_row(row) for row in conn.execute(query).mappings()]


def _same(column, value):
    return column.is_(None) if value is None else column == value


def _history_row(row) -> dict[str, Any]:
    plain = _plain(row)
    plain["flags"] = json.loads(plain["flags"] or "[]")
    plain["approximate"] = bool(plain["approximate"])
    return plain


def _filtered(query: Select, view, supplier: str | None, recipient: str | None,
              item: str | None) -> Select:
    c = view.c
    if supplier:
        query = query.where(func.lower(c.supplier) == supplier.strip().lower())
    if recipient:
        query = query.where(func.lower(c.recipient) == recipient.strip().lower())
    if item:
        pattern = f"%{item.strip().lower()}%"
        matches = [func.lower(f).like(pattern) for f in (c.item, c.item_key, c.category)]
        calibre = _CALIBRE.fullmatch(item.strip().lower())
        if calibre:
            matches.append(c.calibre_mm == float(calibre[1]))
        query = query.where(or_(*matches))
    return query


def _plain(row) -> dict[str, Any]:
    """A row as JSON-ready values: dates as ISO text."""
    return {key: value.isoformat() if isinstance(value, dt.date) else value
            for key, value in dict(row).items()}
