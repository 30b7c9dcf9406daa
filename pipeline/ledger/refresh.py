"""Bringing the stored ledger up to date, in one transaction.

The units to recompute are those of events the ledger has not read yet, of ledger rows whose
event is gone (its article changed or left), and of articles whose copy group was renamed;
every other unit keeps its rows untouched. A change of the ledger's rules (`ledger.yaml`, or
the code version) rebuilds everything. A failure rolls the whole refresh back, leaving the
previous ledger as it was; the next refresh finds the same work again.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, insert, select

from models import Article, ArticleCopy, Event, LedgerClaim, LedgerEvent, LedgerState
from pipeline.ledger.copy_store import update_copies
from pipeline.ledger.grouping import group_claims
from pipeline.ledger.inputs import EVENT_ID, EventInput, event_input, event_query, outlet_of
from pipeline.ledger.items import resolve_items, unit_of
from pipeline.ledger.reading import Reading, read_event
from pipeline.ledger.rules import Rules, rules
from pipeline.ledger.series import flag_series, order_series
from pipeline.ledger.summary import summarize
from pipeline.reviews.trail import last_review_id, reviewed_since

RULES_KEY = "rules_version"
REVIEWS_KEY = "reviews_read"  # the last review the ledger has read
_CHUNK = 500


@dataclass(frozen=True)
class RefreshReport:
    units: int  # units recomputed
    events: int  # ledger rows written
    claims: int  # claims written
    rebuilt: bool
    seconds: float
    copies_seconds: float = 0.0  # of which finding near-copies of new articles


def refresh_ledger(engine: Engine, rebuild: bool = False, edited: Iterable[int] = ()
                   ) -> RefreshReport:
    """Recompute the units whose events changed (everything when `rebuild`, or when the
    ledger's rules changed), in one transaction. `edited`: ids of events whose values were
    changed in place (an analyst's correction read through `inputs.event_query`); their old
    and new units are recomputed too."""
    with engine.begin() as conn:
        return refresh_in(conn, rebuild, edited)


def refresh_in(conn: Connection, rebuild: bool = False, edited: Iterable[int] = ()
               ) -> RefreshReport:
    """`refresh_ledger` within the caller's transaction."""
    started = time.perf_counter()
    ruleset = rules()
    rebuild = rebuild or _stored_version(conn) != ruleset.version
    renamed = update_copies(conn, ruleset, rebuild)
    copies_seconds = time.perf_counter() - started
    if rebuild:
        conn.execute(delete(LedgerEvent))
        conn.execute(delete(LedgerClaim))
        events = [event_input(row) for row in conn.execute(event_query())]
        units = {unit_of(e, ruleset) for e in events}
    else:
        events, units = _changed(conn, ruleset, renamed, sorted(set(edited)))
        _delete_units(conn, units)
    by_unit: dict[str, list[EventInput]] = defaultdict(list)
    for event in events:
        by_unit[unit_of(event, ruleset)].append(event)
    independent = _independent_outlets(conn, None if rebuild else {e.article_id for e in events})
    rows, claims = [], []
    for unit in sorted(by_unit):
        unit_rows, unit_claims = compute_unit(unit, by_unit[unit], independent, ruleset)
        rows += unit_rows
        claims += unit_claims
    _insert(conn, LedgerEvent, rows)
    _insert(conn, LedgerClaim, claims)
    if rebuild:
        _set_version(conn, ruleset.version)
    _set_state(conn, REVIEWS_KEY, str(last_review_id(conn)))
    return RefreshReport(len(units), len(rows), len(claims), rebuild,
                         time.perf_counter() - started, copies_seconds)


def compute_unit(unit: str, events: Sequence[EventInput], independent: dict[int, str],
                 ruleset: Rules) -> tuple[list[dict], list[dict]]:
    """The `ledger_events` and `ledger_claims` rows of one unit's events."""
    items = resolve_items(events, ruleset)
    readings = [read_event(e, items[e.event_id], ruleset) for e in events]
    claims = group_claims(readings, ruleset)
    claim_of = {r.event.event_id: cid for cid, members in claims.items() for r in members}
    rows = []
    for ordered in order_series(readings).values():
        flags = flag_series(ordered, ruleset)
        rows += [_event_row(r, unit, claim_of[r.event.event_id], position,
                            flags[r.event.event_id]) for position, r in enumerate(ordered)]
    summaries = [summarize(cid, unit, members, independent, ruleset)
                 for cid, members in claims.items()]
    return rows, summaries


def _event_row(reading: Reading, unit: str, claim_id: str, position: int, flags: list[str]
               ) -> dict:
    event = reading.event
    return {
        "event_id": event.event_id, "article_id": event.article_id,
        "event_key": event.event_key, "unit": unit, "claim_id": claim_id, "type": event.type,
        "supplier": event.supplier, "recipient": event.recipient,
        "item_key": reading.item.key, "item": reading.item.label, "phase": reading.phase,
        "stage": event.stage, "step": reading.step, "basis": reading.basis,
        "value": reading.value, "value_low": reading.value_low,
        "value_high": reading.value_high, "approximate": event.quantity_approximate,
        "as_of": reading.as_of, "reported_on": reading.reported_on, "source": event.source,
        "outlet": event.outlet, "certainty": event.certainty, "position": position,
        "flags": json.dumps(flags)}


def _changed(conn: Connection, ruleset: Rules, renamed: set[int], edited: list[int]
             ) -> tuple[list[EventInput], set[str]]:
    """The events of every unit that changed (new events, events gone, events reviewed since
    the last refresh: a rejected one leaves its unit, a corrected one may change unit), and
    those units."""
    units: set[str] = set()
    unread = EVENT_ID.not_in(select(LedgerEvent.event_id))
    reviewed = reviewed_since(conn, int(state(conn, REVIEWS_KEY) or 0))
    new = [event_input(row) for row in conn.execute(event_query().where(unread))]
    for chunk in _chunks(sorted(reviewed)):  # their corrected values may move them elsewhere
        new += [event_input(row) for row in conn.execute(event_query().where(
            EVENT_ID.in_(chunk), EVENT_ID.in_(select(LedgerEvent.event_id))))]
        units.update(conn.scalars(select(LedgerEvent.unit).distinct()
                                  .where(LedgerEvent.event_id.in_(chunk))))
    units.update(unit_of(e, ruleset) for e in new)
    gone = LedgerEvent.event_id.not_in(select(Event.id))
    units.update(conn.scalars(select(LedgerEvent.unit).where(gone).distinct()))
    for chunk in _chunks(sorted(renamed)):
        units.update(conn.scalars(select(LedgerEvent.unit).distinct()
                                  .where(LedgerEvent.article_id.in_(chunk))))
    for chunk in _chunks(edited):
        units.update(conn.scalars(select(LedgerEvent.unit).distinct()
                                  .where(LedgerEvent.event_id.in_(chunk))))
        units.update(unit_of(event_input(row), ruleset)
                     for row in conn.execute(event_query().where(EVENT_ID.in_(chunk))))
    known = []
    for chunk in _chunks(sorted(units)):
        ids = select(LedgerEvent.event_id).where(LedgerEvent.unit.in_(chunk))
        known += [event_input(row) for row in conn.execute(event_query()
                                                           .where(EVENT_ID.in_(ids)))]
    unique = {e.event_id: e for e in known + new}
    return list(unique.values()), units


def _delete_units(conn: Connection, units: Iterable[str]) -> None:
    for chunk in _chunks(sorted(units)):
        conn.execute(delete(LedgerEvent).where(LedgerEvent.unit.in_(chunk)))
        conn.execute(delete(LedgerClaim).where(LedgerClaim.unit.in_(chunk)))


def _independent_outlets(conn: Connection, articles: set[int] | None) -> dict[int, str]:
    """Article id -> the outlet its text counts for: that of its copy group's original; for
    the `articles` given, or all."""
    original = Article.__table__.alias("original")
    query = (select(ArticleCopy.article_id, original.c.site, original.c.url,
                    ArticleCopy.copy_group)
             .outerjoin(original, original.c.content_hash == ArticleCopy.copy_group))
    rows = []
    if articles is None:
        rows = conn.execute(query).all()
    for chunk in _chunks(sorted(articles or ())):
        rows += conn.execute(query.where(ArticleCopy.article_id.in_(chunk))).all()
    return {article_id: outlet_of(site, url) or f"#{group[:12]}"
            for article_id, site, url, group in rows}


def _stored_version(conn: Connection) -> str | None:
    return state(conn, RULES_KEY)


def _set_version(conn: Connection, version: str) -> None:
    _set_state(conn, RULES_KEY, version)


def state(conn: Connection, key: str) -> str | None:
    """A value of `ledger_state`: the rules version, the last review read."""
    return conn.scalar(select(LedgerState.value).where(LedgerState.key == key))


def _set_state(conn: Connection, key: str, value: str) -> None:
    if state(conn, key) == value:
        return  # a refresh with nothing to do writes nothing
    conn.execute(delete(LedgerState).where(LedgerState.key == key))
    conn.execute(insert(LedgerState), {"key": key, "value": value})


def _insert(conn: Connection, model, rows: list[dict]) -> None:
    if rows:
        conn.execute(insert(model), rows)


def _chunks(items: Sequence) -> Iterable[Sequence]:
    for i in range(0, len(items), _CHUNK):
        yield items[i:i + _CHUNK]
