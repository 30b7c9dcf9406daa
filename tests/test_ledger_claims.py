"""Claims and series from readings: grouping, ids, history order and flags, claim rows."""

from __future__ import annotations

import datetime as dt
import random

from ledger_factory import event, koksan, troops

from pipeline.ledger.grouping import group_claims
from pipeline.ledger.items import resolve_items
from pipeline.ledger.reading import read_event
from pipeline.ledger.rules import rules
from pipeline.ledger.series import flag_series, order_series
from pipeline.ledger.summary import summarize

RULES = rules()
DAY = dt.date(2025, 3, 1)


def _readings(*events):
    items = resolve_items(events, RULES)
    return [read_event(e, items[e.event_id], RULES) for e in events]


def _claims(*events) -> list[list[int]]:
    claims = group_claims(_readings(*events), RULES)
    return sorted([r.event.event_id for r in members] for members in claims.values())


def test_a_system_and_its_description_across_stages_of_delivery_are_one_claim():
    assert _claims(koksan(event_id=1, stage="delivered"),
                   event(event_id=2, calibre_mm=170.0, stage="delivering"),
                   koksan(event_id=3, stage=None)) == [[1, 2, 3]]


def test_a_commitment_is_not_a_delivery():
    assert _claims(koksan(event_id=1, stage="pledged"), koksan(event_id=2, stage="ordered"),
                   koksan(event_id=3, stage="delivered")) == [[1, 2], [3]]


def test_moving_estimates_are_one_claim_and_an_increment_is_another():
    assert _claims(
        troops(event_id=1, quantity=10000, quantity_text="10,000", sentence="10,000 troops"),
        troops(event_id=2, quantity=10900, quantity_text="10,900", sentence="10,900 troops"),
        troops(event_id=3, quantity=3000, quantity_text="3,000",
               sentence="Another 3,000 troops arrived."),
        troops(event_id=4, quantity=3100, quantity_text="3,100", published=dt.date(2024, 12, 1),
               sentence="A further 3,100 troops arrived."),
        troops(event_id=5, quantity=3000, quantity_text="3,000", published=dt.date(2025, 9, 1),
               sentence="Another 3,000 troops arrived.")) == [[1, 2], [3, 4], [5]]


def test_claim_ids_do_not_depend_on_the_order_or_the_event_ids():
    def reports(offset: int):
        return [koksan(event_id=offset + 1, quantity=50),
                event(event_id=offset + 2, calibre_mm=170.0, quantity=60,
                      published=DAY, quantity_text="a further 60", sentence="a further 60 guns"),
                troops(event_id=offset + 3, quantity=11000)]

    first = group_claims(_readings(*reports(0)), RULES)
    shuffled = reports(100)
    random.Random(7).shuffle(shuffled)
    second = group_claims(_readings(*shuffled), RULES)
    assert sorted(first) == sorted(second)
    assert all(len(claim_id) == 16 for claim_id in first)


def _flags(*events) -> list[tuple[int, list[str]]]:
    readings = _readings(*events)
    (ordered,) = order_series(readings).values()
    flags = flag_series(ordered, RULES)
    return [(r.value, flags[r.event.event_id]) for r in ordered]


def test_history_order_puts_undated_reports_first_then_as_of_then_publication():
    got = _flags(
        troops(event_id=1, quantity=10900, published=dt.date(2024, 11, 20)),
        troops(event_id=2, quantity=11000, event_date=dt.date(2024, 11, 1), published=None),
        troops(event_id=3, quantity=10000, published=None),
        troops(event_id=4, quantity=12000, published=dt.date(2025, 1, 10)))
    assert [value for value, _ in got] == [10000, 11000, 10900, 12000]


def test_flags_revision_conflict_and_increment():
    got = _flags(
        koksan(event_id=1, quantity=50, source="Financial Times", published=dt.date(2024, 11, 16)),
        koksan(event_id=2, quantity=50, source="NIS", published=dt.date(2024, 11, 20)),
        koksan(event_id=3, quantity=60, source="Ukrainian intelligence",
               published=dt.date(2024, 11, 25)),
        koksan(event_id=4, quantity=20, quantity_text="20", sentence="a further 20 guns",
               source="NIS", published=dt.date(2024, 12, 1)),
        koksan(event_id=5, quantity=60, source="Ukrainian intelligence",
               published=dt.date(2025, 2, 1)),
        koksan(event_id=6, quantity=100, stage="pledged", source="KCNA",
               published=dt.date(2025, 2, 2)))
    assert got == [(50, ["conflict"]), (50, ["conflict"]), (60, ["revision", "conflict"]),
                   (20, ["increment"]), (60, []), (100, [])]


def test_one_source_repeating_itself_or_undated_reports_are_no_conflict():
    got = _flags(troops(event_id=1, quantity=10000, source="U.S.", published=DAY),
                 troops(event_id=2, quantity=12000, source="u.s.", published=DAY),
                 troops(event_id=3, quantity=11000, source="NIS", published=None))
    assert got == [(11000, []), (10000, ["revision"]), (12000, ["revision"])]


def test_a_claim_row_counts_articles_outlets_copies_and_sources():
    readings = _readings(
        koksan(event_id=1, article_id=1, quantity=50, quantity_approximate=True,
               source="Financial Times", site="Daily A", published=dt.date(2024, 11, 16)),
        koksan(event_id=2, article_id=2, quantity=50, source="financial times", site="Daily B",
               published=dt.date(2024, 11, 17)),
        event(event_id=3, article_id=3, calibre_mm=170.0, source="NIS", site="Daily C",
              certainty="hedged", published=dt.date(2024, 11, 20)),
        koksan(event_id=4, article_id=3, quantity=60, quantity_upper=70, quantity_low=60,
               source=None, site="Daily C", published=dt.date(2024, 11, 20)))
    (claim_id, members), = group_claims(readings, RULES).items()
    row = summarize(claim_id, "unit", members, {1: "Daily A", 2: "Daily A", 3: "Daily C"}, RULES)
    assert {k: row[k] for k in ("events", "articles", "outlets", "independent_outlets",
                                "sources", "source_names", "outlet_names", "first_source",
                                "quantity_low", "quantity_high", "quantity_latest",
                                "first_reported", "last_reported", "asserted", "hedged",
                                "stage", "item", "calibre_mm")} == {
        "events": 4, "articles": 3, "outlets": 3, "independent_outlets": 2, "sources": 2,
        "source_names": "Financial Times; NIS", "outlet_names": "Daily A; Daily B; Daily C",
        "first_source": "Financial Times", "quantity_low": 50, "quantity_high": 70,
        "quantity_latest": 60, "first_reported": dt.date(2024, 11, 16),
        "last_reported": dt.date(2024, 11, 20), "asserted": 3, "hedged": 1,
        "stage": "delivered", "item": "M1978 Koksan", "calibre_mm": 170.0}
