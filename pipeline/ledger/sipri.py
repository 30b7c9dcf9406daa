"""Claims of arms transfers in the layout of the SIPRI trade register, plus our columns.

One row a claim: supplier, recipient, designation (the system's name), description (category
and calibre), number ordered and year of order (from a commitment's reports at the stages
`ledger.yaml` counts as orders), number delivered and years of delivery (from a delivery's
reports), comments (every figure reported, with its source and date); then the claim id, stage,
sources, first and last report and the articles' URLs. A field the reports do not state stays
empty; a hedged figure is written in brackets, "(50)", as the register marks its estimates.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable
from typing import IO, Any

from sqlalchemy import Connection, Engine, select

from pipeline.export import spreadsheet_safe
from pipeline.ledger import queries
from pipeline.ledger.rules import COMMITMENT, rules

COLUMNS = ("supplier", "recipient", "designation", "description", "number_ordered",
           "year_of_order", "number_delivered", "years_of_delivery", "comments", "claim_id",
           "stage", "sources", "first_reported", "last_reported", "article_urls")
ORDERED_STEPS = frozenset({"pledged", "approved", "ordered"})


def sipri_rows(conn: Connection) -> list[dict[str, Any]]:
    """One row a claim of an arms transfer: by supplier, recipient and item, commitments before
    deliveries, the earliest reported first."""
    figures = _by_claim(conn.execute(select(queries.HISTORY).order_by(
        queries.HISTORY.c.claim_id, queries.HISTORY.c.position)).mappings())
    urls = _urls(conn)
    claims = [c for c in queries.claims(conn) if c["type"] == "arms_transfer"]
    claims.sort(key=lambda c: (c["supplier"] or "", c["recipient"] or "", c["item"],
                               c["phase"] != COMMITMENT, c["first_reported"] or "9999",
                               c["claim_id"]))
    return [_row(c, figures.get(c["claim_id"], []), urls.get(c["claim_id"], []))
            for c in claims]


def write_sipri(engine: Engine, out: IO[str]) -> int:
    """Write the rows as CSV, text a spreadsheet would run as a formula defused; how many."""
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    with engine.connect() as conn:
        rows = sipri_rows(conn)
    for row in rows:
        writer.writerow({k: spreadsheet_safe(v) for k, v in row.items()})
    return len(rows)


def _row(claim: dict[str, Any], figures: list[dict[str, Any]], urls: list[str]
         ) -> dict[str, Any]:
    step = rules().step
    if claim["phase"] == COMMITMENT:
        counted = [f for f in figures if step.get(f["stage"] or "") in ORDERED_STEPS]
        ordered, delivered = _latest(counted), None
        order_year, delivery_years = _first_year(counted), ""
    else:
        ordered, delivered = None, _latest(figures)
        order_year, delivery_years = "", _years(figures)
    return {
        "supplier": claim["supplier"], "recipient": claim["recipient"],
        "designation": claim["item"] if claim["weapon_system_id"] else "",
        "description": _description(claim),
        "number_ordered": _number(ordered), "year_of_order": order_year,
        "number_delivered": _number(delivered), "years_of_delivery": delivery_years,
        "comments": _comments(claim, figures), "claim_id": claim["claim_id"],
        "stage": claim["stage"], "sources": claim["source_names"] or "",
        "first_reported": claim["first_reported"] or "",
        "last_reported": claim["last_reported"] or "", "article_urls": " ".join(urls)}


def _description(claim: dict[str, Any]) -> str:
    """Calibre and category ("170mm self-propelled artillery"); the noun for the items that
    are told apart by it ("weapons", "radars")."""
    if not (claim["weapon_system_id"] or claim["calibre_mm"]) \
            and claim["category"] in rules().noun_keyed:
        return claim["item"]
    calibre = f"{claim['calibre_mm']:g}mm " if claim["calibre_mm"] else ""
    return f"{calibre}{claim['category'] or ''}".strip()


def _latest(figures: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last figure in history order."""
    return figures[-1] if figures else None


def _number(figure: dict[str, Any] | None) -> str:
    if figure is None:
        return ""
    return f"({figure['value']})" if figure["approximate"] else str(figure["value"])


def _first_year(figures: list[dict[str, Any]]) -> str:
    years = sorted(str(f["as_of"])[:4] for f in figures if f["as_of"])
    return years[0] if years else ""


def _years(figures: list[dict[str, Any]]) -> str:
    years = sorted({str(f["as_of"])[:4] for f in figures if f["as_of"]})
    if not years:
        return ""
    return years[0] if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _comments(claim: dict[str, Any], figures: list[dict[str, Any]]) -> str:
    """The stage, whether the claim adds to earlier ones, and every figure reported (each
    wording, source and date once)."""
    parts = [f"{claim['stage'] or 'stage unknown'}"]
    if claim["basis"] == "additional":
        earlier = "commitments" if claim["phase"] == COMMITMENT else "deliveries"
        parts.append(f"in addition to earlier {earlier}")
    for f in figures:
        said = f["quantity_text"] or str(f["value"])
        where = ", ".join(str(x) for x in (f["source"], f["as_of"]) if x)
        part = f"{said} ({where})" if where else said
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)


def _by_claim(rows: Iterable[Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        plain = dict(row)
        plain["approximate"] = bool(plain["approximate"])
        found[plain["claim_id"]].append(plain)
    return found


def _urls(conn: Connection) -> dict[str, list[str]]:
    """Claim id -> its articles' URLs, in report order, each once."""
    c = queries.CLAIM_EVENTS.c
    query = (select(c.claim_id, c.url).where(c.url.is_not(None))
             .order_by(c.claim_id, c.reported_on.is_(None), c.reported_on, c.url))
    found: dict[str, list[str]] = defaultdict(list)
    for claim_id, url in conn.execute(query):
        if url not in found[claim_id]:
            found[claim_id].append(url)
    return found
