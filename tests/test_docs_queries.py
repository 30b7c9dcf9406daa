"""docs/schema.md: every example query runs on the demo database, every column is described."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from conftest import ROOT

from pipeline import migrations
from pipeline.database import make_engine
from pipeline.sql import run_query

DOC = ROOT / "docs" / "schema.md"
MAY_BE_EMPTY = "<!-- may be empty"
SQLITE_ONLY = "<!-- SQLite only"
SHADOW_TABLE = re.compile(r"\w+_search_(data|idx|docsize|config|content)")


@dataclass(frozen=True)
class Example:
    heading: str
    sql: str
    may_be_empty: bool
    sqlite_only: bool = False


def _examples(text: str) -> list[Example]:
    """Every ```sql block with the heading above it; a `<!-- may be empty` comment between
    them allows no rows, a `<!-- SQLite only` comment keeps it off PostgreSQL."""
    examples, heading, empty_ok, sqlite_only, block = [], "", False, False, None
    for line in text.splitlines():
        if block is not None:
            if line.strip() == "```":
                examples.append(Example(heading, "\n".join(block), empty_ok, sqlite_only))
                block = None
            else:
                block.append(line)
        elif line.startswith("#"):
            heading, empty_ok, sqlite_only = line.lstrip("#").strip(), False, False
        elif line.startswith(MAY_BE_EMPTY):
            empty_ok = True
        elif line.startswith(SQLITE_ONLY):
            sqlite_only = True
        elif line.strip() == "```sql":
            block = []
    return examples


EXAMPLES = _examples(DOC.read_text(encoding="utf-8"))


def test_the_docs_hold_at_least_ten_example_queries_each_under_a_heading():
    assert len(EXAMPLES) >= 10
    assert all(example.heading for example in EXAMPLES)
    assert len({example.heading for example in EXAMPLES}) == len(EXAMPLES)


LEDGER_VIEWS = ("claims", "claim_events", "estimate_history", "flows", "commitments")


@pytest.mark.parametrize("view", LEDGER_VIEWS)
def test_every_ledger_view_has_an_example_query(view):
    assert any(re.search(rf"\bFROM {view}\b", example.sql) for example in EXAMPLES)


@pytest.fixture(scope="module")
def demo_reader(demo_db):
    engine = make_engine(str(demo_db), read_only=True)
    yield engine
    engine.dispose()


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES, ids=[e.heading for e in EXAMPLES])
def test_example_query_runs_on_the_demo_database(demo_reader, example):
    with run_query(demo_reader, example.sql) as result:
        rows = list(result.rows)
    assert result.columns
    assert rows or example.may_be_empty, "no rows: mark the block with <!-- may be empty"


def _sections(text: str) -> dict[str, str]:
    """Text under each '### `name`' heading, up to the next heading."""
    parts = re.split(r"^###? (.*)$", text, flags=re.M)
    return {title.strip().strip("`"): body for title, body in zip(parts[1::2], parts[2::2],
                                                                  strict=True)}


def _schema(tmp_path) -> dict[str, list[str]]:
    """Every table, view and search table of a database at head, with its columns."""
    engine = make_engine(str(tmp_path / "doc.db"))
    migrations.upgrade(engine)
    with engine.connect() as conn:
        names = [row[0] for row in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        schema = {name: [row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({name})")]
                  for name in names if not SHADOW_TABLE.fullmatch(name)}
    engine.dispose()
    return schema


def test_every_table_view_and_column_is_described(tmp_path):
    sections = _sections(DOC.read_text(encoding="utf-8"))
    missing = []
    for name, columns in _schema(tmp_path).items():
        body = sections.get(name, "")
        missing += [f"{name}.{column}" for column in columns
                    if not re.search(rf"^\| `{column}` \| \S", body, flags=re.M)]
        if not body:
            missing.append(name)
    assert not missing
