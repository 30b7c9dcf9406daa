"""`salvo datasette-metadata`: a Datasette metadata file that describes a salvo database.

Input: docs/schema.md (shipped in the package as `pipeline/data/schema.md`): each table's and
view's description and column table, and its example queries. Output: YAML with, per table and
view, a description and column descriptions; the full-text search tables tied to the tables
they index (`fts_table`); every example query as a canned query. cli.py registers the command
with `app.command("datasette-metadata")(datasette_metadata)`.
"""

from __future__ import annotations

import re
import sys
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from pipeline.cli_common import DEFAULT_DB, DbOption

SECTION = re.compile(r"^## (.+)$")
OBJECT = re.compile(r"^### `(\w+)`$")
QUERY_TITLE = re.compile(r"^### (.+)$")
COLUMN_ROW = re.compile(r"^\| `(\w+)` \| (.+) \|$")
FTS = {"articles": "article_search", "events": "evidence_search"}  # table -> its search table


def schema_doc() -> str:
    return resources.files("pipeline").joinpath("data/schema.md").read_text(encoding="utf-8")


def describe(doc: str) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, str]]]:
    """(tables and views with their description and columns, canned queries) from the doc."""
    tables: dict[str, dict[str, Any]] = {}
    queries: dict[str, dict[str, str]] = {}
    section, current, title, lines = "", None, None, iter(doc.splitlines())
    for line in lines:
        if match := SECTION.match(line):
            section, current, title = match[1], None, None
        elif section == "Example queries" and (match := QUERY_TITLE.match(line)):
            title = match[1]
        elif title and line.strip() == "```sql":
            sql = "\n".join(iter(lambda: next(lines), "```")).strip().rstrip(";")
            queries[_slug(title)] = {"title": title, "sql": sql}
            title = None
        elif match := OBJECT.match(line):
            current = tables.setdefault(match[1], {"description": "", "columns": {}})
        elif current is not None and (match := COLUMN_ROW.match(line)):
            current["columns"][match[1]] = _plain(match[2])
        elif current is not None and line.strip() and not line.startswith("|") \
                and not current["description"]:
            current["description"] = _plain(line)
    return tables, queries


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:60]


def _plain(text: str) -> str:
    """Markdown's code marks and links dropped: Datasette shows descriptions as text."""
    text = re.sub(r"\[([^\]]+)\]\([^)]+\)", r"\1", text)
    return text.replace("`", "").strip()


def metadata(database: str, doc: str) -> dict[str, Any]:
    tables, queries = describe(doc)
    for table, search in FTS.items():
        if table in tables:
            tables[table].update({"fts_table": search, "fts_pk": "id"})
    for described in tables.values():
        if not described["description"]:
            del described["description"]
    return {"title": "salvo: arms-transfer claims from news articles",
            "description": "Tables, views and full-text search as docs/schema.md describes "
                           "them; the example queries are canned queries.",
            "databases": {database: {"tables": tables, "queries": queries}}}


def datasette_metadata(
    db: DbOption = DEFAULT_DB,
    name: Annotated[str | None, typer.Option(
        help="The database's name in Datasette (default: the --db file's name without its "
             "extension, as Datasette names it).")] = None,
) -> None:
    """Print a Datasette metadata file (YAML) for the database: table and column descriptions,
    search tables, the documented example queries as canned queries.
    Use: salvo datasette-metadata --db news.db > metadata.yml; datasette news.db -m
    metadata.yml"""
    database = name or Path(db.rsplit("/", 1)[-1]).stem or "salvo"
    yaml.safe_dump(metadata(database, schema_doc()), sys.stdout, sort_keys=False,
                   allow_unicode=True, width=100)
