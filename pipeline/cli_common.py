"""What the `salvo` commands share: the --db option, error output, opening the database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO

import typer
from rich.console import Console
from rich.text import Text
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from pipeline import exit_codes, migrations
from pipeline.database import DatabaseError, make_engine
from pipeline.settings import default_db

err = Console(stderr=True)

DbOption = Annotated[str, typer.Option(
    "--db", envvar="SALVO_DB", help="Database file or SQLAlchemy URL (env SALVO_DB).")]
DEFAULT_DB = default_db()


class OutputFormat(StrEnum):
    """How a command prints rows: a table for people, csv or json for scripts."""

    table = "table"
    csv = "csv"
    json = "json"


def fail(message: str, code: int) -> typer.Exit:
    """Print `message` on stderr as one line and return the Exit to raise."""
    # Text, not markup: SQL and file names may hold [ ]; soft_wrap: one line, whatever its length
    err.print(Text.assemble(("salvo: ", "bold red"), message), soft_wrap=True)
    return typer.Exit(code)


def open_database(db: str, read_only: bool = False, schema: bool = True) -> Engine:
    """An engine on `db`; read-only opening needs the database to exist and, unless `schema` is
    False, to hold a salvo schema. Fails with one line and exit 3 otherwise."""
    with database_errors(db):
        engine = make_engine(db, read_only=read_only)
        if read_only and schema and migrations.current_revision(engine) is None:
            raise DatabaseError(f"{db} is not a salvo database (no schema); run salvo ingest")
        return engine


@contextmanager
def database_errors(db: str) -> Iterator[None]:
    """Within the block, a database that cannot be opened or read (not a database, corrupt,
    locked, unreadable) ends the command with one line and exit 3, not a traceback."""
    try:
        yield
    except DatabaseError as exc:
        raise fail(str(exc), exit_codes.FATAL) from None
    except SQLAlchemyError as exc:
        reason = getattr(exc, "orig", None) or exc
        raise fail(f"cannot read the database {db}: {reason}", exit_codes.FATAL) from None


@contextmanager
def output_file(path: Path | None) -> Iterator[TextIO]:
    """The file to write to (stdout for None); one that cannot be opened is a usage error."""
    if path is None:
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or exc}", exit_codes.USAGE) from None
    with handle:
        yield handle
