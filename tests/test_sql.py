"""`salvo sql`: read-only by construction, exact CSV and JSON, a table readable in a terminal."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import time
from pathlib import Path

import pytest
import typer
from conftest import salvo
from rich.console import Console
from typer.testing import CliRunner

from pipeline import migrations
from pipeline.cli_sql import sql
from pipeline.database import make_engine
from pipeline.records import ArticleContent, Claims, Event, Extraction, Quantity, Source, Weapon
from pipeline.sources.files import SourceFile
from pipeline.sql import (
    TABLE_ROWS,
    QueryError,
    QueryRefused,
    QueryResult,
    print_table,
    run_query,
    write_csv,
    write_json,
)
from pipeline.store import Store

SENTENCE = "North Korea sent [bold]50[/bold] Koksan guns to Russia,\nthe agency said. " * 3
TABLES = ("runs", "articles", "article_paths", "events", "attributions", "document_errors",
          "alembic_version")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """A salvo database with one article and two events, built through the store."""
    path = tmp_path_factory.mktemp("sql") / "s.db"
    engine = make_engine(str(path))
    migrations.upgrade(engine)
    store = Store(engine)
    run = store.start_run("test", "0", "r1")
    content = ArticleContent(text=SENTENCE, kind="text", encoding="utf-8", title="Guns",
                             published=dt.date(2024, 11, 1), site="Harbour Daily")
    events = (
        Event(type="arms_transfer", sentence=SENTENCE, start=0, end=len(SENTENCE),
              supplier="North Korea", recipient="Russia", quantity=Quantity(50, "50"),
              weapon=Weapon("self-propelled artillery", "M1978 Koksan", "koksan", 170.0),
              source=Source("National Intelligence Service", ("Kim Do-hyun",), "said")),
        Event(type="troop_deployment", sentence="Soldiers went.", start=0, end=14,
              supplier="North Korea", recipient=None),
    )
    store.save(run, SourceFile("/a/guns.txt", 10, 1), "h1", "r1",
               Extraction(content, Claims(events=events)))
    store.finish_run(run, status="ok", exit_code=0, counts={"events": 2})
    engine.dispose()
    return path


@pytest.fixture
def reader(db):
    engine = make_engine(str(db), read_only=True)
    yield engine
    engine.dispose()


def _rows(engine, statement: str) -> tuple[list[str], list[tuple]]:
    with run_query(engine, statement) as result:
        return result.columns, list(result.rows)


def _snapshot(db: Path, reader) -> tuple:
    """Row counts of every table, the bytes of the file, the files beside it."""
    counts = tuple(_rows(reader, f"SELECT count(*) FROM {table}")[1][0][0] for table in TABLES)
    files = sorted(p.name for p in db.parent.iterdir() if not p.name.endswith(("-wal", "-shm")))
    return counts, hashlib.sha256(db.read_bytes()).hexdigest(), files


WRITES = {
    "insert": "INSERT INTO runs (started_at, status, command, salvo_version, ruleset_version, "
              "files_seen, extracted, unchanged, duplicates, failed, events) "
              "VALUES ('2024-01-01', 'ok', 'x', '0', 'r', 0, 0, 0, 0, 0, 0)",
    "update": "UPDATE runs SET status = 'tampered'",
    "delete": "DELETE FROM runs",
    "replace": "REPLACE INTO article_paths SELECT * FROM article_paths",
    "cte-delete": "WITH r AS (SELECT id FROM runs) DELETE FROM runs WHERE id IN r",
    "drop-table": "DROP TABLE runs",
    "drop-view": "DROP VIEW event_facts",
    "drop-trigger": "DROP TRIGGER article_search_insert",
    "create-table": "CREATE TABLE notes (a)",
    "create-temp-table": "CREATE TEMP TABLE notes (a)",
    "create-index": "CREATE INDEX ix_notes ON runs (status)",
    "alter": "ALTER TABLE runs ADD COLUMN note TEXT",
    "attach": "ATTACH '{dir}/other.db' AS other",
    "vacuum-into": "VACUUM INTO '{dir}/copy.db'",
    "vacuum": "VACUUM",
    "pragma-set": "PRAGMA user_version = 7",
    "pragma-journal": "PRAGMA journal_mode = DELETE",
    "pragma-optimize": "PRAGMA optimize",
    "begin": "BEGIN IMMEDIATE",
    "savepoint": "SAVEPOINT s",
    "analyze": "ANALYZE",
    "reindex": "REINDEX",
    "fts-command": "INSERT INTO article_search (article_search) VALUES ('delete-all')",
    "load-extension": "SELECT load_extension('/tmp/evil')",
    "select-then-delete": "SELECT 1; DELETE FROM runs",
    "select-then-drop": "SELECT * FROM runs;DROP TABLE runs",
}


@pytest.mark.parametrize("statement", WRITES.values(), ids=WRITES.keys())
def test_writes_are_refused_and_change_nothing(db, reader, statement):
    before = _snapshot(db, reader)
    with pytest.raises(QueryRefused):
        _rows(reader, statement.format(dir=db.parent))
    assert _snapshot(db, reader) == before


@pytest.mark.parametrize("statement", ["UPDATE sqlite_master SET sql = ''",
                                       "DELETE FROM sqlite_master"], ids=["update", "delete"])
def test_the_schema_table_cannot_be_written(db, reader, statement):
    before = _snapshot(db, reader)
    with pytest.raises((QueryRefused, QueryError), match="may not be modified"):
        _rows(reader, statement)
    assert _snapshot(db, reader) == before


@pytest.mark.parametrize(("statement", "words"), [
    ("DELETE FROM runs", "would delete rows"),
    ("UPDATE runs SET status = 'x'", "would update rows"),
    ("DROP VIEW event_facts", "would drop a view"),
    ("CREATE TEMP TABLE t (a)", "would create a temp table"),
    ("ATTACH 'x.db' AS x", "would attach"),
    ("SELECT 1; DELETE FROM runs", "one statement at a time"),
], ids=["delete", "update", "drop", "create", "attach", "two-statements"])
def test_refusals_say_why(reader, statement, words):
    with pytest.raises(QueryRefused, match=words):
        _rows(reader, statement)


READS = {
    "select": ("SELECT count(*) FROM events", [(2,)]),
    "trailing-semicolon": ("SELECT count(*) FROM events;  ", [(2,)]),
    "with": ("WITH t AS (SELECT type FROM events) SELECT count(*) FROM t", [(2,)]),
    "recursive": ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) "
                  "SELECT count(*) FROM n", [(3,)]),
    "view": ("SELECT source FROM event_facts WHERE type = 'arms_transfer'",
             [("National Intelligence Service via Kim Do-hyun",)]),
    "article-search": ("SELECT rowid FROM article_search WHERE article_search MATCH 'koksan'",
                       [(1,)]),
    "evidence-search": ("SELECT count(*) FROM evidence_search WHERE evidence_search MATCH "
                        "'agency'", [(1,)]),
    "table-info": ("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'supplier'",
                   [(1,)]),
    "pragma-read": ("PRAGMA user_version", [(0,)]),
    "schema": ("SELECT count(*) FROM sqlite_master WHERE name = 'weapon_summary'", [(1,)]),
}


@pytest.mark.parametrize(("statement", "expected"), READS.values(), ids=READS.keys())
def test_reads_are_allowed(reader, statement, expected):
    assert _rows(reader, statement)[1] == expected


def test_explain_and_pragma_table_info_are_allowed(reader):
    assert _rows(reader, "EXPLAIN QUERY PLAN SELECT * FROM events WHERE supplier = 'x'")[1]
    columns, rows = _rows(reader, "PRAGMA table_info(events)")
    assert "name" in columns and len(rows) > 20


@pytest.mark.parametrize("statement", [
    "SELEC 1", "SELECT * FROM no_such_table", "SELECT nope FROM events",
    "SELECT * FROM article_search WHERE article_search MATCH 'AND AND'",
], ids=["syntax", "table", "column", "fts-syntax"])
def test_invalid_sql_is_a_query_error(reader, statement):
    with pytest.raises(QueryError):
        _rows(reader, statement)


def test_duplicate_column_names_are_made_unique(reader):
    columns, _ = _rows(reader, "SELECT e.id, a.id, e.id FROM events e JOIN articles a "
                               "ON a.id = e.article_id")
    assert columns == ["id", "id_2", "id_3"]


def _result(columns: list[str], rows: list[tuple]) -> QueryResult:
    return QueryResult(columns, iter(rows))


ROWS = [(1, "North Korea", 170.0, None, "a, \"quoted\"\nline", b"\x01\xff"),
        (2, "Ko\u0161ice", -0.5, 0, "", b"")]
COLUMNS = ["id", "supplier", "calibre", "flag", "text", "blob"]


def test_csv_is_exact():
    out = io.StringIO()
    assert write_csv(_result(COLUMNS, ROWS), out) == 2
    parsed = list(csv.reader(io.StringIO(out.getvalue())))
    assert parsed == [COLUMNS, ["1", "North Korea", "170.0", "", "a, \"quoted\"\nline", "01ff"],
                      ["2", "Ko\u0161ice", "-0.5", "0", "", ""]]


def test_json_is_exact():
    out = io.StringIO()
    assert write_json(_result(COLUMNS, ROWS), out) == 2
    assert json.loads(out.getvalue()) == [
        {"id": 1, "supplier": "North Korea", "calibre": 170.0, "flag": None,
         "text": "a, \"quoted\"\nline", "blob": "01ff"},
        {"id": 2, "supplier": "Ko\u0161ice", "calibre": -0.5, "flag": 0, "text": "", "blob": ""}]


def test_json_of_no_rows_is_an_empty_list():
    out = io.StringIO()
    assert write_json(_result(["id"], []), out) == 0
    assert json.loads(out.getvalue()) == []


def _table(rows: list[tuple], columns: list[str], width: int = 100, **options) -> str:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    print_table(_result(columns, rows), console, **options)
    return console.file.getvalue()


def test_table_folds_and_cuts_long_text_and_shows_null():
    shown = _table([(1, SENTENCE, None)], ["id", "sentence", "quantity"], max_width=40)
    assert "North Korea sent [bold]50[/bold] Koksan…" in shown  # markup printed as written
    assert "the agency said" not in shown
    assert "NULL" in shown and "1 row" in shown


def test_table_shows_at_most_max_rows():
    shown = _table([(i,) for i in range(5)], ["n"], max_rows=3)
    assert "first 3 rows shown" in shown
    assert "│ 3 │" not in shown


def test_table_too_wide_for_the_terminal_becomes_one_block_per_row():
    columns = [f"column_{i}" for i in range(12)]
    shown = _table([tuple(range(12)), tuple(range(12))], columns, width=60)
    assert "row 1" in shown and "row 2" in shown
    assert "column_11   11" in shown


# The command, on a Typer app of its own: cli.py registers the same function as `salvo sql`.
cli = typer.Typer()
cli.command("sql")(sql)
cli.callback()(lambda: None)
runner = CliRunner()


def test_command_formats(db):
    query = "SELECT type, supplier, recipient FROM events ORDER BY id"
    result = runner.invoke(cli, ["sql", query, "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["type", "supplier", "recipient"], ["arms_transfer", "North Korea", "Russia"],
        ["troop_deployment", "North Korea", ""]]
    result = runner.invoke(cli, ["sql", query, "--db", str(db), "--format", "json"])
    assert json.loads(result.stdout)[1] == {"type": "troop_deployment",
                                            "supplier": "North Korea", "recipient": None}
    result = runner.invoke(cli, ["sql", query, "--db", str(db)])
    assert result.exit_code == 0 and "troop_deployment" in result.stdout


def test_command_reads_the_statement_from_stdin(db):
    result = runner.invoke(cli, ["sql", "-", "--db", str(db), "--format", "csv"],
                           input="SELECT count(*) AS n\nFROM events\n")
    assert result.exit_code == 0 and result.stdout.splitlines() == ["n", "2"]


@pytest.mark.parametrize(("statement", "code", "message"), [
    ("DELETE FROM runs", 2, "refused"),
    ("SELECT 1; DELETE FROM runs", 2, "one statement at a time"),
    ("SELECT * FROM nowhere", 2, "no such table"),
], ids=["write", "two-statements", "bad-table"])
def test_command_exit_codes(db, statement, code, message):
    result = runner.invoke(cli, ["sql", statement, "--db", str(db)])
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""


def test_command_has_help_with_exit_codes():
    result = runner.invoke(cli, ["sql", "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and "Exit codes" in result.output


def test_command_refuses_an_empty_statement(db):
    result = runner.invoke(cli, ["sql", "-", "--db", str(db)], input="  \n")
    assert result.exit_code == 2 and "no SQL statement" in result.stderr


def test_command_on_a_missing_or_foreign_database_is_fatal(tmp_path):
    result = runner.invoke(cli, ["sql", "SELECT 1", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 3 and "no database" in result.stderr
    foreign = tmp_path / "foreign.db"
    make_engine(str(foreign)).connect().close()
    result = runner.invoke(cli, ["sql", "SELECT 1", "--db", str(foreign)])
    assert result.exit_code == 3 and "not a salvo database" in result.stderr


def test_command_suggests_an_upgrade_when_the_views_are_missing(tmp_path):
    old = tmp_path / "old.db"
    engine = make_engine(str(old))
    migrations.upgrade(engine, "0001")
    engine.dispose()
    result = runner.invoke(cli, ["sql", "SELECT * FROM event_facts", "--db", str(old)])
    assert result.exit_code == 2 and "salvo db upgrade" in result.stderr


def test_salvo_sql_is_a_command_of_salvo(db):
    result = salvo("sql", "SELECT count(*) AS events FROM events", "--db", str(db),
                   "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"events": 2}]


ENDLESS = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_statement_over_the_time_limit_is_stopped_with_a_clear_message(db, fmt):
    started = time.monotonic()
    result = runner.invoke(cli, ["sql", ENDLESS, "--db", str(db), "--timeout", "1",
                                 "--format", fmt])
    assert time.monotonic() - started < 15  # 1 s, and room for a loaded machine
    assert result.exit_code == 2
    assert "stopped after 1 s (--timeout)" in result.stderr


def test_value_over_the_size_cap_is_refused(reader):
    with pytest.raises(QueryError, match="a value over 64 MiB"), run_query(
            reader, "SELECT length(zeroblob(100 * 1024 * 1024))") as result:
        list(result.rows)


def test_table_holds_at_most_table_rows_even_when_all_are_asked_for(reader):
    statement = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                 f"WHERE x < {TABLE_ROWS + 5}) SELECT x FROM c")
    console = Console(file=io.StringIO(), width=80)
    with run_query(reader, statement) as result:
        assert print_table(result, console, max_rows=0) == TABLE_ROWS
    assert "first 10000 rows shown" in console.file.getvalue()
