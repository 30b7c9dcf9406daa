"""The web pages' one door to the claim ledger (`pipeline.ledger`): claims that pass the
filters, one claim with its reports, its series' estimate history and the chart of it.

The ledger is computed by `salvo ingest` and `salvo ledger`; reviews made since then are shown
on each report at once (from `reviewed_events`) and reach the claim's figures at the next
refresh, which `stale()` tells the page.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, desc, func, select

from models import LedgerEvent
from pipeline.ledger import queries
from pipeline.ledger.chart import history_svg
from pipeline.ledger.refresh import REVIEWS_KEY, state
from pipeline.reviews.trail import last_review_id
from pipeline.web.filters import Filters, passing

PAGE_SIZE = 50
C = queries.CLAIMS
L = LedgerEvent.__table__


def _matching_claims(conn: Connection, f: Filters):
    """The ids of the claims with at least one event that passes `f`."""
    found = passing(f, conn, lambda S, reviewed: [LedgerEvent.claim_id]).subquery()
    return select(found.c.claim_id)


def claims(conn: Connection, f: Filters, page: int) -> dict[str, Any]:
    """One page of the claims behind the events that pass `f`, the latest reported first."""
    where = C.c.claim_id.in_(_matching_claims(conn, f))
    total = conn.execute(select(func.count()).select_from(C).where(where)).scalar()
    rows = conn.execute(select(C).where(where)
                        .order_by(desc(C.c.last_reported), desc(C.c.articles), C.c.claim_id)
                        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).mappings()
    return {"total": total, "page": page, "pages": max(1, -(-total // PAGE_SIZE)),
            "claims": [_plain(r) for r in rows], "stale": stale(conn)}


def claim(conn: Connection, claim_id: str) -> dict[str, Any] | None:
    """A claim without its reports, None when there is no such claim."""
    return queries.claim_row(conn, claim_id)


def reports(conn: Connection, claim_id: str, page: int, size: int) -> tuple[int, list]:
    """How many reports (claim_events rows) the claim has, and page `page` of them."""
    total = conn.execute(select(func.count()).select_from(LedgerEvent).where(
        LedgerEvent.claim_id == claim_id)).scalar()
    return total, queries.claim_events(conn, claim_id, size, (page - 1) * size)


def _series(found: dict[str, Any]) -> list:
    """The rows of the claim's series (same type, supplier, recipient and item) with a value:
    its `estimate_history`, read from the ledger's table."""
    where = [L.c.value.is_not(None), L.c.item_key == found["item_key"],
             L.c.type == found["type"]]
    for side in ("supplier", "recipient"):
        where.append(L.c[side].is_(None) if found[side] is None else L.c[side] == found[side])
    return where


def history(conn: Connection, found: dict[str, Any]) -> list[dict[str, Any]]:
    """The estimate history of the claim's series, the columns the chart draws."""
    rows = conn.execute(select(L.c.item, L.c.value, L.c.value_low, L.c.value_high,
                               L.c.approximate, L.c.basis, L.c.as_of, L.c.reported_on,
                               L.c.source).where(*_series(found)).order_by(L.c.position))
    keys = list(rows.keys())
    return [dict(zip(keys, r, strict=True)) for r in rows]


def history_size(conn: Connection, found: dict[str, Any]) -> int:
    """How many reported values the claim's series has."""
    return conn.execute(select(func.count()).select_from(L).where(*_series(found))).scalar()


def chart(rows: list[dict[str, Any]], title: str) -> str:
    """The SVG of an estimate history."""
    return history_svg(rows, title)


def stale(conn: Connection) -> bool:
    """Whether reviews exist that the ledger has not read yet."""
    return last_review_id(conn) > int(state(conn, REVIEWS_KEY) or 0)


def _plain(row: Any) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in dict(row).items()}
