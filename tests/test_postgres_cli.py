"""salvo on PostgreSQL with Dask workers: the same export as SQLite with local workers, every
command working, the run lock as an advisory lock, `salvo sql` read-only."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, salvo
from sqlalchemy import create_engine, text
from test_docs_queries import EXAMPLES

from pipeline.database import make_engine
from pipeline.sql import run_query

pytestmark = pytest.mark.slow

@pytest.fixture(scope="module")
def pg_ingested(pg_server) -> str:
    """The fixtures ingested into PostgreSQL by a LocalCluster of two Dask workers."""
    url = pg_server.create_database("fixtures_dask")
    result = salvo("ingest", str(FIXTURES), "--db", url, "--cluster", "local:2")
    assert result.returncode == 0, result.stderr
    assert "12 extracted" in result.stderr
    return url


def _export(db: str, fmt: str = "jsonl") -> str:
    result = salvo("export", "--db", db, "--format", fmt)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_postgres_and_dask_export_equals_sqlite_with_local_workers(pg_ingested, demo_db):
    postgres, sqlite = _export(pg_ingested), _export(str(demo_db))
    assert [json.loads(line) for line in postgres.splitlines()] == [
        json.loads(line) for line in sqlite.splitlines()]
    assert _export(pg_ingested, "csv") == _export(str(demo_db), "csv")


def test_a_second_run_changes_nothing(pg_ingested):
    before = _export(pg_ingested)
    result = salvo("ingest", str(FIXTURES), "--db", pg_ingested, "--cluster", "local:1")
    assert result.returncode == 0, result.stderr
    assert "0 extracted, 12 unchanged" in result.stderr
    assert _export(pg_ingested) == before


def test_every_command_works_on_postgres(pg_ingested, demo_db):
    for command in (["runs"], ["errors"], ["summary"], ["summary", "--format", "json"],
                    ["db", "current"], ["db", "check"], ["db", "upgrade"]):
        result = salvo(*command, "--db", pg_ingested)
        assert result.returncode == 0, (command, result.stderr)
    summary = {db: json.loads(salvo("summary", "--format", "json", "--db", db).stdout)
               for db in (pg_ingested, str(demo_db))}
    for title in ("articles", "events", "top weapon systems", "top flows", "top sources"):
        assert summary[pg_ingested][title] == summary[str(demo_db)][title], title
    current = salvo("db", "current", "--db", pg_ingested).stdout
    assert current.split()[1] == current.split()[3]  # database: X  head: X


def test_sql_reads_and_refuses_writes_on_postgres(pg_ingested, demo_db):
    query = ("SELECT supplier, count(*) AS n FROM event_facts WHERE supplier LIKE '%a%' "
             "GROUP BY supplier ORDER BY n DESC, supplier LIMIT 3")
    result = salvo("sql", query, "--db", pg_ingested, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["n"] >= 1
    for statement, words in [("DELETE FROM events", "only reads"),
                             ("CREATE TABLE x (id int)", "only reads"),
                             ("SELECT 1; DELETE FROM events", "one statement"),
                             ("SELECT pg_sleep(5)", "stopped after 0.5 s")]:
        refused = salvo("sql", statement, "--db", pg_ingested, "--timeout", "0.5")
        assert refused.returncode == 2, statement
        assert words in refused.stderr and "Traceback" not in refused.stderr, refused.stderr
    counts = [salvo("sql", "SELECT count(*) AS n FROM events", "--db", db, "--format", "csv"
                    ).stdout for db in (pg_ingested, str(demo_db))]
    assert counts[0] == counts[1] and counts[0].split()[1] != "0"


def test_run_lock_is_an_advisory_lock(pg_ingested):
    holder = create_engine(pg_ingested)
    with holder.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": 0x5A1F0_17})
        result = salvo("ingest", str(FIXTURES), "--db", pg_ingested, "--cluster", "local:1")
    holder.dispose()
    assert result.returncode == 75
    assert "advisory lock" in result.stderr


PORTABLE = [e for e in EXAMPLES if not e.sqlite_only]


@pytest.mark.parametrize("example", PORTABLE, ids=[e.heading for e in PORTABLE])
def test_docs_example_query_runs_on_postgres(pg_ingested, example):
    engine = make_engine(pg_ingested)
    try:
        with run_query(engine, example.sql) as result:
            rows = list(result.rows)
    finally:
        engine.dispose()
    assert result.columns
    assert rows or example.may_be_empty


def test_web_pages_read_the_same_on_postgres(pg_ingested, demo_db):
    from pipeline.web import views

    pages = {}
    for db in (pg_ingested, str(demo_db)):
        engine = make_engine(db, read_only=True)
        with engine.connect() as conn:
            pages[db] = [[{**row, "latest": (row["latest"]["title"], row["latest"]["published"])}
                          for row in views.flows(conn, params).data["flows"]]  # ids differ
                         for params in ({}, {"country": "Russia"}, {"review": "all"})]
            pages[db].append(views.claims(conn, {}).data["total"])
        engine.dispose()
    assert pages[pg_ingested] == pages[str(demo_db)]
    assert pages[pg_ingested][0]
