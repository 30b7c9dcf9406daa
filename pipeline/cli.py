"""The `salvo` command: a thin layer over the pipeline's functions.

Exit codes: 0 all fine; 1 finished but some documents failed (each recorded with its reason);
2 usage error; 3 fatal (database unreachable, corrupt or full, schema newer than the code, model
missing); 75 another run holds the lock on this database; 128 + the signal (130, 143) when
Ctrl-C or SIGTERM stopped an ingest run.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from pipeline import __version__, exit_codes, migrations
from pipeline.cli_common import (
    DEFAULT_DB,
    DbOption,
    OutputFormat,
    database_errors,
    err,
    fail,
    open_database,
    output_file,
)
from pipeline.cli_sql import sql
from pipeline.cluster import parse_cluster
from pipeline.ledger import cli as ledger_cli
from pipeline.reviews.cli import orphan_note, reviews
from pipeline.run.ingest import FatalError, IngestReport, run_ingest
from pipeline.run.interrupt import Interrupted, signals_interrupt
from pipeline.run.lock import LockHeld
from pipeline.settings import ATTRIBUTION_MODES, Settings
from pipeline.web.datasette import datasette_metadata
from pipeline.web.serve import serve

EXIT_CODES = ("Exit codes: 0 all fine; 1 some documents failed (recorded with reasons); "
              "2 usage error; 3 fatal (database unreachable, corrupt or full, schema too new); "
              "75 another run holds the lock; 130, 143 stopped by Ctrl-C or SIGTERM.")

DEFAULT_WORKERS = os.cpu_count() or 1

HELP = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(help=f"salvo: news articles in, a database of arms-transfer claims out. "
                       f"{EXIT_CODES}", no_args_is_help=True, context_settings=HELP)
db_app = typer.Typer(help="Schema migrations (Alembic).", no_args_is_help=True,
                     context_settings=HELP)
app.add_typer(db_app, name="db")
app.command("sql")(sql)
ledger_cli.register(app)
app.command("reviews")(reviews)
app.command("serve")(serve)
app.command("datasette-metadata")(datasette_metadata)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"salvo {__version__}")
        raise typer.Exit()


@app.callback()
def main(version: Annotated[bool, typer.Option(
        "--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
        ] = False) -> None:
    """salvo's options before any command."""


AttributionMode = StrEnum("AttributionMode", {mode: mode for mode in ATTRIBUTION_MODES})
DEFAULT_ATTRIBUTIONS = AttributionMode(Settings.attributions)


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    sipri = "sipri"


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders to ingest.")],
    db: DbOption = DEFAULT_DB,
    force: Annotated[bool, typer.Option(help="Re-extract every document.")] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar, no summary line.")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Extraction processes.")] = DEFAULT_WORKERS,
    timeout: Annotated[float, typer.Option(min=1, help="Seconds allowed per document.")] = 120.0,
    max_attempts: Annotated[int, typer.Option(
        min=1, help="Tries of a document that timed out or whose worker died, one a run.")] = 3,
    follow_symlinks: Annotated[bool, typer.Option(
        help="Follow symlinks that lead outside the paths given too.")] = False,
    model: Annotated[str | None, typer.Option(
        envvar="SALVO_SPACY_MODEL", help="spaCy model name (env SALVO_SPACY_MODEL).")] = None,
    attributions: Annotated[AttributionMode, typer.Option(
        help="Where reported speech is read: claims (around events only), arms (every "
             "paragraph of an article with an arms event), all (every English article)."
    )] = DEFAULT_ATTRIBUTIONS,
    cluster: Annotated[str | None, typer.Option(
        help="Extract on Dask: local:N starts N worker processes, tcp://HOST:8786 uses a "
             "running scheduler (--workers and --timeout then do not apply).")] = None,
) -> None:
    """Ingest .html, .htm, .txt (and .gz) articles, and the HTML responses of WARC files
    (.warc, .warc.gz), into the database. Exit codes: 0 ok,
    1 some documents failed, 2 usage, 3 fatal, 75 locked, 130/143 interrupted."""
    if missing := [str(p) for p in paths if not p.exists()]:
        raise fail(f"no such file or folder: {', '.join(missing)}", exit_codes.USAGE)
    if cluster is not None:
        try:
            parse_cluster(cluster)
        except ValueError as exc:
            raise fail(str(exc), exit_codes.USAGE) from None
    settings = Settings(db=db, spacy_model=model, workers=workers, timeout_s=timeout, force=force,
                        max_attempts=max_attempts, follow_symlinks=follow_symlinks,
                        attributions=attributions.value, cluster=cluster)
    command = " ".join(["ingest", *map(str, paths), *(["--force"] if force else []),
                        f"--attributions {attributions.value}",
                        *(["--follow-symlinks"] if follow_symlinks else []),
                        *(["--cluster", cluster] if cluster else [])])
    show_bar = not quiet and sys.stderr.isatty()
    try:
        with signals_interrupt(), _progress(show_bar) as tick_factory:
            report = run_ingest([str(p) for p in paths], settings, command, tick_factory)
    except Interrupted as exc:
        marked = f"; run {exc.run_id} is marked interrupted" if exc.run_id else ""
        raise fail(f"interrupted by {exc}{marked}; the next run goes on from there",
                   exc.exit_code) from None
    except LockHeld as exc:
        raise fail(str(exc), exit_codes.LOCKED) from None
    except FatalError as exc:
        raise fail(str(exc), exit_codes.FATAL) from None
    if not quiet:
        err.print(_summary(report), highlight=False, soft_wrap=True)
        if note := orphan_note(db):
            err.print(note, highlight=False, soft_wrap=True)
    raise typer.Exit(report.exit_code)


def _summary(report: IngestReport) -> str:
    c = report.counts
    return (f"salvo ingest run {report.run_id}: {c.files_seen} files, {c.extracted} extracted, "
            f"{c.unchanged} unchanged, {c.duplicates} duplicates, {c.failed} failed, "
            f"{c.events} events" + (f", {c.skipped} WARC responses skipped (not HTML or not "
                                     f"status 200)" if c.skipped else ""))


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
    db: DbOption = DEFAULT_DB,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl: one article a line; "
                                              "csv: one event a row; sipri: one claim a row, "
                                              "SIPRI trade register layout.")
                   ] = ExportFormat.jsonl,
    out: Annotated[Path | None, typer.Option(help="Output file (default: stdout).")] = None,
) -> None:
    """Export articles with their events and attributions."""
    from pipeline.export import write_csv, write_jsonl
    from pipeline.ledger.sipri import write_sipri

    engine = open_database(db, read_only=True)
    writer = {ExportFormat.jsonl: write_jsonl, ExportFormat.csv: write_csv,
              ExportFormat.sipri: write_sipri}[fmt]
    with output_file(out) as handle, database_errors(db):
        writer(engine, handle)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = DEFAULT_DB,
               revision: Annotated[str, typer.Argument(help="Target revision.")] = "head"
               ) -> None:
    """Migrate the schema to REVISION (default: head)."""
    engine = open_database(db)
    try:
        with database_errors(db):
            migrations.upgrade(engine, revision)
            typer.echo(f"schema at {migrations.current_revision(engine)}")
    except migrations.SchemaError as exc:
        raise fail(str(exc), exit_codes.FATAL) from None


@db_app.command("current")
def db_current(db: DbOption = DEFAULT_DB) -> None:
    """Print the schema revision of the database and the code's head."""
    engine = open_database(db, read_only=True, schema=False)  # never creates the file
    with database_errors(db):
        typer.echo(f"database: {migrations.current_revision(engine) or 'empty'}  "
                   f"head: {migrations.head_revision(engine)}")


@db_app.command("check")
def db_check(db: DbOption = DEFAULT_DB) -> None:
    """Fail (exit 1) when the database is not at head or the models and migrations disagree."""
    from alembic.util.exc import AutogenerateDiffsDetected

    engine = open_database(db, read_only=True, schema=False)
    with database_errors(db):
        current, head = migrations.current_revision(engine), migrations.head_revision(engine)
    if current != head:
        raise fail(f"database at {current or 'empty'}, code at {head}: run salvo db upgrade", 1)
    try:
        with database_errors(db):
            migrations.check(engine)
    except AutogenerateDiffsDetected as exc:
        raise fail(f"models and migrations disagree: {exc}", 1) from None
    typer.echo(f"ok: schema at head {head}, models match migrations")


FormatOption = Annotated[OutputFormat, typer.Option(
    "--format", help="table for people; csv and json for scripts.")]


@app.command()
def runs(db: DbOption = DEFAULT_DB,
         limit: Annotated[int, typer.Option(min=1, help="How many runs.")] = 10,
         fmt: FormatOption = OutputFormat.table) -> None:
    """The last ingest runs with their counts and status."""
    from pipeline import reports

    engine = open_database(db, read_only=True)
    with database_errors(db):
        reports.write(reports.runs(engine, limit), fmt, sys.stdout)


@app.command()
def errors(db: DbOption = DEFAULT_DB,
           run: Annotated[int | None, typer.Option(help="Only this run's errors.")] = None,
           limit: Annotated[int, typer.Option(min=1, help="How many errors.")] = 50,
           fmt: FormatOption = OutputFormat.table) -> None:
    """Documents that could not be extracted, with the stage, the attempts and the reason."""
    from pipeline import reports

    engine = open_database(db, read_only=True)
    with database_errors(db):
        reports.write(reports.errors(engine, run, limit), fmt, sys.stdout)


@app.command()
def summary(db: DbOption = DEFAULT_DB, fmt: FormatOption = OutputFormat.table) -> None:
    """What the database holds: articles, events by type, the top weapons, flows and sources
    (as the views count them), the latest run."""
    from pipeline import reports

    engine = open_database(db, read_only=True)
    with database_errors(db):
        reports.write(reports.summary(engine), fmt, sys.stdout)


@app.command()
def explain(
    sentence: Annotated[str, typer.Argument(help="The sentence (or paragraph) to explain.")],
    context: Annotated[Path | None, typer.Option(
        exists=True, dir_okay=False, readable=True,
        help="A text file of the article before the sentence (sides and references).")] = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD) that dates resolve against.")] = None,
    model: Annotated[str | None, typer.Option(
        envvar="SALVO_SPACY_MODEL", help="spaCy model name (env SALVO_SPACY_MODEL).")] = None,
) -> None:
    """Show how a sentence is read: tokens, mentions, each mention's frame with the rule that
    found it, sides, stage, and the events that come out. Exit codes: 0 ok, 2 usage, 3 model
    missing."""
    import datetime as dt

    from pipeline.claims.explain import explain as explain_lines
    from pipeline.claims.nlp.factory import load_pipeline

    try:
        day = dt.date.fromisoformat(published) if published else None
    except ValueError:
        raise fail(f"--published {published!r} is not a date (YYYY-MM-DD)",
                   exit_codes.USAGE) from None
    try:
        text = context.read_text(encoding="utf-8", errors="replace") if context else ""
    except OSError as exc:
        raise fail(f"cannot read {context}: {exc.strerror}", exit_codes.USAGE) from None
    try:
        nlp = load_pipeline(model)
    except OSError:
        raise fail(f"spaCy model {model or 'default'!r} is not installed",
                   exit_codes.FATAL) from None
    for line in explain_lines(nlp, sentence, text, day):
        typer.echo(line)
