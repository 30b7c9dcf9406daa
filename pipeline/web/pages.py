"""The data of each page, read through the server's read-only connection.

Each function takes a connection and the page's parameters and returns plain dicts and lists:
the HTML templates render them and the `.json` twins serve them as they are. Events are read
from `reviewed_events`, so every page shows the reviewed values.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, String, cast, func, literal, null, select, union_all

from models import Article, ArticlePath, Attribution, DocumentError, LedgerEvent, Run
from pipeline.reviews import trail
from pipeline.reviews.view import reviewed_events as E
from pipeline.web.filters import UNSTATED, Filters, passing
from pipeline.web.highlight import Mark, marked_paragraphs, paragraph_at, segments
from pipeline.web.security import safe_url

A = Article.__table__
TOP_ITEMS = 4
ITEM = func.coalesce(E.c.weapon_name, E.c.weapon_category)


def flows(conn: Connection, f: Filters) -> list[dict[str, Any]]:
    """Supplier -> recipient flows of the events that pass `f`: counts of claims, reports and
    articles, the top items, the latest report (the highest id on the latest publication
    date); the busiest first. The filtered events are read once (a materialized CTE) for the
    two summaries, which come back in one statement."""
    found = passing(f, conn, lambda S, reviewed: [
        S.c.supplier, S.c.recipient, S.c.type,
        func.coalesce(S.c.weapon_name, S.c.weapon_category).label("item"), S.c.id,
        S.c.article_id, reviewed.label("reviewed"), _latest_key(conn, A.c.published, S.c.id),
        LedgerEvent.claim_id]).cte("found").prefix_with("MATERIALIZED")
    flow = (found.c.supplier, found.c.recipient, found.c.type)
    statement = union_all(
        select(literal("flow").label("kind"), *flow, func.max(found.c.latest).label("item"),
               func.count().label("a"), func.count(found.c.article_id.distinct()).label("b"),
               func.sum(found.c.reviewed).label("c"),
               func.count(found.c.claim_id.distinct()).label("d")).group_by(*flow),
        select(literal("item"), *flow, found.c.item, func.count(), null(), null(), null())
        .where(found.c.item.is_not(None)).group_by(*flow, found.c.item))
    return _flow_rows(conn, f, conn.execute(statement).all())


def _latest_key(conn: Connection, published: Any, event_id: Any) -> Any:
    """Text that sorts an event by publication date (none first), then id: its maximum in a
    group names the group's latest report in the same pass as its counts (a window or a
    join back costs as much again)."""
    day = func.coalesce(cast(published, String), "")
    padded = (func.printf("%012d", event_id) if conn.dialect.name == "sqlite"
              else func.lpad(cast(event_id, String), 12, "0"))
    return (day + "#" + padded).label("latest")


def _flow_rows(conn: Connection, f: Filters, rows: list[Any]) -> list[dict[str, Any]]:
    items: dict[tuple, list[tuple[str, int]]] = defaultdict(list)
    for row in (r for r in rows if r.kind == "item"):
        items[tuple(row[1:4])].append((row.item, row.a))
    latest = {row: _latest(row.item) for row in rows if row.kind == "flow"}
    heads = {r.id: r for r in conn.execute(
        select(E.c.id, E.c.article_id, A.c.title, A.c.published)
        .join(A, A.c.id == E.c.article_id)
        .where(E.c.id.in_(set(latest.values()))))} if latest else {}
    out = []
    for row, event_id in latest.items():
        key = tuple(row[1:4])
        top = sorted(items[key], key=lambda pair: (-pair[1], pair[0]))[:TOP_ITEMS]
        last = heads.get(event_id)
        out.append({"supplier": row.supplier, "recipient": row.recipient, "type": row.type,
                    "claims": row.d, "events": row.a, "articles": row.b,
                    "reviewed": int(row.c or 0),
                    "items": [{"item": name, "events": n} for name, n in top],
                    "more_items": max(0, len(items[key]) - TOP_ITEMS),
                    "latest": last and {"event_id": last.id, "article_id": last.article_id,
                                        "title": last.title,
                                        "published": _iso(last.published)},
                    "query": f.query(supplier=row.supplier or UNSTATED,
                                     recipient=row.recipient or UNSTATED, type=row.type)})
    return sorted(out, key=lambda r: (-r["events"], r["supplier"] or "~", r["recipient"] or "~"))


def _latest(key: str) -> int:
    return int(key.rpartition("#")[2])


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
