"""The data of each page, read through the server's read-only connection.

Each function takes a connection and the page's parameters and returns plain dicts and lists:
the HTML templates render them and the `.json` twins serve them as they are. Events are read
from `reviewed_events`, so every page shows the reviewed values.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, desc, func, select

from models import Article, ArticlePath, Attribution, DocumentError, Run
from pipeline.reviews import trail
from pipeline.reviews.view import reviewed_events as E
from pipeline.web import claims as ledger
from pipeline.web.filters import UNSTATED, Filters, conditions
from pipeline.web.highlight import Mark, marked_paragraphs, paragraph_at, segments
from pipeline.web.security import safe_url

A = Article.__table__
TOP_ITEMS = 4
ITEM = func.coalesce(E.c.weapon_name, E.c.weapon_category)


def _events_from():
    return E.join(A, A.c.id == E.c.article_id)


def flows(conn: Connection, f: Filters) -> list[dict[str, Any]]:
    """Supplier -> recipient flows of the events that pass `f`: counts, top items, the latest
    report; the busiest first."""
    where = conditions(f, conn)
    flow = (E.c.supplier, E.c.recipient, E.c.type)
    totals = conn.execute(
        select(*flow, func.count().label("events"),
               func.count(E.c.article_id.distinct()).label("articles"),
               func.sum(E.c.reviewed).label("reviewed"))
        .select_from(_events_from()).where(*where).group_by(*flow)).all()
    items: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for row in conn.execute(select(*flow, ITEM.label("item"), func.count().label("n"))
                            .select_from(_events_from()).where(*where)
                            .group_by(*flow, ITEM)):
        if row.item:
            items[tuple(row[:3])].append((row.item, row.n))
    latest = _latest_reports(conn, where)
    claim_counts = ledger.claim_counts(conn, f)
    out = []
    for row in totals:
        key = tuple(row[:3])
        top = sorted(items[key], key=lambda pair: (-pair[1], pair[0]))[:TOP_ITEMS]
        out.append({"supplier": row.supplier, "recipient": row.recipient, "type": row.type,
                    "claims": claim_counts.get(key, 0), "events": row.events,
                    "articles": row.articles,
                    "reviewed": int(row.reviewed or 0),
                    "items": [{"item": name, "events": n} for name, n in top],
                    "more_items": max(0, len(items[key]) - TOP_ITEMS),
                    "latest": latest.get(key),
                    "query": f.query(supplier=row.supplier or UNSTATED,
                                     recipient=row.recipient or UNSTATED, type=row.type)})
    return sorted(out, key=lambda r: (-r["events"], r["supplier"] or "~", r["recipient"] or "~"))


def _latest_reports(conn: Connection, where: list) -> dict[tuple, dict[str, Any]]:
    flow = (E.c.supplier, E.c.recipient, E.c.type)
    ranked = (select(*flow, E.c.id, A.c.id.label("article_id"), A.c.title, A.c.published,
                     func.row_number().over(partition_by=flow,
                                            order_by=(desc(A.c.published), desc(E.c.id)))
                     .label("n"))
              .select_from(_events_from()).where(*where).subquery())
    rows = conn.execute(select(ranked).where(ranked.c.n == 1))
    return {(r.supplier, r.recipient, r.type): {
        "event_id": r.id, "article_id": r.article_id, "title": r.title,
        "published": _iso(r.published)} for r in rows}


def _event(row: Any) -> dict[str, Any]:
    out = {column.name: row[column.name] for column in E.c}
    out["event_date"] = _iso(row["event_date"])
    out["source_via"] = json.loads(row["source_via"] or "[]")
    out["item"] = row["weapon_name"] or row["weapon_category"]
    for name in ("title", "published", "site"):
        if name in row:
            out[name] = _iso(row[name]) if name == "published" else row[name]
    return out


def event(conn: Connection, event_id: int) -> dict[str, Any] | None:
    """One event (a report) with its article, its sentence inside its paragraph, its source
    chain and its review trail; None when there is no such event."""
    row = conn.execute(select(E).where(E.c.id == event_id)).mappings().first()
    if row is None:
        return None
    report = _event(row)
    article = conn.execute(select(A).where(A.c.id == row["article_id"])).mappings().one()
    text = article["text"] or ""
    start, end = paragraph_at(text, row["start"])
    report["paragraph"] = segments(text, start, end, [Mark(row["start"], row["end"], "sentence")])
    report["chain"] = [*([report["source_name"]] if report["source_name"] else []),
                       *report["source_via"], *([article["site"]] if article["site"] else [])]
    report["article"] = _article_head(article)
    siblings = conn.execute(select(E.c.id, E.c.seq, E.c.type, E.c.weapon_text,
                                   E.c.quantity_text, E.c.start, E.c.end)
                            .where(E.c.article_id == row["article_id"])).all()
    report["reviews"] = trail.article_trails(conn, article["content_hash"], siblings).get(
        event_id, [])
    return report


def _article_head(article: Any) -> dict[str, Any]:
    return {"id": article["id"], "title": article["title"], "site": article["site"],
            "published": _iso(article["published"]), "author": article["author"],
            "url": article["url"], "link": safe_url(article["url"])}


def article(conn: Connection, article_id: int) -> dict[str, Any] | None:
    """An article: metadata, files, the text with events and attributions marked, its events."""
    row = conn.execute(select(A).where(A.c.id == article_id)).mappings().first()
    if row is None:
        return None
    events = [_event(r) for r in conn.execute(
        select(E).where(E.c.article_id == article_id).order_by(E.c.seq)).mappings()]
    said = conn.execute(select(Attribution.__table__).where(
        Attribution.article_id == article_id).order_by(Attribution.seq)).mappings().all()
    marks = [Mark(e["start"], e["end"], "event", f"/events/{e['id']}",
                  f"{e['supplier'] or '?'} → {e['recipient'] or '?'}: {e['item'] or e['type']}")
             for e in events if e["review"] != "rejected"]
    marks += [Mark(a["start"], a["end"], "attribution", None, f"said by {a['speaker']}")
              for a in said]
    paths = conn.execute(select(ArticlePath.path).where(ArticlePath.article_id == article_id)
                         .order_by(ArticlePath.path)).scalars().all()
    head = _article_head(row)
    head.update({name: row[name] for name in (
        "status", "error", "kind", "encoding", "language", "standfirst", "content_hash",
        "ruleset_version", "byte_size")})
    head["extracted_at"] = _iso(row["extracted_at"])
    return {"article": head, "paths": list(paths), "events": events,
            "attributions": [dict(a) for a in said],
            "paragraphs": marked_paragraphs(row["text"] or "", marks)}


def runs(conn: Connection, limit: int = 20) -> dict[str, Any]:
    """The last runs, the latest document errors, and the reviews whose event is gone."""
    run_rows = conn.execute(select(Run.__table__).order_by(Run.id.desc()).limit(limit))
    errors = conn.execute(
        select(DocumentError.__table__, A.c.id.label("article_id"))
        .outerjoin(A, A.c.content_hash == DocumentError.content_hash)
        .order_by(DocumentError.id.desc()).limit(100))
    orphans = trail.orphans(conn)
    return {"runs": [_plain(r) for r in run_rows.mappings()],
            "errors": [_plain(r) for r in errors.mappings()],
            "orphans": [_plain(r._mapping) for r in orphans],
            "reviews": [_plain(r._mapping) for r in trail.recent(conn, 20)]}


def _plain(row: Any) -> dict[str, Any]:
    return {k: _iso(v) for k, v in dict(row).items()}


def _iso(value: Any) -> Any:
    return value.isoformat(sep=" ") if hasattr(value, "hour") else (
        value.isoformat() if hasattr(value, "isoformat") else value)
