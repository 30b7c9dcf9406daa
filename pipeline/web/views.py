"""One view per kind of page. Each returns the template to render and the page's data; the
same data is the page's JSON twin (the path plus `.json`), so the HTML is a rendering of it,
not a second code path. Errors are `PageError`s with an HTTP status and a message."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import configure_mappers

from models import LedgerEvent
from pipeline.ledger.chart import load as load_chart
from pipeline.reviews import values
from pipeline.reviews.writer import ACTIONS
from pipeline.web import claims as ledger
from pipeline.web import pages
from pipeline.web.cache import PageCache
from pipeline.web.filters import REVIEW_CHOICES, BadFilter, Filters
from pipeline.web.removed import removed

CACHE = PageCache()
REPORTS_PAGE = 20  # reports shown on a claim's page at a time
STAGES = values.vocabulary("stage")
CERTAINTIES = values.vocabulary("certainty")


class PageError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Page:
    template: str
    data: dict[str, Any]
    title: str


def _filters(params: Mapping[str, str]) -> Filters:
    try:
        return Filters.parse(params)
    except BadFilter as exc:
        raise PageError(400, str(exc)) from None


def _search_errors(run):
    """Run a query whose filters are checked as it runs (a search the index cannot parse)."""
    try:
        return run()
    except BadFilter as exc:
        raise PageError(400, str(exc)) from None


def _choices() -> dict[str, Any]:
    return {"stages": STAGES, "certainties": CERTAINTIES, "categories": values.categories(),
            "reviews": [c for c in REVIEW_CHOICES if c], "countries": _country_names()}


def flows(conn: Connection, params: Mapping[str, str]) -> Page:
    f = _filters(params)
    rows = _search_errors(lambda: CACHE.get(conn, ("flows", f), lambda: pages.flows(conn, f)))
    return Page("flows.html", {"filters": f.__dict__, "flows": rows, "query": f.query(),
                               "choices": _choices()}, "Flows")


def claims(conn: Connection, params: Mapping[str, str]) -> Page:
    """The ledger's claims behind the events that pass the filters."""
    f = _filters(params)
    page = _page_number(params)
    data = dict(_search_errors(lambda: CACHE.get(conn, ("claims", f, page),
                                                 lambda: ledger.claims(conn, f, page))))
    data.update({"filters": f.__dict__, "query": f.query(), "choices": _choices()})
    return Page("claims.html", data, "Claims")


def claim(conn: Connection, claim_id: str, params: Mapping[str, str]) -> Page:
    """A claim: its figures, the chart of its series, its reports (a page of them, the first
    reported first) with their review forms."""
    found = ledger.claim(conn, claim_id)
    if found is None:
        raise PageError(404, f"no claim {claim_id}")
    total, shown = ledger.reports(conn, claim_id, _page_number(params), REPORTS_PAGE)
    pages_count = max(1, -(-total // REPORTS_PAGE))
    page = min(_page_number(params), pages_count)
    if page < _page_number(params):  # past the last page: show the last
        shown = ledger.reports(conn, claim_id, page, REPORTS_PAGE)[1]
    reports = [pages.event(conn, r["event_id"]) for r in shown]
    return Page("claim.html", {"claim": found, "reports": [r for r in reports if r],
                               "page": page, "pages": pages_count, "total": total,
                               "history": ledger.history_size(conn, found),
                               "stale": ledger.stale(conn), "fields": values.FIELDS,
                               "actions": ACTIONS, "choices": _correction_choices()},
                f"Claim {found['item']}")


def _page_number(params: Mapping[str, str]) -> int:
    try:
        return max(1, int(params.get("page", "1")))
    except ValueError:
        raise PageError(400, "page: a number") from None


def chart(conn: Connection, claim_id: str) -> str:
    """The SVG chart of the claim's series, drawn once while the database stays the same."""
    found = ledger.claim(conn, claim_id)
    if found is None:
        raise PageError(404, f"no claim {claim_id}")
    title = f"{found['supplier'] or 'unstated'} → {found['recipient'] or 'unstated'}"
    return CACHE.get(conn, ("chart", claim_id),
                     lambda: ledger.chart(ledger.history(conn, found), title))


def warm_up() -> None:
    """Before the first request: read the vocabularies the forms offer, load the chart's
    library, set up the models' mappers."""
    _correction_choices()
    load_chart()
    configure_mappers()
    _choices()


def event(conn: Connection, event_id: int) -> Page:
    """One report: its values (reviewed), its evidence, its review forms and trail."""
    report = pages.event(conn, event_id)
    if report is None:
        raise PageError(404, f"no event {event_id}")
    claim_id = conn.execute(select(LedgerEvent.claim_id).where(
        LedgerEvent.event_id == event_id)).scalar()
    return Page("event.html", {"event": report, "reports": [report], "claim_id": claim_id,
                               "fields": values.FIELDS, "actions": ACTIONS,
                               "choices": _correction_choices()}, f"Report {event_id}")


def _correction_choices() -> dict[str, tuple[str, ...]]:
    return {"supplier": _country_names(), "recipient": _country_names(), "stage": STAGES,
            "certainty": CERTAINTIES, "category": values.categories()}


def _country_names() -> tuple[str, ...]:
    return tuple(sorted(set(values.countries().values())))


def article(conn: Connection, article_id: int) -> Page:
    """The article page; what was removed as boilerplate is recomputed from its source file."""
    data = pages.article(conn, article_id)
    if data is None:
        raise PageError(404, f"no article {article_id}")
    head = data["article"]
    text = conn.execute(select(pages.A.c.text).where(pages.A.c.id == article_id)).scalar()
    found = removed(data["paths"], head["content_hash"], [text, head["title"], head["standfirst"]])
    data["removed"] = {"lines": found.lines, "reason": found.reason}
    return Page("article.html", data, head["title"] or f"Article {article_id}")


def runs(conn: Connection) -> Page:
    return Page("runs.html", pages.runs(conn), "Runs and errors")
