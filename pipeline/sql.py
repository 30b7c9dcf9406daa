"""Read-only SQL for analysts: one statement in, its rows out as a terminal table, CSV or JSON.

Input: an engine on a salvo SQLite database and one SQL statement. Output: a `QueryResult`
(column names and a stream of rows) and writers for the three formats. Three guards keep the
database unchanged: the file is opened with mode=ro; an authorizer lets SQLite prepare reads only
(SELECT, WITH, EXPLAIN, introspection PRAGMAs), which also stops ATTACH and VACUUM INTO from
writing other files; and only one statement runs, so `SELECT 1; DELETE ...` is refused before
anything executes. Two limits keep a statement from holding the machine: a time limit (SQLite's
progress handler interrupts it) and a cap on the size of any one value; the terminal table
holds at most `TABLE_ROWS` rows in memory (CSV and JSON stream). On PostgreSQL,
`pipeline.postgres.sql` runs the statement instead, in a read-only transaction.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine

READ_ACTIONS = frozenset({sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION,
                          sqlite3.SQLITE_RECURSIVE})
# PRAGMAs whose argument names a table or index, or limits a check: they only read.
PRAGMAS_WITH_ARGUMENT = frozenset({
    "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
    "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check"})
# PRAGMAs that read a setting when given no argument (FTS5 itself asks for data_version).
PRAGMAS_WITHOUT_ARGUMENT = frozenset({
    "application_id", "collation_list", "compile_options", "data_version", "database_list",
    "encoding", "foreign_keys", "freelist_count", "function_list", "journal_mode",
    "module_list", "page_count", "page_size", "pragma_list", "schema_version", "user_version"})
ACTION_WORDS = {
    "INSERT": "insert rows", "UPDATE": "update rows", "DELETE": "delete rows",
    "TRANSACTION": "open or end a transaction", "SAVEPOINT": "use a savepoint",
    "ATTACH": "attach or write a database file", "DETACH": "detach a database",
    "ALTER_TABLE": "alter a table", "ANALYZE": "analyze tables", "REINDEX": "rebuild an index",
    "PRAGMA": "change a setting", "FUNCTION": "load an extension",
    "CREATE_VTABLE": "create a table", "DROP_VTABLE": "drop a table",
}
DDL_ACTIONS = tuple(f"{verb}_{temp}{thing}" for verb in ("CREATE", "DROP") for temp in ("", "TEMP_")
                    for thing in ("INDEX", "TABLE", "TRIGGER", "VIEW"))
# SQLite asks to write these before each CREATE or DROP (denied then by its own action code) and
# while it reads the schema of a virtual table; no statement may write them itself anyway
# ("table sqlite_master may not be modified").
SCHEMA_TABLES = frozenset({"sqlite_master", "sqlite_temp_master", "sqlite_schema"})
MULTIPLE = "one statement at a time"
MAX_VALUE_BYTES = 64 * 1024 * 1024  # a longer string or blob is refused by SQLite
TABLE_ROWS = 10_000  # rows the terminal table shows at most, even with --max-rows 0
PROGRESS_STEPS = 10_000  # SQLite instructions between two looks at the clock


class QueryRefused(ValueError):
    """The statement would change something, or is more than one statement."""


class QueryError(ValueError):
    """SQLite rejected the statement: a syntax error, an unknown table or column..."""


@dataclass(frozen=True)
class QueryResult:
    """Column names (made unique: a second `id` becomes `id_2`) and the rows as they stream."""

    columns: list[str]
    rows: Iterator[tuple[Any, ...]]


class _ReadOnlyAuthorizer:
    """An SQLite authorizer that allows reads and remembers the first thing it denied."""

    def __init__(self) -> None:
        self.denied: str | None = None

    def __call__(self, action: int, arg1: str | None, arg2: str | None, *_: object) -> int:
        if action in READ_ACTIONS and not (action == sqlite3.SQLITE_FUNCTION
                                           and arg2 == "load_extension"):
            return sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_PRAGMA and _reading_pragma(arg1 or "", arg2):
            return sqlite3.SQLITE_OK
        if arg1 in SCHEMA_TABLES:
            return sqlite3.SQLITE_OK
        self.denied = self.denied or _describe(action)
        return sqlite3.SQLITE_DENY


def _reading_pragma(name: str, argument: str | None) -> bool:
    name = name.lower()
    return name in PRAGMAS_WITH_ARGUMENT or (argument is None and name in PRAGMAS_WITHOUT_ARGUMENT)


def _describe(action: int) -> str:
    for word, meaning in ACTION_WORDS.items():
        if action == getattr(sqlite3, f"SQLITE_{word}"):
            return meaning
    for name in DDL_ACTIONS:
        if action == getattr(sqlite3, f"SQLITE_{name}"):
            verb, _, thing = name.lower().partition("_")
            return f"{verb} a {thing.replace('_', ' ')}"
    return "change the database"


class _Clock:
    """A progress handler that interrupts the statement once `timeout_s` have passed."""

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self.deadline = time.monotonic() + timeout_s
        self.expired = False

    def __call__(self) -> int:
        self.expired = time.monotonic() > self.deadline
        return int(self.expired)


@contextmanager
def run_query(engine: Engine, statement: str, timeout_s: float = 30.0
              ) -> Iterator[QueryResult]:
    """Run one read-only statement; the rows stream while the context is open, until
    `timeout_s` seconds after the start.

    Raises QueryRefused for writes and multiple statements, QueryError for SQL that SQLite
    rejects, a statement over the time limit and a value over `MAX_VALUE_BYTES`.
    """
    if engine.dialect.name == "postgresql":
        from pipeline.postgres.sql import run_query as run_postgres_query

        with run_postgres_query(engine, statement, timeout_s) as result:
            yield result
        return
    if engine.dialect.name != "sqlite":
        raise QueryRefused("salvo sql works on SQLite and PostgreSQL databases only")
    raw = engine.raw_connection()
    conn: sqlite3.Connection = raw.driver_connection
    guard, clock = _ReadOnlyAuthorizer(), _Clock(timeout_s)
    conn.set_authorizer(guard)
    conn.set_progress_handler(clock, PROGRESS_STEPS)
    length = conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    rows: Generator[tuple[Any, ...], None, None] | None = None
    try:
        cursor = _execute(conn, statement, guard, clock)
        rows = _stream(cursor, clock)
        yield QueryResult(unique_names([d[0] for d in cursor.description or ()]), rows)
    finally:
        if rows is not None:
            rows.close()  # a reader that stopped early leaves the generator open
        conn.set_authorizer(None)
        conn.set_progress_handler(None, 0)
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, length)
        raw.close()


def _execute(conn: sqlite3.Connection, statement: str, guard: _ReadOnlyAuthorizer,
             clock: _Clock) -> sqlite3.Cursor:
    try:
        return conn.execute(statement)
    except (sqlite3.ProgrammingError, sqlite3.Warning) as exc:
        if "one statement" in str(exc):
            raise QueryRefused(f"{MULTIPLE}: remove everything after the first ';'") from None
        raise QueryError(str(exc)) from None
    except sqlite3.Error as exc:
        if guard.denied:
            raise QueryRefused(f"salvo sql only reads; this statement would {guard.denied}"
                               ) from None
        raise _query_error(exc, clock) from None


def _stream(cursor: sqlite3.Cursor, clock: _Clock) -> Generator[tuple[Any, ...], None, None]:
    try:
        yield from cursor
    except sqlite3.Error as exc:
        raise _query_error(exc, clock) from None


def _query_error(exc: sqlite3.Error, clock: _Clock) -> QueryError:
    """SQLite's error in words: the two limits say which option or form lifts them."""
    if clock.expired:
        return QueryError(f"stopped after {clock.timeout_s:g} s (--timeout); narrow the "
                          "statement or allow it more time")
    if "too big" in str(exc):
        return QueryError(f"a value over {MAX_VALUE_BYTES // (1024 * 1024)} MiB ({exc})")
    return QueryError(str(exc))


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique: a second `id` becomes `id_2`."""
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name}_{seen[name]}")
    return unique


def _plain(value: Any) -> Any:
    """A value as JSON and CSV carry it: bytes become hex, everything else stays."""
    return value.hex() if isinstance(value, bytes) else value


def write_csv(result: QueryResult, out: IO[str]) -> int:
    """Header and rows as CSV (NULL is an empty field); returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(result.columns)
    count = 0
    for row in result.rows:
        writer.writerow(["" if v is None else _plain(v) for v in row])
        count += 1
    return count


def write_json(result: QueryResult, out: IO[str]) -> int:
    """A JSON array with one object per row, one row a line; returns the number of rows."""
    out.write("[")
    count = 0
    for count, row in enumerate(result.rows, start=1):
        record = {name: _plain(v) for name, v in zip(result.columns, row, strict=True)}
        out.write(("\n" if count == 1 else ",\n") + json.dumps(record, ensure_ascii=False))
    out.write("\n]\n" if count else "]\n")
    return count


def print_table(result: QueryResult, console: Console, max_rows: int = 100,
                max_width: int = 60) -> int:
    """The rows for a terminal: a table, or one block per row when the table would not fit.

    Text is cut to `max_width` characters (0: no limit) and at most `max_rows` rows are shown
    (0: all). Returns the number of rows shown.
    """
    rows, more = _head(result.rows, min(max_rows or TABLE_ROWS, TABLE_ROWS))
    cells = [[_cell(v, max_width) for v in row] for row in rows]
    if _table_width(result.columns, cells) <= console.width:
        console.print(_table(result.columns, rows, cells))
    else:
        for n, row in enumerate(cells, start=1):
            console.print(_record(result.columns, row, f"row {n}"))
    console.print(_caption(len(rows), more), style="dim", highlight=False)
    return len(rows)


def _head(rows: Iterator[tuple[Any, ...]], limit: int) -> tuple[list[tuple[Any, ...]], bool]:
    """The first `limit` rows (all when 0) and whether more were left."""
    head: list[tuple[Any, ...]] = []
    for row in rows:
        if limit and len(head) == limit:
            return head, True
        head.append(row)
    return head, False


def _table_width(columns: list[str], cells: list[list[Text]]) -> int:
    widths = [max([len(name), *(len(row[i]) for row in cells)]) for i, name in enumerate(columns)]
    return sum(widths) + 3 * len(columns) + 1  # padding and borders


def _table(columns: list[str], rows: list[tuple[Any, ...]], cells: list[list[Text]]) -> Table:
    table = Table()
    for i, name in enumerate(columns):
        numeric = bool(rows) and all(isinstance(r[i], int | float) for r in rows
                                     if r[i] is not None)
        table.add_column(name, justify="right" if numeric else "left")
    for row in cells:
        table.add_row(*row)
    return table


def _record(columns: list[str], cells: list[Text], title: str) -> Table:
    record = Table(title=title, title_justify="left", show_header=False, box=box.SIMPLE)
    record.add_column(style="bold")
    record.add_column()
    for name, cell in zip(columns, cells, strict=True):
        record.add_row(name, cell)
    return record


def _caption(shown: int, more: bool) -> str:
    if more:
        return (f"first {shown} rows shown; more not shown (--max-rows 0 up to {TABLE_ROWS:,}, "
                "--format csv or json for all)")
    return f"{shown} row" if shown == 1 else f"{shown} rows"


def _cell(value: Any, max_width: int) -> Text:
    if value is None:
        return Text("NULL", style="dim")
    text = " ".join(str(_plain(value)).split())  # one line: newlines and runs of spaces folded
    if max_width and len(text) > max_width:
        text = text[: max_width - 1] + "…"
    return Text(text)
