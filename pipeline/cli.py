"""The `salvo` command: a thin layer over the pipeline's functions.

Exit codes: 0 all fine; 1 finished but some documents failed (each recorded with its reason);
2 usage error; 3 fatal (database unreachable or full, schema newer than the code, model missing);
75 another run holds the lock on this database.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pipeline import migrations
from pipeline.database import DatabaseError, make_engine
from pipeline.ingest import EXIT_FATAL, EXIT_LOCKED, FatalError, IngestReport, run_ingest
from pipeline.lock import LockHeld
from pipeline.settings import Settings, default_db

EXIT_CODES = ("Exit codes: 0 all fine; 1 some documents failed (recorded with reasons); "
              "2 usage error; 3 fatal (database unreachable or full, schema too new); "
              "75 another run holds the lock.")

app = typer.Typer(help=f"salvo: news articles in, a database of arms-transfer claims out. "
                       f"{EXIT_CODES}", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Schema migrations (Alembic).", no_args_is_help=True)
app.add_typer(db_app, name="db")
err = Console(stderr=True)

DbOption = Annotated[str, typer.Option(
    "--db", envvar="SALVO_DB", help="Database file or SQLAlchemy URL [env SALVO_DB].")]


class ExportFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"


def _fail(message: str, code: int) -> typer.Exit:
    err.print(f"[bold red]salvo:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to ingest.")],
    db: DbOption = default_db(),
    force: Annotated[bool, typer.Option(help="Re-extract every document.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar, no summary line.")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = os.cpu_count() or 1,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds allowed per document.")] = 120.0,
    model: Annotated[str | None, typer.Option(
        envvar="SALVO_SPACY_MODEL", help="spaCy model name [env SALVO_SPACY_MODEL].")] = None,
) -> None:
    """Ingest .html, .htm, .txt (and .gz) articles into the database. Exit codes: 0 ok,
    1 some documents failed, 2 usage, 3 fatal, 75 locked."""
    settings = Settings(db=db, spacy_model=model, workers=workers, timeout_s=timeout, force=force)
    command = " ".join(["ingest", *map(str, paths), *(["--force"] if force else [])])
    show_bar = not quiet and sys.stderr.isatty()
    try:
        with _progress(show_bar) as tick_factory:
            report = run_ingest([str(p) for p in paths], settings, command, tick_factory)
    except LockHeld as exc:
        raise _fail(str(exc), EXIT_LOCKED) from None
    except FatalError as exc:
        raise _fail(str(exc), EXIT_FATAL) from None
    if not quiet:
        err.print(_summary(report), highlight=False, soft_wrap=True)
    raise typer.Exit(report.exit_code)


def _summary(report: IngestReport) -> str:
    c = report.counts
    return (f"salvo ingest run {report.run_id}: {c.files_seen} files, {c.extracted} extracted, "
            f"{c.unchanged} unchanged, {c.duplicates} duplicates, {c.failed} failed, "
            f"{c.events} events")


@contextmanager
def _progress(show: bool):
    if not show:
        yield None
        return
    columns = (TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as progress:
        def factory(total: int):
            task = progress.add_task("ingest", total=total)
            return lambda _path: progress.advance(task)
        yield factory


@app.command()
def export(
    db: DbOption = default_db(),
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl: one article a line; "
                                              "csv: one event a row.")] = ExportFormat.jsonl,
    out: Annotated[Path | None, typer.Option(help="Output file (default: stdout).")] = None,
) -> None:
    """Export articles with their events and attributions."""
    from pipeline.export import write_csv, write_jsonl

    engine = _open(db, read_only=True)
    writer = write_jsonl if fmt is ExportFormat.jsonl else write_csv
    if out is None:
        writer(engine, sys.stdout)
        return
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer(engine, handle)


def _open(db: str, read_only: bool = False):
    try:
        engine = make_engine(db, read_only=read_only)
        if read_only and migrations.current_revision(engine) is None:
            raise DatabaseError(f"{db} is not a salvo database (no schema); run salvo ingest")
        return engine
    except DatabaseError as exc:
        raise _fail(str(exc), EXIT_FATAL) from None


@db_app.command("upgrade")
def db_upgrade(db: DbOption = default_db(),
               revision: Annotated[str, typer.Argument(help="Target revision.")] = "head"
               ) -> None:
    """Migrate the schema to REVISION (default: head)."""
    try:
        migrations.upgrade(_open(db), revision)
    except migrations.SchemaError as exc:
        raise _fail(str(exc), EXIT_FATAL) from None
    typer.echo(f"schema at {migrations.current_revision(_open(db))}")


@db_app.command("current")
def db_current(db: DbOption = default_db()) -> None:
    """Print the schema revision of the database and the code's head."""
    engine = _open(db)
    typer.echo(f"database: {migrations.current_revision(engine) or 'empty'}  "
               f"head: {migrations.head_revision(engine)}")


@db_app.command("check")
def db_check(db: DbOption = default_db()) -> None:
    """Fail (exit 1) when the database is not at head or the models and migrations disagree."""
    from alembic.util.exc import AutogenerateDiffsDetected

    engine = _open(db)
    current, head = migrations.current_revision(engine), migrations.head_revision(engine)
    if current != head:
        raise _fail(f"database at {current or 'empty'}, code at {head}: run salvo db upgrade", 1)
    try:
        migrations.check(engine)
    except AutogenerateDiffsDetected as exc:
        raise _fail(f"models and migrations disagree: {exc}", 1) from None
    typer.echo(f"ok: schema at head {head}, models match migrations")


@app.command()
def runs(db: DbOption = default_db(),
         limit: Annotated[int, typer.Option(min=1, help="How many runs.")] = 10) -> None:
    """The last ingest runs with their counts and status."""
    from pipeline.reports import print_runs

    print_runs(_open(db, read_only=True), limit)


@app.command()
def errors(db: DbOption = default_db(),
           run: Annotated[int | None, typer.Option(help="Only this run's errors.")] = None,
           limit: Annotated[int, typer.Option(min=1, help="How many errors.")] = 50) -> None:
    """Documents that could not be extracted, with the stage and the reason."""
    from pipeline.reports import print_errors

    print_errors(_open(db, read_only=True), run, limit)


@app.command()
def summary(db: DbOption = default_db()) -> None:
    """What the database holds: articles, events by type, top weapon systems."""
    from pipeline.reports import print_summary

    print_summary(_open(db, read_only=True))
