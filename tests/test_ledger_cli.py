"""salvo claims, salvo history, salvo ledger: formats, filters, --plot, exit codes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from pathlib import Path

import pytest
from conftest import copy_database
from typer.testing import CliRunner

from pipeline import migrations
from pipeline.cli import app
from pipeline.database import make_engine
from pipeline.records import ArticleContent, Claims, Event, Extraction, Quantity, Source
from pipeline.sources.files import SourceFile
from pipeline.store import Store

runner = CliRunner()
CLAIM_KEYS = {"claim_id", "type", "supplier", "recipient", "item", "category", "calibre_mm",
              "stage", "articles", "outlets", "independent_outlets", "sources", "quantity_low",
              "quantity_high", "first_reported", "last_reported"}
HISTORY_KEYS = {"item", "value", "approximate", "basis", "as_of", "reported_on", "source",
                "site", "article_id", "flags"}


def _troops(sentence: str, count: int, source: str) -> Event:
    return Event(type="troop_deployment", sentence=sentence, start=0, end=len(sentence),
                 supplier="North Korea", recipient="Russia", stage="delivered",
                 quantity=Quantity(count, f"about {count:,}", approximate=True),
                 source=Source(source))


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli") / "c.db")
    engine = make_engine(path)
    migrations.upgrade(engine)
    store = Store(engine)
    run = store.start_run("test", "0", "r1")
    for i, (count, source, day) in enumerate([(10000, "U.S.", 8), (10900, "NIS", 20)]):
        sentence = f"{source} said about {count:,} soldiers were sent."
        content = ArticleContent(text=sentence, kind="text", encoding="utf-8", title=f"t{i}",
                                 published=dt.date(2024, 11, day), site=f"Site {i}")
        store.save(run, SourceFile(f"/c/{i}", 1, 1), f"{i:064d}", "r1",
                   Extraction(content, Claims(events=(_troops(sentence, count, source),))))
    assert runner.invoke(app, ["ledger", "--db", path]).exit_code == 0
    engine.dispose()
    return path


def test_claims_json_has_the_documented_keys(db):
    result = runner.invoke(app, ["claims", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    (claim,) = json.loads(result.stdout)
    assert set(claim) >= CLAIM_KEYS
    assert (claim["item"], claim["articles"], claim["quantity_low"], claim["quantity_high"]) \
        == ("troops", 2, 10000, 10900)


@pytest.mark.parametrize(("args", "count"), [
    (["--supplier", "north korea"], 1), (["--recipient", "Ukraine"], 0),
    (["--item", "TROOP"], 1), (["--item", "koksan"], 0)],
    ids=["supplier-any-case", "other-recipient", "item-part", "other-item"])
def test_claims_filters(db, args, count):
    result = runner.invoke(app, ["claims", "--db", db, "--format", "json", *args])
    assert len(json.loads(result.stdout)) == count


def test_history_json_csv_and_table(db):
    base = ["history", "--db", db, "--supplier", "North Korea", "--recipient", "Russia"]
    rows = json.loads(runner.invoke(app, [*base, "--format", "json"]).stdout)
    assert set(rows[0]) >= HISTORY_KEYS
    assert [(r["value"], r["flags"], r["approximate"]) for r in rows] \
        == [(10000, ["conflict"], True), (10900, ["revision", "conflict"], True)]
    lines = list(csv.DictReader(io.StringIO(runner.invoke(app, [*base, "--format", "csv"])
                                            .stdout)))
    assert lines[1]["flags"] == "revision,conflict"
    table = runner.invoke(app, [*base, "--format", "table"])
    assert table.exit_code == 0 and "10900" in table.stdout


def test_history_plots_svg_and_png(db, tmp_path):
    base = ["history", "--db", db, "--supplier", "North Korea", "--recipient", "Russia"]
    for name, start in (("h.svg", b"<?xml"), ("h.PNG", b"\x89PNG")):
        result = runner.invoke(app, [*base, "--plot", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).read_bytes().startswith(start)


@pytest.mark.parametrize(("args", "code"), [
    (["history", "--recipient", "Russia"], 2),
    (["history", "--supplier", "X", "--recipient", "Y", "--plot", "chart.gif"], 2),
    (["history", "--supplier", "X", "--recipient", "Y", "--plot", "/no/such/dir/c.svg"], 2),
    (["claims", "--format", "xml"], 2)],
    ids=["no-supplier", "plot-suffix", "plot-unwritable", "bad-format"])
def test_usage_errors(db, args, code):
    result = runner.invoke(app, [*args, "--db", db])
    assert result.exit_code == code


def test_a_file_that_is_no_database_is_fatal(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"not a database at all" * 100)
    assert runner.invoke(app, ["claims", "--db", str(bad)]).exit_code == 3


def test_a_ledger_behind_its_events_says_so(db, tmp_path):
    copy = tmp_path / "behind.db"
    copy_database(Path(db), copy)
    with sqlite3.connect(copy) as conn:
        conn.execute("DELETE FROM ledger_events")
    result = runner.invoke(app, ["claims", "--db", str(copy)])
    assert result.exit_code == 0
    assert "run salvo ledger" in result.stderr
