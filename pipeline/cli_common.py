"""What the `salvo` commands share: the --db option, error output, opening the database."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text
from sqlalchemy import Engine

from pipeline import exit_codes, migrations
from pipeline.database import DatabaseError, make_engine
from pipeline.settings import default_db

err = Console(stderr=True)

DbOption = Annotated[str, typer.Option(
    "--db", envvar="SALVO_DB", help="Database file or SQLAlchemy URL (env SALVO_DB).")]
DEFAULT_DB = default_db()


def fail(message: str, code: int) -> typer.Exit:
    """Print `message` on stderr as one line and return the Exit to raise."""
    # Text, not markup: SQL and file names may hold [ ]; soft_wrap: one line, whatever its length
    err.print(Text.assemble(("salvo: ", "bold red"), message), soft_wrap=True)
    return typer.Exit(code)


def open_database(db: str, read_only: bool = False) -> Engine:
    """An engine on `db`; read-only opening also requires an existing salvo schema."""
    try:
        engine = make_engine(db, read_only=read_only)
        if read_only and migrations.current_revision(engine) is None:
            raise DatabaseError(f"{db} is not a salvo database (no schema); run salvo ingest")
        return engine
    except DatabaseError as exc:
        raise fail(str(exc), exit_codes.FATAL) from None
