"""The filters of the flows and claims pages, read from a query string and turned into SQL.

Input: the query parameters (country, item, category, stage, certainty, from, to, q, review,
supplier, recipient, type). Output: a `Filters` record, and the WHERE clauses it makes on
`reviewed_events` joined to `articles`. The words of `q` are matched with the FTS5 search tables
(evidence sentences and article texts) on SQLite, with LIKE elsewhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Connection,
    FromClause,
    and_,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.exc import OperationalError

from models import Article, Event, LedgerEvent
from pipeline.reviews.view import reviewed_events as E

A = Article.__table__
EV = Event.__table__
L = LedgerEvent.__table__
REVIEW_CHOICES = ("", "unreviewed", "reviewed", "confirmed", "corrected", "rejected", "all")
UNSTATED = "-"  # supplier or recipient not stated, in a link from a flow
MAX_TEXT = 200


class BadFilter(ValueError):
    """A filter value that cannot be used (a malformed date, say); the message says which."""


@dataclass(frozen=True)
class Filters:
    country: str = ""
    item: str = ""
    category: str = ""
    stage: str = ""
    certainty: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    review: str = ""
    supplier: str = ""
    recipient: str = ""
    type: str = ""

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> Filters:
        values = {name: " ".join(params.get(_param(name), "").split())[:MAX_TEXT]
                  for name in cls.__dataclass_fields__}
        for name in ("date_from", "date_to"):
            if values[name]:
                try:
                    dt.date.fromisoformat(values[name])
                except ValueError:
                    raise BadFilter(f"{_param(name)}: {values[name]!r} is not a date "
                                    "(YYYY-MM-DD)") from None
        if values["review"] not in REVIEW_CHOICES:
            raise BadFilter(f"review: one of {', '.join(c for c in REVIEW_CHOICES if c)}")
        return cls(**values)

    def query(self, **changes: str) -> str:
        """The query string of these filters with `changes`, empty values left out."""
        values = {_param(k): v for k, v in {**asdict(self), **changes}.items() if v}
        return urlencode(values)

    def active(self) -> bool:
        return any(asdict(self).values())


def _param(name: str) -> str:
    return {"date_from": "from", "date_to": "to"}.get(name, name)


Pick = Callable[[FromClause, ColumnElement[int]], list[ColumnElement[Any]]]


def passing(f: Filters, conn: Connection, pick: Pick) -> CompoundSelect:
    """The events that pass `f`, as `reviewed_events` shows them, joined to their article A
    and their ledger row L (outer): the columns `pick(S, reviewed)` makes of the event source
    S and its reviewed flag. Two parts: the events no review is about, read from `events`
    itself (a scan of the view costs several times more), and the reviewed ones, which the
    view gives with their reviewed values."""
    reviewed = (select(E).where(E.c.reviewed == 1).cte("reviewed_part")
                .prefix_with("MATERIALIZED"))  # read once: the view's second part only
    parts = []
    for source, flag in ((EV, literal(0)), (reviewed, reviewed.c.reviewed)):
        where = conditions(f, conn, source)
        if source is EV:
            if f.review not in ("", "all", "unreviewed"):
                continue
            where.append(EV.c.id.not_in(select(reviewed.c.id)))
        parts.append(select(*pick(source, flag))
                     .select_from(source.join(A, A.c.id == source.c.article_id)
                                  .outerjoin(L, L.c.event_id == source.c.id))
                     .where(*where))
    return union_all(*parts)


def conditions(f: Filters, conn: Connection, E: FromClause = E) -> list[ColumnElement[bool]]:
    """WHERE clauses on `reviewed_events` E (or `events` with the same columns) joined to
    `articles` A."""
    where: list[ColumnElement[bool]] = []
    if f.country:
        where.append(or_(E.c.supplier == f.country, E.c.recipient == f.country))
    for side in ("supplier", "recipient"):
        value = getattr(f, side)
        if value:
            where.append(E.c[side].is_(None) if value == UNSTATED else E.c[side] == value)
    if f.item:
        pattern = f"%{f.item.lower()}%"
        where.append(or_(func.lower(E.c.weapon_name).like(pattern),
                         func.lower(E.c.weapon_text).like(pattern),
                         E.c.weapon_system_id == f.item))
    for name in ("category", "stage", "certainty", "type"):
        value = getattr(f, name)
        if value:
            column = E.c.weapon_category if name == "category" else E.c[name]
            where.append(column == value)
    if f.date_from:
        where.append(A.c.published >= dt.date.fromisoformat(f.date_from))
    if f.date_to:
        where.append(A.c.published <= dt.date.fromisoformat(f.date_to))
    if f.q:
        where.append(_search(f.q, conn, E))
    if "review" in E.c:  # `events` has none: `passing` picks its part by the choice
        where.append(_review(f.review, E))
    return where


def _review(choice: str, E: FromClause) -> ColumnElement[bool]:
    if choice == "all":
        return and_(True)
    if choice == "unreviewed":
        return E.c.reviewed == 0
    if choice == "reviewed":
        return E.c.reviewed == 1
    if choice:
        return E.c.review == choice
    return or_(E.c.review.is_(None), E.c.review != "rejected")  # default: all but rejected


SEARCH_TABLES = {"evidence_search": "id", "article_search": "article_id"}


def _search(words: str, conn: Connection, E: FromClause) -> ColumnElement[bool]:
    """Events whose sentence or article matches `words` in FTS5's query language; a query
    that only one table understands (`title:rafale`) searches that one. Raises BadFilter when
    neither does."""
    if conn.dialect.name != "sqlite":
        pattern = f"%{words.lower()}%"
        return or_(func.lower(E.c.sentence).like(pattern), func.lower(A.c.title).like(pattern))
    found, problem = [], ""
    for table, column in SEARCH_TABLES.items():
        match = text(f"{table} MATCH :q").bindparams(q=words)
        try:
            conn.execute(select(text("1")).select_from(text(table)).where(match).limit(1))
        except OperationalError as exc:
            problem = str(exc.orig)
            continue
        found.append(E.c[column].in_(select(text("rowid")).select_from(text(table)).where(match)))
    if not found:
        raise BadFilter(f"search {words!r}: {problem} (see the query language in "
                        "docs/schema.md)")
    return or_(*found)
