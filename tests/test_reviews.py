"""Reviews: the values a correction accepts, the stable event key, corrections that survive
re-extraction, orphans reported, and every reader (views, salvo sql, export) showing them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import FIXTURES, query, salvo

from pipeline import migrations
from pipeline.database import make_engine
from pipeline.reviews import values
from pipeline.reviews.keys import keys_of
from pipeline.reviews.writer import ReviewRequest, record, writer_engine


@pytest.mark.parametrize(("field", "typed", "stored", "also"), [
    ("supplier", "DPRK", "North Korea", ()),
    ("recipient", "  russian   federation ", "Russia", ()),
    ("supplier", "", None, ()),
    ("item", "koksans", "M1978 Koksan", (("system", "m1978-koksan"),
                                         ("category", "self-propelled artillery"))),
    ("item", "mortar tubes", "mortar tubes", (("system", None),)),
    ("quantity", "1,500", "1500", ()),
    ("quantity", "", None, ()),
    ("stage", "Delivered", "delivered", ()),
    ("stage", "", None, ()),
    ("certainty", "hedged", "hedged", ()),
    ("category", "drone", "drone", ()),
    ("source", "Ukraine's   defence intelligence", "Ukraine's defence intelligence", ()),
], ids=lambda v: str(v)[:20])
def test_corrections_are_stored_canonical(field, typed, stored, also):
    correction = values.parse(field, typed)
    assert (correction.value, correction.also) == (stored, also)


@pytest.mark.parametrize(("field", "typed", "says"), [
    ("weapon", "x", "unknown field"), ("supplier", "Narnia", "country list"),
    ("quantity", "12.5", "not a count"), ("quantity", "-3", "not a count"),
    ("quantity", "about 40", "not a count"), ("item", "", "reject the event"),
    ("certainty", "", "certainty is one of"), ("category", "spaceship", "category is one of"),
    ("source", "x" * 201, "at most 200"),
])
def test_bad_corrections_say_why(field, typed, says):
    with pytest.raises(values.BadValue, match=says):
        values.parse(field, typed)


def _event(id_: int, seq: int, start: int, weapon: str | None, count: str | None = None):
    return SimpleNamespace(id=id_, seq=seq, type="arms_transfer", start=start, end=start + 50,
                           weapon_text=weapon, quantity_text=count)


def test_event_keys_number_events_with_the_same_mention_in_a_sentence():
    keys = keys_of("h", [_event(7, 1, 0, "shells"), _event(5, 0, 0, "shells"),
                         _event(9, 2, 0, "rockets"), _event(11, 3, 80, "shells")])
    assert {i: (k.mention, k.mention_n) for i, k in keys.items()} == {
        5: ("arms_transfer:shells:", 0), 7: ("arms_transfer:shells:", 1),
        9: ("arms_transfer:rockets:", 0), 11: ("arms_transfer:shells:", 0)}


@pytest.mark.slow
def test_a_correction_survives_force_and_is_reported_when_its_event_is_gone(tmp_path: Path):
    corpus, db = tmp_path / "corpus", tmp_path / "r.db"
    corpus.mkdir()
    page = corpus / "caesar.html"
    shutil.copy(FIXTURES / "caesar-armenia.html", page)
    assert salvo("ingest", str(corpus), "--db", str(db), "--workers", "1").returncode == 0
    (caesar,) = query(db, "SELECT id FROM events WHERE weapon_name = 'CAESAR howitzer'")[0]
    engine = writer_engine(str(db))
    record(engine, ReviewRequest(caesar, "correct", "ana", "quantity", "20", "ministry said 20"))
    engine.dispose()

    assert salvo("ingest", str(corpus), "--db", str(db), "--force",
                 "--workers", "1").returncode == 0
    assert query(db, "SELECT extracted, events FROM runs ORDER BY id DESC LIMIT 1") == [(1, 4)]
    assert query(db, "SELECT quantity, reviewed, review FROM event_facts "
                     "WHERE weapon_name = 'CAESAR howitzer'") == [(20, 1, "corrected")]
    assert query(db, "SELECT quantity FROM events WHERE weapon_name = 'CAESAR howitzer'") == [
        (18,)]
    assert salvo("reviews", "--orphans", "--db", str(db)).returncode == 0

    page.write_bytes(page.read_bytes().replace(b"18 more Caesar", b"eighteen more Caesar"))
    changed = salvo("ingest", str(corpus), "--db", str(db), "--workers", "1")
    assert changed.returncode == 0
    assert "1 review no longer find" in changed.stderr and "--orphans" in changed.stderr
    orphans = salvo("reviews", "--orphans", "--db", str(db), "--format", "json")
    assert orphans.returncode == 1
    assert [(r["field"], r["new"]) for r in json.loads(orphans.stdout)] == [("quantity", "20")]
    assert query(db, "SELECT count(*) FROM reviews") == [(1,)]  # kept, not dropped



@pytest.mark.slow
def test_views_sql_and_export_show_reviewed_values_and_the_trail(web_db: Path):
    (koksan,) = query(web_db, "SELECT id FROM events WHERE weapon_name = 'M1978 Koksan'")[0]
    engine = writer_engine(str(web_db))
    record(engine, ReviewRequest(koksan, "correct", "ana", "supplier", "Russia", "relabelled"))
    record(engine, ReviewRequest(koksan, "correct", "ana", "quantity", "99"))
    engine.dispose()
    sql = salvo("sql", f"SELECT supplier, quantity, quantity_high, reviewed, review FROM "
                       f"event_facts WHERE event_id = {koksan}", "--db", str(web_db),
                "--format", "json")
    assert json.loads(sql.stdout) == [{"supplier": "Russia", "quantity": 99,
                                       "quantity_high": 99, "reviewed": 1,
                                       "review": "corrected"}]
    flows = query(web_db, "SELECT supplier, recipient FROM supplier_recipient_summary "
                          "WHERE supplier = 'Russia' AND recipient = 'Russia'")
    assert flows == [("Russia", "Russia")]
    exported = salvo("export", "--db", str(web_db))
    events = [e for line in exported.stdout.splitlines()
              for e in json.loads(line)["events"] if e["reviewed"]]
    assert [(e["supplier"], e["quantity"]["value"], e["review"]) for e in events] == [
        ("Russia", 99, "corrected")]
    assert [(r["field"], r["old_value"], r["new_value"], r["note"], r["reviewer"])
            for r in events[0]["reviews"]] == [("supplier", "North Korea", "Russia",
                                                 "relabelled", "ana"),
                                                ("quantity", None, "99", None, "ana")]
    csv_rows = salvo("export", "--db", str(web_db), "--format", "csv").stdout
    assert csv_rows.splitlines()[0].endswith(",reviewed,review,reviews")


@pytest.mark.slow
def test_migration_0007_goes_down_and_up_on_a_database_with_reviews(web_db: Path):
    (koksan,) = query(web_db, "SELECT id FROM events WHERE weapon_name = 'M1978 Koksan'")[0]
    engine = writer_engine(str(web_db))
    record(engine, ReviewRequest(koksan, "reject", "ana"))
    engine.dispose()
    events = query(web_db, "SELECT count(*) FROM event_facts")
    engine = make_engine(str(web_db))
    migrations.downgrade(engine, "0004")
    assert query(web_db, "SELECT count(*) FROM event_facts") == [(events[0][0] + 1,)]
    migrations.upgrade(engine)
    migrations.check(engine)
    engine.dispose()
    assert query(web_db, "SELECT count(*) FROM event_facts") == [(events[0][0] + 1,)]  # gone


@pytest.mark.slow
def test_source_views_leave_out_rejected_events_and_corrected_sources(web_db: Path):
    sourced = query(web_db, "SELECT id, source_id FROM events "
                            "WHERE source_id IS NOT NULL ORDER BY id")
    assert len(sourced) >= 2
    (rejected, source_id), (corrected, other_id) = sourced[:2]

    def counts(source: str) -> tuple[int, int]:
        (claims,) = query(web_db, "SELECT events FROM source_claims WHERE source_id = ?",
                          source)
        flows = query(web_db, "SELECT coalesce(sum(events), 0) FROM source_flows "
                              "WHERE source_id = ?", source)
        return claims[0], flows[0][0]

    before = {source: counts(source) for source in {source_id, other_id}}
    engine = writer_engine(str(web_db))
    record(engine, ReviewRequest(rejected, "reject", "ana"))
    record(engine, ReviewRequest(corrected, "correct", "ana", "source", "a reader's letter"))
    engine.dispose()
    after = {source: counts(source) for source in before}
    drops = {source: 0 for source in before}
    for source in (source_id, other_id):
        drops[source] += 1
    assert after == {source: (claims - drops[source], flows - drops[source])
                     for source, (claims, flows) in before.items()}
