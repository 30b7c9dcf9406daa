"""The stored ledger: refreshed after each ingest for what changed only, the same as a rebuild,
rebuilt when its rules change, left as it was when a refresh fails."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import text

from pipeline import migrations
from pipeline.database import make_engine
from pipeline.ledger import refresh
from pipeline.ledger.refresh import refresh_ledger
from pipeline.records import ArticleContent, Claims, Event, Extraction, Quantity, Source, Weapon
from pipeline.sources.files import SourceFile
from pipeline.store import Store

KOKSAN = Weapon("self-propelled artillery", "M1978 Koksan", "m1978-koksan", 170.0)
GUNS = Weapon("self-propelled artillery", "self-propelled guns", None, 170.0,
              "170mm self-propelled guns")
DRONES = Weapon("drone", "Shahed-136", "shahed-136")
FILLER = ("officials capital shipment border rail night crews weeks training guns front shells "
          "barrel ministry spokesman trains depot convoy winter spring radar battery brigade "
          "factory contract budget parliament minister envoy talks summit analysts photos video "
          "satellite port harbour airfield bridge river village town region province")


@pytest.fixture
def store(tmp_path):
    engine = make_engine(str(tmp_path / "l.db"))
    migrations.upgrade(engine)
    yield Store(engine)
    engine.dispose()


def _transfer(sentence: str, weapon: Weapon, count: int | None = None, source: str = "NIS",
              supplier: str = "North Korea", recipient: str = "Russia") -> Event:
    quantity = Quantity(count, str(count)) if count is not None else None
    return Event(type="arms_transfer", sentence=sentence, start=0, end=len(sentence),
                 supplier=supplier, recipient=recipient, weapon=weapon, quantity=quantity,
                 source=Source(source), stage="delivered")


def _save(store: Store, name: str, body: str, published: dt.date, site: str,
          *events: Event) -> None:
    run = store.start_run("test", "0", "r1")
    content = ArticleContent(text=body, kind="text", encoding="utf-8", title=name,
                             published=published, site=site, url=f"https://{site}/{name}")
    store.save(run, SourceFile(f"/c/{name}", len(body), 1), f"{name:0>64}", "r1",
               Extraction(content, Claims(events=events)))


def _body(seed: str) -> str:
    """Sixty words of filler, the same for the same seed: texts of other seeds are no copies."""
    return " ".join(random.Random(seed).choices(FILLER.split(), k=60)) + "."


def _report(store: Store, name: str, day: int, site: str, *events: Event,
            extra: str = "", body: str | None = None) -> None:
    text_ = f"{events[0].sentence} {_body(body or name)} {extra}"
    _save(store, name, text_, dt.date(2024, 11, day), site, *events)


def _ledger(store: Store) -> dict[str, list[tuple]]:
    tables = {"ledger_claims": "claim_id", "ledger_events": "event_key",
              "article_copies": "article_id"}
    with store.engine.connect() as conn:
        return {name: [tuple(r) for r in conn.execute(text(f"SELECT * FROM {name} ORDER BY "
                                                           f"{key}"))]
                for name, key in tables.items()}


def _claims(store: Store) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT item, events, articles, outlets, independent_outlets, sources "
            "FROM claims ORDER BY item"))]


def _three_reports(store: Store) -> None:
    _report(store, "a1", 16, "Daily A", _transfer("North Korea sent 50 Koksans.", KOKSAN, 50))
    _report(store, "a2", 20, "Daily B", _transfer("Pyongyang sent 170mm guns.", GUNS))
    _report(store, "a3", 21, "Daily C", _transfer("Iran sent 200 drones.", DRONES, 200,
                                                  supplier="Iran"))


def test_a_refresh_recomputes_only_the_groups_whose_events_changed(store):
    _three_reports(store)
    first = refresh_ledger(store.engine)
    assert (first.rebuilt, first.units, first.claims) == (True, 2, 2)
    assert _claims(store) == [("M1978 Koksan", 2, 2, 2, 2, 1), ("Shahed-136", 1, 1, 1, 1, 1)]
    drones_before = _ledger(store)["ledger_claims"]
    _report(store, "a4", 25, "Daily D", _transfer("Seoul said 60 Koksans went.", KOKSAN, 60,
                                                  source="Seoul"))
    second = refresh_ledger(store.engine)
    assert (second.rebuilt, second.units, second.events, second.claims) == (False, 1, 3, 1)
    assert _claims(store)[0] == ("M1978 Koksan", 3, 3, 3, 3, 2)
    untouched = [row for row in _ledger(store)["ledger_claims"] if row[5] == "Iran"]
    assert untouched == [row for row in drones_before if row[5] == "Iran"]
    assert refresh_ledger(store.engine).units == 0


def test_a_changed_or_removed_article_leaves_its_claims(store):
    _three_reports(store)
    refresh_ledger(store.engine)
    # the file of a3 now holds other content: the drone article goes, a new one comes
    run = store.start_run("test", "0", "r1")
    body = "Belarus sent 4 Koksans. " + _body("a3b")
    content = ArticleContent(text=body, kind="text", encoding="utf-8", title="a3b",
                             published=dt.date(2024, 11, 22), site="Daily C")
    store.save(run, SourceFile("/c/a3", 10, 2), "b" * 64, "r1", Extraction(content, Claims(
        events=(_transfer("Belarus sent 4 Koksans.", KOKSAN, 4, supplier="Belarus"),))))
    report = refresh_ledger(store.engine)
    assert report.units == 2  # the drones' group emptied, Belarus's filled
    assert [c[0] for c in _claims(store)] == ["M1978 Koksan", "M1978 Koksan"]


def test_incremental_refreshes_equal_a_rebuild(store):
    _three_reports(store)
    refresh_ledger(store.engine)
    _report(store, "a5", 26, "Daily E", _transfer("Kyiv said 55 Koksans went.", KOKSAN, 55,
                                                  source="Kyiv"))
    refresh_ledger(store.engine)
    incremental = _ledger(store)
    assert refresh_ledger(store.engine, rebuild=True).rebuilt
    assert _ledger(store) == incremental


def test_a_copy_arriving_later_counts_once_and_its_original_names_the_group(store):
    wire = _transfer("North Korea sent 50 Koksans.", KOKSAN, 50)
    _report(store, "copy", 18, "Harbour Post", wire, extra="Supplied by a wire service.",
            body="wire")
    refresh_ledger(store.engine)
    assert _claims(store) == [("M1978 Koksan", 1, 1, 1, 1, 1)]
    _report(store, "wire", 17, "Baltic Wire", wire)
    refresh_ledger(store.engine)
    assert _claims(store) == [("M1978 Koksan", 2, 2, 2, 1, 1)]
    with store.engine.connect() as conn:
        groups = set(conn.execute(text("SELECT DISTINCT copy_group FROM article_copies")))
    assert groups == {("wire".rjust(64, "0"),)}


def test_a_failed_refresh_leaves_the_previous_ledger(store, monkeypatch):
    _three_reports(store)
    refresh_ledger(store.engine)
    before = _ledger(store)
    _report(store, "a4", 25, "Daily D", _transfer("Seoul said 60 Koksans went.", KOKSAN, 60))

    def crash(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(refresh, "compute_unit", crash)
    with pytest.raises(RuntimeError):
        refresh_ledger(store.engine)
    assert _ledger(store) == before
    monkeypatch.undo()
    assert refresh_ledger(store.engine).units == 1
    assert _claims(store)[0][1] == 3


def test_a_change_of_the_rules_rebuilds(store):
    _three_reports(store)
    refresh_ledger(store.engine)
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE ledger_state SET value = 'older rules'"))
    report = refresh_ledger(store.engine)
    assert report.rebuilt and report.claims == 2


def test_an_event_edited_in_place_moves_to_its_new_claim(store):
    _three_reports(store)
    refresh_ledger(store.engine)
    with store.engine.begin() as conn:  # as an analyst's correction would: Koksan -> drone
        event_id = conn.execute(text("SELECT id FROM events WHERE weapon_system_id = "
                                     "'m1978-koksan' ORDER BY id LIMIT 1")).scalar_one()
        conn.execute(text("UPDATE events SET weapon_system_id = 'shahed-136', weapon_name = "
                          "'Shahed-136', weapon_category = 'drone', calibre_mm = NULL, "
                          "supplier = 'Iran' WHERE id = :id"), {"id": event_id})
    assert refresh_ledger(store.engine).units == 0  # nothing says so but the caller
    report = refresh_ledger(store.engine, edited=[event_id])
    assert report.units == 2
    assert _claims(store) == [("170mm self-propelled artillery", 1, 1, 1, 1, 1),
                              ("Shahed-136", 2, 2, 2, 2, 1)]  # the guns lost their system
    assert _ledger(store) == (refresh_ledger(store.engine, rebuild=True) and _ledger(store))
