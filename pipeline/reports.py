"""Terminal reports for people: recent runs, document errors, what the database holds."""

from __future__ import annotations

import datetime as dt
import re

from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine, func, select

from models import Article, DocumentError, Event, Run

console = Console()


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def cell(value: object) -> Text:
    """A value as a table cell: times in ISO 8601 UTC, control characters (an escape sequence in
    a title or a file name, say) as visible \\xNN, square brackets never read as markup."""
    if value is None:
        return Text("")
    if isinstance(value, dt.datetime):  # stored naive, in UTC
        return Text(value.isoformat(timespec="seconds") + "Z")
    return Text(_CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", str(value)))


def _table(title: str, headers: list[str], rows: list[tuple]) -> Table:
    table = Table(title=title, title_justify="left")
    for header in headers:
        table.add_column(header)
    for row in rows:
        table.add_row(*map(cell, row))
    return table


def print_runs(engine: Engine, limit: int) -> None:
    query = (select(Run.id, Run.started_at, Run.finished_at, Run.status, Run.exit_code,
                    Run.files_seen, Run.extracted, Run.unchanged, Run.duplicates, Run.failed,
                    Run.events, Run.message).order_by(Run.id.desc()).limit(limit))
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(query)]
    console.print(_table("runs", ["id", "started", "finished", "status", "exit", "files",
                                  "extracted", "unchanged", "duplicates", "failed", "events",
                                  "message"], rows))


def print_errors(engine: Engine, run_id: int | None, limit: int) -> None:
    """The latest document errors; `attempts` are those of the content so far (a time-out or a
    worker that died is tried again, up to `--max-attempts`)."""
    query = (select(DocumentError.run_id, DocumentError.path, DocumentError.stage,
                    Article.attempts, DocumentError.error)
             .outerjoin(Article, Article.content_hash == DocumentError.content_hash)
             .order_by(DocumentError.id.desc()).limit(limit))
    if run_id is not None:
        query = query.where(DocumentError.run_id == run_id)
    with engine.connect() as conn:
        rows = [tuple(row) for row in conn.execute(query)]
    console.print(_table("document errors", ["run", "path", "stage", "attempts", "error"], rows))


def print_summary(engine: Engine) -> None:
    with engine.connect() as conn:
        statuses = conn.execute(select(Article.status, func.count()).group_by(Article.status)
                                .order_by(func.count().desc())).all()
        types = conn.execute(select(Event.type, func.count()).group_by(Event.type)
                             .order_by(func.count().desc())).all()
        weapon = func.coalesce(Event.weapon_name, Event.weapon_category)
        weapons = conn.execute(
            select(weapon, Event.weapon_category, func.count(), func.max(Event.quantity))
            .where(Event.type == "arms_transfer").group_by(weapon, Event.weapon_category)
            .order_by(func.count().desc(), weapon).limit(10)).all()
    console.print(_table("articles", ["status", "count"], [tuple(r) for r in statuses]))
    console.print(_table("events", ["type", "count"], [tuple(r) for r in types]))
    console.print(_table("top weapon systems", ["weapon", "category", "reports", "max quantity"],
                         [tuple(r) for r in weapons]))
