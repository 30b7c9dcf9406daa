"""The `salvo reviews` command: the review trail, or the reviews whose event is gone.

cli.py registers it with `app.command("reviews")(reviews)`.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from pipeline import reports
from pipeline.cli_common import DEFAULT_DB, DbOption, OutputFormat, database_errors, open_database
from pipeline.database import DatabaseError, make_engine
from pipeline.reviews import trail

HEADERS = ["id", "event", "action", "field", "old", "new", "note", "reviewer", "time"]
ORPHAN_HEADERS = ["id", "content_hash", "start", "end", "mention", "action", "field", "new",
                  "reviewer", "time"]


def reviews(db: DbOption = DEFAULT_DB,
            orphans: Annotated[bool, typer.Option(
                help="Only reviews whose event is gone (its article re-extracted without it); "
                     "exit 1 when there are any.")] = False,
            limit: Annotated[int, typer.Option(min=1, help="How many reviews.")] = 50,
            fmt: Annotated[OutputFormat, typer.Option(
                "--format", help="table for people; csv and json for scripts.")
            ] = OutputFormat.table,
            ) -> None:
    """Analysts' reviews, newest first: confirmations, rejections and corrections with the old
    and new value. Exit codes: 0 ok, 1 orphans found (--orphans), 3 database unreadable."""
    engine = open_database(db, read_only=True)
    with database_errors(db), engine.connect() as conn:
        if orphans:
            rows = trail.orphans(conn)
            report = reports.Report("orphaned reviews", ORPHAN_HEADERS, [
                (r.id, r.content_hash, r.sentence_start, r.sentence_end, r.mention, r.action,
                 r.field, r.new_value, r.reviewer, r.created_at) for r in rows])
        else:
            rows = trail.recent(conn, limit)
            report = reports.Report("reviews", HEADERS, [
                (r.id, r.event_id, r.action, r.field, r.old_value, r.new_value, r.note,
                 r.reviewer, r.created_at) for r in rows])
    reports.write([report], fmt, sys.stdout)
    raise typer.Exit(1 if orphans and rows else 0)


def orphan_note(db: str) -> str | None:
    """A line for the end of an ingest when reviews no longer find their event, else None."""
    try:
        engine = make_engine(db, read_only=True)
        try:
            with engine.connect() as conn:
                count = len(trail.orphans(conn))
        finally:
            engine.dispose()
    except (DatabaseError, SQLAlchemyError):
        return None  # the run itself has said what is wrong with the database
    if not count:
        return None
    return (f"salvo: {count} review{'s' if count > 1 else ''} no longer "
            f"find{'' if count > 1 else 's'} {'their' if count > 1 else 'its'} event "
            "(its article was re-extracted without it): salvo reviews --orphans")
