"""Export: the database as JSON Lines (one article a line, as the export contract says) or CSV
(one event a row, with its article's fields flattened in)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from models import Article, ArticlePath, Attribution
from pipeline.reviews.trail import article_trails
from pipeline.reviews.view import reviewed_events

ARTICLE_FIELDS = ("url", "title", "standfirst", "author", "published", "site", "language",
                  "kind", "encoding", "status", "error", "content_hash", "ruleset_version")
CSV_ARTICLE_FIELDS = ("source_path", "title", "author", "published", "site", "url", "language")


def iter_articles(engine: Engine) -> Iterator[dict[str, Any]]:
    """Articles as contract dicts, ordered by their first source path."""
    first_path = (select(ArticlePath.article_id, func.min(ArticlePath.path).label("path"))
                  .group_by(ArticlePath.article_id).subquery())
    query = select(Article, first_path.c.path).join(
        first_path, first_path.c.article_id == Article.id).order_by(first_path.c.path)
    with Session(engine) as session:
        for article, path in session.execute(query):
            yield _article_dict(session, article, path)


def _article_dict(session: Session, article: Article, path: str) -> dict[str, Any]:
    paths = session.scalars(select(ArticlePath.path).where(ArticlePath.article_id == article.id)
                            .order_by(ArticlePath.path)).all()
    events = session.execute(select(reviewed_events)
                             .where(reviewed_events.c.article_id == article.id)
                             .order_by(reviewed_events.c.seq)).all()
    trails = article_trails(session.connection(), article.content_hash, events)
    attributions = session.scalars(select(Attribution).where(Attribution.article_id == article.id)
                                   .order_by(Attribution.seq)).all()
    row: dict[str, Any] = {"source_path": path, "source_paths": list(paths)}
    for name in ARTICLE_FIELDS:
        value = getattr(article, name)
        row[name] = value.isoformat() if name == "published" and value else value
    row["text"] = article.text
    row["events"] = [{**event_dict(event), "reviews": trails.get(event.id, [])}
                     for event in events]
    row["attributions"] = [attribution_dict(a) for a in attributions]
    return row


def event_dict(event: Any) -> dict[str, Any]:
    """An event (a `reviewed_events` row: reviewed values, `reviewed`, `review`) as the export
    contract has it."""
    weapon = None
    if event.weapon_category or event.weapon_name:
        weapon = {"name": event.weapon_name, "text": event.weapon_text,
                  "category": event.weapon_category,
                  "calibre_mm": event.calibre_mm, "system_id": event.weapon_system_id}
    quantity = None
    if event.quantity is not None or event.quantity_upper is not None:
        quantity = {"value": event.quantity, "approximate": bool(event.quantity_approximate),
                    "qualifier": event.quantity_qualifier, "unit": event.quantity_unit,
                    "text": event.quantity_text, "low": event.quantity_low,
                    "high": event.quantity_upper}
    source = None
    if event.source_name:
        source = {"name": event.source_name, "via": json.loads(event.source_via or "[]"),
                  "cue": event.source_cue, "id": event.source_id, "kind": event.source_kind,
                  "country": event.source_country, "text": event.source_text}
    return {
        "type": event.type, "supplier": event.supplier, "recipient": event.recipient,
        "weapon": weapon, "quantity": quantity, "location": event.location, "source": source,
        "certainty": event.certainty, "stage": event.stage,
        "date": event.event_date.isoformat() if event.event_date else None,
        "date_precision": event.date_precision, "date_text": event.date_text,
        "inferred": event.inferred, "sentence": event.sentence,
        "start": event.start, "end": event.end,
        "reviewed": bool(event.reviewed), "review": event.review,
    }


def attribution_dict(a: Attribution) -> dict[str, Any]:
    return {"speaker": a.speaker, "via": json.loads(a.via or "[]"), "cue": a.cue,
            "direct": a.direct, "quote": a.quote, "start": a.start, "end": a.end,
            "source_id": a.source_id, "kind": a.kind, "country": a.country,
            "speaker_text": a.speaker_text}


def write_jsonl(engine: Engine, out: IO[str]) -> int:
    """Write one JSON object per article; returns the number of articles."""
    count = 0
    for article in iter_articles(engine):
        out.write(json.dumps(article, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(engine: Engine, out: IO[str]) -> int:
    """Write one row per event with its article's fields, text that a spreadsheet would run as
    a formula defused (`spreadsheet_safe`); returns the number of events."""
    event_fields = ["type", "supplier", "recipient", "weapon_name", "weapon_category",
                    "calibre_mm", "quantity", "quantity_low", "quantity_high",
                    "quantity_approximate", "quantity_qualifier",
                    "quantity_unit", "location", "source_name", "source_via", "source_cue",
                    "source_id", "source_kind", "source_country", "certainty", "stage", "date",
                    "date_precision", "inferred", "sentence", "start", "end", "reviewed", "review",
                    "reviews"]
    writer = csv.DictWriter(out, fieldnames=[*CSV_ARTICLE_FIELDS, *event_fields])
    writer.writeheader()
    count = 0
    for article in iter_articles(engine):
        base = {name: article[name] for name in CSV_ARTICLE_FIELDS}
        for event in article["events"]:
            row = {**base, **_flat_event(event)}
            writer.writerow({name: spreadsheet_safe(value) for name, value in row.items()})
            count += 1
    return count


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula


def spreadsheet_safe(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula (=HYPERLINK(...) in a title, say),
    with a leading apostrophe so that it shows as text; anything else as it is (OWASP's advice
    on CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _flat_event(event: dict[str, Any]) -> dict[str, Any]:
    weapon, quantity, source = event["weapon"] or {}, event["quantity"] or {}, event["source"] or {}
    return {
        "type": event["type"], "supplier": event["supplier"], "recipient": event["recipient"],
        "weapon_name": weapon.get("name"), "weapon_category": weapon.get("category"),
        "calibre_mm": weapon.get("calibre_mm"), "quantity": quantity.get("value"),
        "quantity_low": quantity.get("low"), "quantity_high": quantity.get("high"),
        "quantity_approximate": quantity.get("approximate"),
        "quantity_qualifier": quantity.get("qualifier"), "quantity_unit": quantity.get("unit"),
        "location": event["location"], "source_name": source.get("name"),
        "source_via": "; ".join(source.get("via") or []), "source_cue": source.get("cue"),
        "source_id": source.get("id"), "source_kind": source.get("kind"),
        "source_country": source.get("country"), "certainty": event["certainty"],
        "stage": event["stage"], "date": event["date"],
        "date_precision": event["date_precision"], "inferred": event["inferred"],
        "sentence": event["sentence"], "start": event["start"], "end": event["end"],
        "reviewed": event["reviewed"], "review": event["review"],
        "reviews": json.dumps(event["reviews"], ensure_ascii=False) if event["reviews"] else "",
    }
