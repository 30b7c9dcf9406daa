"""The claim ledger end to end on fixtures/ledger-story/: seven invented articles by six outlets
over ten months on Swedish Archer howitzers for Ukraine (a pledge of 18, deliveries reported as
8, 12, 18 in all and about 20, a further six, another 12 pledged; one article is a wire story
carried again by a second site). Claims, history and SIPRI rows are checked exactly, and the
same ledger comes out of an ingest in another order, in two runs."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import ROOT, salvo
from typer.testing import CliRunner

from pipeline.cli import app

STORY = ROOT / "fixtures" / "ledger-story"
ARCHER = "Archer artillery system"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def story_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("story") / "story.db"
    result = salvo("ingest", str(STORY), "--db", str(db), "--workers", "1")
    assert result.returncode == 0, result.stderr
    return db


def _json(*args: str) -> list[dict]:
    """A reading command run in this process (ingest runs as a subprocess, as a user would)."""
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _claims(db: Path) -> list[dict]:
    return _json("claims", "--db", str(db), "--supplier", "Sweden", "--recipient", "Ukraine")


# (phase, basis, stage, events, articles, outlets, independent outlets, sources, first source,
#  low, high, latest, first reported, last reported)
ARCHER_CLAIMS = {
    ("commitment", "total", "pledged", 1, 1, 1, 1, 1, "Karin Almqvist", 18, 18, 18,
     "2025-02-03", "2025-02-03"),
    ("delivery", "total", "delivered", 5, 5, 5, 4, 4, "Sweden's defence materiel administration",
     8, 20, 20, "2025-04-10", "2025-10-02"),
    ("delivery", "additional", "delivered", 1, 1, 1, 1, 1, "Sweden's defence ministry", 6, 6, 6,
     "2025-07-14", "2025-07-14"),
    ("commitment", "additional", "pledged", 1, 1, 1, 1, 1, "Karin Almqvist", 12, 12, 12,
     "2025-11-20", "2025-11-20"),
}
FIELDS = ("phase", "basis", "stage", "events", "articles", "outlets", "independent_outlets",
          "sources", "first_source", "quantity_low", "quantity_high", "quantity_latest",
          "first_reported", "last_reported")


def test_the_archer_reports_make_four_claims(story_db):
    archer = [c for c in _claims(story_db) if c["item"] == ARCHER]
    assert {tuple(c[f] for f in FIELDS) for c in archer} == ARCHER_CLAIMS
    deliveries = next(c for c in archer if c["phase"] == "delivery" and c["basis"] == "total")
    assert deliveries["source_names"] == ("Dmytro Savchuk; Sweden's defence materiel "
                                          "administration; Sweden's defence ministry; "
                                          "unnamed analyst")
    assert deliveries["outlet_names"] == ("Baltic Wire Service; Eastern Front Monitor; Harbour "
                                          "Post; Kyiv Morning Ledger; Scandinavian Times")
    assert {c["weapon_system_id"] for c in archer} == {"archer"}
    assert {c["calibre_mm"] for c in archer} == {155.0}
    for words in ("155mm", "155", "self-propelled", "ARCHER"):
        found = _json("claims", "--db", str(story_db), "--item", words)
        assert sorted(c["claim_id"] for c in found) == sorted(c["claim_id"] for c in archer)


def test_the_other_claims_of_the_story(story_db):
    others = {(c["item"], c["phase"], c["stage"]) for c in _claims(story_db)
              if c["item"] != ARCHER}
    assert others == {("CV90", "commitment", "announced"), ("artillery", "commitment", "announced"),
                      ("weapons", "delivery", "delivered")}


def test_the_archer_history_in_as_of_order(story_db):
    rows = _json("history", "--db", str(story_db), "--supplier", "Sweden", "--recipient",
                 "Ukraine", "--item", "archer")
    got = [(r["value"], r["approximate"], r["basis"], r["as_of"], r["reported_on"], r["source"],
            r["site"], r["stage"], r["flags"]) for r in rows]
    assert got == [
        (18, False, "unknown", "2025-02-03", "2025-02-03", "Karin Almqvist",
         "Nordic Defence Review", "pledged", []),
        (8, False, "total", "2025-04-10", "2025-04-10", "Sweden's defence materiel administration",
         "Baltic Wire Service", "delivered", ["conflict"]),
        (8, False, "total", "2025-04-10", "2025-04-11", "Sweden's defence materiel administration",
         "Harbour Post", "delivered", ["conflict"]),
        (12, False, "unknown", "2025-04-18", "2025-04-18", "Dmytro Savchuk",
         "Kyiv Morning Ledger", "delivered", ["revision", "conflict"]),
        (6, False, "additional", "2025-07-14", "2025-07-14", "Sweden's defence ministry",
         "Scandinavian Times", "delivered", ["increment"]),
        (18, False, "total", "2025-07-14", "2025-07-14", "Sweden's defence ministry",
         "Scandinavian Times", "delivered", ["revision"]),
        (20, True, "unknown", "2025-09-01", "2025-10-02", "unnamed analyst",
         "Eastern Front Monitor", "delivered", ["revision"]),
        (12, False, "additional", "2025-11-20", "2025-11-20", "Karin Almqvist",
         "Nordic Defence Review", "pledged", ["increment"]),
    ]
    assert {r["item"] for r in rows} == {ARCHER}
    assert all(r["article_id"] and r["url"].startswith("https://") for r in rows)


def test_a_claims_series_history_and_chart(story_db):
    from pipeline.database import make_engine
    from pipeline.ledger import chart, queries

    engine = make_engine(str(story_db), read_only=True)
    with engine.connect() as conn:
        pledge = next(c for c in queries.claims(conn, "Sweden", "Ukraine", "archer")
                      if c["phase"] == "commitment" and c["basis"] == "total")
        rows = queries.claim_history(conn, pledge["claim_id"])
        claim = queries.claim(conn, pledge["claim_id"])
    engine.dispose()
    assert [r["value"] for r in rows] == [18, 8, 8, 12, 6, 18, 20, 12]
    assert [r["sentence"] for r in claim["reports"]] == [
        "Sweden pledged 18 Archer self-propelled howitzers to Ukraine, Defence Minister Karin "
        "Almqvist said on Monday."]
    assert chart.history_svg(rows).count("<use ") >= len(rows)


def test_the_wire_story_and_its_copy_are_one_independent_outlet(story_db):
    rows = _json("sql", "SELECT site, copy_group FROM claim_events WHERE value = 8",
                 "--db", str(story_db))
    assert {r["site"] for r in rows} == {"Baltic Wire Service", "Harbour Post"}
    assert len({r["copy_group"] for r in rows}) == 1


SIPRI_ARCHER = [
    {"number_ordered": "18", "year_of_order": "2025", "number_delivered": "",
     "years_of_delivery": "", "stage": "pledged", "sources": "Karin Almqvist",
     "comments": "pledged; 18 (Karin Almqvist, 2025-02-03)",
     "first_reported": "2025-02-03", "last_reported": "2025-02-03",
     "article_urls": "https://nordicdefencereview.example/2025/02/03/sweden-pledges-archers"},
    {"number_ordered": "12", "year_of_order": "2025", "number_delivered": "",
     "years_of_delivery": "", "stage": "pledged", "sources": "Karin Almqvist",
     "comments": "pledged; in addition to earlier commitments; 12 (Karin Almqvist, 2025-11-20)",
     "first_reported": "2025-11-20", "last_reported": "2025-11-20",
     "article_urls": "https://nordicdefencereview.example/2025/11/20/second-batch"},
    {"number_ordered": "", "year_of_order": "", "number_delivered": "(20)",
     "years_of_delivery": "2025", "stage": "delivered",
     "sources": "Dmytro Savchuk; Sweden's defence materiel administration; "
                "Sweden's defence ministry; unnamed analyst",
     "comments": "delivered; eight (Sweden's defence materiel administration, 2025-04-10); "
                 "Twelve (Dmytro Savchuk, 2025-04-18); 18 (Sweden's defence ministry, "
                 "2025-07-14); about 20 (unnamed analyst, 2025-09-01)",
     "first_reported": "2025-04-10", "last_reported": "2025-10-02",
     "article_urls": "https://balticwire.example/news/2025-04-10-archer-deliveries "
                     "https://harbourpost.example/world/first-swedish-archer-guns "
                     "https://kyivledger.example/front/swedish-guns-south "
                     "https://scandinaviantimes.example/defence/archer-further-six "
                     "https://easternfrontmonitor.example/analysis/swedish-guns-count"},
    {"number_ordered": "", "year_of_order": "", "number_delivered": "6",
     "years_of_delivery": "2025", "stage": "delivered", "sources": "Sweden's defence ministry",
     "comments": "delivered; in addition to earlier deliveries; six (Sweden's defence ministry, "
                 "2025-07-14)",
     "first_reported": "2025-07-14", "last_reported": "2025-07-14",
     "article_urls": "https://scandinaviantimes.example/defence/archer-further-six"},
]


def test_sipri_rows(story_db, tmp_path):
    out = tmp_path / "sipri.csv"
    result = CliRunner().invoke(app, ["export", "--db", str(story_db), "--format", "sipri",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["supplier", "recipient", "designation", "description",
                             "number_ordered", "year_of_order", "number_delivered",
                             "years_of_delivery", "comments", "claim_id", "stage", "sources",
                             "first_reported", "last_reported", "article_urls"]
    archer = [r for r in rows if r["designation"] == ARCHER]
    assert all((r["supplier"], r["recipient"], r["description"])
               == ("Sweden", "Ukraine", "155mm self-propelled artillery") for r in archer)
    assert [{k: r[k] for k in SIPRI_ARCHER[0]} for r in archer] == SIPRI_ARCHER
    claim_ids = {c["claim_id"] for c in _claims(story_db)}
    assert {r["claim_id"] for r in rows} == claim_ids  # one row a claim, arms transfers only
    weapons = next(r for r in rows if r["description"] == "weapons")
    assert (weapons["number_ordered"], weapons["number_delivered"]) == ("", "")  # none stated


def _stable(claims: list[dict]) -> list[dict]:
    return sorted(claims, key=lambda c: c["claim_id"])


def test_another_ingest_order_in_two_runs_gives_the_same_ledger(story_db, tmp_path):
    """The later articles first, the wire story's original (and the pledge) in a second run:
    the second run's refresh is incremental and renames the copy group."""
    files = sorted(STORY.iterdir(), reverse=True)
    db = tmp_path / "reversed.db"
    for batch in (files[:5], files[5:]):
        result = salvo("ingest", *map(str, batch), "--db", str(db), "--workers", "1")
        assert result.returncode == 0, result.stderr
    assert _stable(_claims(db)) == _stable(_claims(story_db))
    history = ("history", "--supplier", "Sweden", "--recipient", "Ukraine")

    def without_ids(rows: list[dict]) -> list[dict]:
        return [{k: v for k, v in r.items() if k not in ("article_id", "event_id")}
                for r in rows]

    assert without_ids(_json(*history, "--db", str(db))) \
        == without_ids(_json(*history, "--db", str(story_db)))
