"""Reports for people and scripts: recent runs, document errors, what the database holds.

Each report is a `Report` (a title, column names and rows) read from the database; `write`
renders a list of them as terminal tables, CSV or JSON, so that the three formats show the
same data. Times are ISO 8601 UTC everywhere.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlalchemy import Engine, select, text

from models import Article, DocumentError, Run

FORMATS = ("table", "csv", "json")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TIME = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?")  # how SQLAlchemy stores a time


@dataclass(frozen=True)
class Report:
    title: str
    headers: list[str]
    rows: list[tuple[Any, ...]]


def runs(engine: Engine, limit: int) -> list[Report]:
    query = (select(Run.id, Run.started_at, Run.finished_at, Run.status, Run.exit_code,
                    Run.files_seen, Run.extracted, Run.unchanged, Run.duplicates, Run.failed,
                    Run.events, Run.skipped, Run.message).order_by(Run.id.desc()).limit(limit))
    return [Report("runs", ["id", "started", "finished", "status", "exit", "files", "extracted",
                            "unchanged", "duplicates", "failed", "events", "skipped", "message"],
                   _rows(engine, query))]


def errors(engine: Engine, run_id: int | None, limit: int) -> list[Report]:
    """The latest document errors; `attempts` are those of the content so far (a time-out or a
    worker that died is tried again, up to `--max-attempts`)."""
    query = (select(DocumentError.run_id, DocumentError.path, DocumentError.stage,
                    Article.attempts, DocumentError.error)
             .outerjoin(Article, Article.content_hash == DocumentError.content_hash)
             .order_by(DocumentError.id.desc()).limit(limit))
    if run_id is not None:
        query = query.where(DocumentError.run_id == run_id)
    return [Report("document errors", ["run", "path", "stage", "attempts", "error"],
                   _rows(engine, query))]


TOP = 10  # rows in each of the summary's top lists
SUMMARY_QUERIES = {  # title: (headers, SQL); the tops are read from the views of docs/schema.md
    "articles": (["status", "count"],
                 "SELECT status, count(*) FROM articles GROUP BY status ORDER BY 2 DESC, 1"),
    "events": (["type", "count"],
               "SELECT type, count(*) FROM events GROUP BY type ORDER BY 2 DESC, 1"),
    "top weapon systems": (["weapon", "category", "reports", "max quantity"],
                           "SELECT weapon, weapon_category, reports, max_quantity "
                           f"FROM weapon_summary LIMIT {TOP}"),
    "top flows": (["supplier", "recipient", "type", "events", "max quantity"],
                  "SELECT supplier, recipient, type, events, max_quantity "
                  f"FROM supplier_recipient_summary LIMIT {TOP}"),
    "top sources": (["source", "kind", "events", "articles"],  # one row per canonical source
                    "SELECT coalesce(s.name, e.source_name), s.kind, count(*), "
                    "count(DISTINCT e.article_id) FROM events e "
                    "LEFT JOIN sources s ON s.id = e.source_id WHERE e.source_name IS NOT NULL "
                    "GROUP BY coalesce(e.source_id, e.source_name), coalesce(s.name, "
                    f"e.source_name), s.kind ORDER BY 3 DESC, 1 LIMIT {TOP}"),
    "latest run": (["id", "started", "status", "exit", "files", "extracted", "failed"],
                   "SELECT id, started_at, status, exit_code, files_seen, extracted, failed "
                   "FROM runs ORDER BY id DESC LIMIT 1"),
}


def summary(engine: Engine) -> list[Report]:
    """Articles by status, events by type, the top weapons, flows and sources (as the views
    `weapon_summary`, `supplier_recipient_summary` and `event_facts` count them) and the latest
    run."""
    with engine.connect() as conn:
        return [Report(title, headers, [_typed(row) for row in conn.execute(text(sql))])
                for title, (headers, sql) in SUMMARY_QUERIES.items()]


def _typed(row: Any) -> tuple[Any, ...]:
    """A row of raw SQL, its SQLite time strings read back as the times they are."""
    return tuple(dt.datetime.fromisoformat(v) if isinstance(v, str) and _TIME.fullmatch(v)
                 else v for v in row)


def _rows(engine: Engine, query: Any) -> list[tuple[Any, ...]]:
    with engine.connect() as conn:
        return [tuple(row) for row in conn.execute(query)]


def write(reports: Sequence[Report], fmt: str, out: IO[str]) -> None:
    """The reports as terminal tables, CSV (one report: its columns; several: a `table` column
    first and the union of their columns) or JSON (one report: a list of objects; several: an
    object of lists by title)."""
    if fmt == "table":
        console = Console(file=out)
        for report in reports:
            _print(report, console)
    elif fmt == "csv":
        _write_csv(reports, out)
    else:
        records = {r.title: [dict(zip(r.headers, map(_plain, row), strict=True))
                             for row in r.rows] for r in reports}
        data = next(iter(records.values())) if len(reports) == 1 else records
        out.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _write_csv(reports: Sequence[Report], out: IO[str]) -> None:
    several = len(reports) > 1
    headers = list(dict.fromkeys(h for r in reports for h in r.headers))
    writer = csv.writer(out)
    writer.writerow(["table", *headers] if several else headers)
    for report in reports:
        for row in report.rows:
            values = dict(zip(report.headers, map(_plain, row), strict=True))
            line = [values.get(h) for h in headers]
            writer.writerow([report.title, *line] if several else line)


def _plain(value: Any) -> Any:
    """A value as CSV and JSON carry it: times in ISO 8601 UTC, the rest as stored."""
    if isinstance(value, dt.datetime):  # stored naive, in UTC
        return value.isoformat(timespec="seconds") + "Z"
    return value


def cell(value: object) -> Text:
    """A value as a table cell: times in ISO 8601 UTC, control characters (an escape sequence in
    a title or a file name, say) as visible \\xNN, square brackets never read as markup."""
    if value is None:
        return Text("")
    return Text(_CONTROL.sub(lambda m: f"\\x{ord(m[0]):02x}", str(_plain(value))))


def _print(report: Report, console: Console) -> None:
    """A table, or one block per row when the table would not fit the terminal (80 columns
    hold no table of runs): nothing is cut."""
    cells = [[cell(value) for value in row] for row in report.rows]
    widths = [max([len(name), *(len(row[i]) for row in cells)])
              for i, name in enumerate(report.headers)]
    if sum(widths) + 3 * len(widths) + 1 <= console.width:
        table = Table(title=report.title, title_justify="left")
        for header in report.headers:
            table.add_column(header)
        for row in cells:
            table.add_row(*row)
        console.print(table)
        return
    console.print(Text(report.title, style="italic"))
    for row in cells:
        block = Table(show_header=False, box=box.SIMPLE)
        block.add_column(style="bold")
        block.add_column()
        for name, value in zip(report.headers, row, strict=True):
            block.add_row(name, value)
        console.print(block)
