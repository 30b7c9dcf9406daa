"""The ledger's commands: `salvo claims`, `salvo history` (with `--plot`) and `salvo ledger`.

A thin layer over `queries`, `chart` and `refresh`; `register(app)` adds them to salvo's CLI.
Exit codes: 0 ok; 2 usage (a --plot file that is neither .svg nor .png, or cannot be written);
3 the database cannot be read.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import Engine, func, select

from pipeline import exit_codes
from pipeline.cli_common import (
    DEFAULT_DB,
    DbOption,
    OutputFormat,
    database_errors,
    err,
    fail,
    open_database,
)

CLAIM_TABLE = ("claim_id", "type", "supplier", "recipient", "item", "stage", "events",
               "articles", "outlets", "independent_outlets", "sources", "quantity_low",
               "quantity_high", "first_reported", "last_reported")
HISTORY_TABLE = ("item", "value", "approximate", "basis", "as_of", "reported_on", "source",
                 "site", "article_id", "stage", "flags")


FormatOption = Annotated[OutputFormat, typer.Option(
    "--format", help="table for people (the main columns); csv and json: every column.")]
SupplierOption = Annotated[str | None, typer.Option(help="Supplier country, e.g. 'North Korea'.")]
RecipientOption = Annotated[str | None, typer.Option(help="Recipient country, e.g. Russia.")]
ItemOption = Annotated[str | None, typer.Option(
    help="Part of the item's name or key: Koksan, 170mm, troops.")]


def claims(db: DbOption = DEFAULT_DB, supplier: SupplierOption = None,
           recipient: RecipientOption = None, item: ItemOption = None,
           fmt: FormatOption = OutputFormat.table) -> None:
    """One row a claim: events across articles that state the same transfer, with their
    articles, outlets (independent ones: syndicated copies once), sources, figures and dates.
    Exit codes: 0 ok, 2 usage, 3 database unreadable."""
    from pipeline.ledger import queries

    engine = open_database(db, read_only=True)
    with database_errors(db), engine.connect() as conn:
        _warn_if_behind(engine)
        rows = queries.claims(conn, supplier, recipient, item)
    _write("claims", rows, CLAIM_TABLE, fmt)


def history(supplier: Annotated[str, typer.Option(help="Supplier country.")],
            recipient: Annotated[str, typer.Option(help="Recipient country.")],
            db: DbOption = DEFAULT_DB, item: ItemOption = None,
            fmt: FormatOption = OutputFormat.table,
            plot: Annotated[Path | None, typer.Option(
                help="Also draw the values over time into FILE.svg or FILE.png.")] = None,
            ) -> None:
    """Every value reported for the series of SUPPLIER -> RECIPIENT (and ITEM), in as_of order,
    with its basis (total, additional, unknown) and flags (revision, conflict, increment).
    Exit codes: 0 ok, 2 usage, 3 database unreadable."""
    from pipeline.ledger import queries

    if plot is not None and plot.suffix.lower() not in (".svg", ".png"):
        raise fail(f"--plot {plot}: the file must end in .svg or .png", exit_codes.USAGE)
    engine = open_database(db, read_only=True)
    with database_errors(db), engine.connect() as conn:
        _warn_if_behind(engine)
        rows = queries.history(conn, supplier, recipient, item)
    if plot is not None:
        _plot(rows, plot, f"{supplier} → {recipient}" + (f": {item}" if item else ""))
    _write("estimate history", rows, HISTORY_TABLE, fmt)


def ledger(db: DbOption = DEFAULT_DB,
           rebuild: Annotated[bool, typer.Option(
               help="Recompute every claim and copy group, not only those that changed.")
           ] = False) -> None:
    """Bring the claim ledger up to date (salvo ingest does it after every run).
    Exit codes: 0 ok, 3 database unreadable."""
    from pipeline.ledger.refresh import refresh_ledger

    engine = open_database(db)
    with database_errors(db):
        report = refresh_ledger(engine, rebuild=rebuild)
    err.print(f"salvo ledger: {report.units} groups recomputed, {report.claims} claims, "
              f"{report.events} events in {report.seconds:.2f} s"
              + (" (rebuilt)" if report.rebuilt else ""), highlight=False)


def register(app: typer.Typer) -> None:
    for command in (claims, history, ledger):
        app.command()(command)


def _plot(rows: list[dict[str, Any]], path: Path, title: str) -> None:
    from pipeline.ledger.chart import render

    data = render(rows, path.suffix.lower().lstrip("."), title)
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or exc}", exit_codes.USAGE) from None


def _write(title: str, rows: list[dict[str, Any]], table_columns: tuple[str, ...],
           fmt: OutputFormat) -> None:
    from pipeline.reports import Report, write

    if fmt is OutputFormat.json:
        write([Report(title, list(rows[0]) if rows else [], [tuple(r.values()) for r in rows])],
              "json", sys.stdout)
        return
    headers = list(table_columns) if fmt is OutputFormat.table else list(rows[0]) if rows else []
    flat = [tuple(_cell(r.get(h)) for h in headers) for r in rows]
    write([Report(title, headers, flat)], fmt.value, sys.stdout)


def _cell(value: Any) -> Any:
    return ",".join(value) if isinstance(value, list) else value


def _warn_if_behind(engine: Engine) -> None:
    """Say so when events or reviews exist that the ledger has not read (a database from before
    it, reviews made in `salvo serve` since the last run)."""
    from models import LedgerEvent
    from pipeline.ledger.inputs import EVENT_ID, event_query
    from pipeline.ledger.refresh import REVIEWS_KEY, state
    from pipeline.reviews.trail import last_review_id

    with engine.connect() as conn:
        unread = event_query().where(EVENT_ID.not_in(select(LedgerEvent.event_id))).subquery()
        behind = conn.scalar(select(func.count()).select_from(unread))
        reviews = last_review_id(conn) > int(state(conn, REVIEWS_KEY) or 0)
    if behind or reviews:
        what = f"{behind} events" if behind else "the latest reviews"
        err.print(f"salvo: the ledger has not read {what} yet; run salvo ledger",
                  highlight=False)
