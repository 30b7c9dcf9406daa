"""The `salvo sql` command: one read-only SQL statement, its rows as a table, CSV or JSON.

A thin layer over `pipeline.sql`; cli.py registers it with `app.command("sql")(sql)`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import Engine

from pipeline import exit_codes, migrations
from pipeline.cli_common import DEFAULT_DB, DbOption, OutputFormat, fail, open_database
from pipeline.sql import QueryError, QueryRefused, print_table, run_query, write_csv, write_json


def sql(
    statement: Annotated[str, typer.Argument(
        metavar="SQL", help="One SELECT (or WITH, EXPLAIN, PRAGMA table_info...) statement; "
                            "- reads it from stdin.")],
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[OutputFormat, typer.Option(
        "--format", help="table for people; csv and json carry every value exactly.")
    ] = OutputFormat.table,
    max_rows: Annotated[int, typer.Option(
        min=0, help="table: rows shown, 0 for all (at most 10,000).")] = 100,
    max_width: Annotated[int, typer.Option(
        min=0, help="table: characters shown per cell, 0 for no limit.")] = 60,
    timeout: Annotated[float, typer.Option(
        min=0.1, help="Seconds the statement may take, its rows written included.")] = 30.0,
) -> None:
    """Run one read-only SQL query; docs/schema.md describes the tables, views and search.

    Writes are refused and change nothing.

    Exit codes: 0 ok; 2 statement refused or invalid; 3 no database or not a salvo database.
    """
    text = sys.stdin.read() if statement == "-" else statement
    if not text.strip():
        raise fail("no SQL statement given", exit_codes.USAGE)
    engine = open_database(db, read_only=True)
    try:
        with run_query(engine, text, timeout) as result:
            if fmt is OutputFormat.csv:
                write_csv(result, sys.stdout)
            elif fmt is OutputFormat.json:
                write_json(result, sys.stdout)
            else:
                print_table(result, Console(), max_rows, max_width)
    except QueryRefused as exc:
        raise fail(f"refused: {exc}", exit_codes.USAGE) from None
    except QueryError as exc:
        raise fail(f"{exc}{_schema_hint(engine)}", exit_codes.USAGE) from None
    finally:
        engine.dispose()


def _schema_hint(engine: Engine) -> str:
    current, head = migrations.current_revision(engine), migrations.head_revision(engine)
    if current == head:
        return ""
    return f" (the schema is at {current}, salvo at {head}: run salvo db upgrade for the views)"
