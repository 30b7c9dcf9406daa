"""Events for the ledger's tests, written as the ledger reads them (no database, no spaCy)."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from pipeline.ledger.inputs import EventInput

_IDS = itertools.count(1)


def event(**fields: Any) -> EventInput:
    """An arms transfer North Korea -> Russia, delivered, asserted, with the fields given."""
    event_id = fields.pop("event_id", next(_IDS))
    sentence = fields.pop("sentence", f"Report number {event_id}.")
    values: dict[str, Any] = dict(
        event_id=event_id, article_id=fields.pop("article_id", event_id),
        content_hash=f"{event_id:064x}", type="arms_transfer", supplier="North Korea",
        recipient="Russia", weapon_system_id=None, weapon_name=None,
        weapon_category="self-propelled artillery", calibre_mm=None, quantity=None,
        quantity_low=None, quantity_upper=None, quantity_approximate=None, quantity_text=None,
        quantity_unit=None, weapon_text=None, source="NIS", certainty="asserted",
        stage="delivered", event_date=None, sentence=sentence, start=0, end=len(sentence),
        published=dt.date(2024, 11, 20), site="Harbour Daily", url=None)
    values.update(fields)
    return EventInput(**values)


def koksan(**fields: Any) -> EventInput:
    return event(weapon_system_id="m1978-koksan", weapon_name="M1978 Koksan", calibre_mm=170.0,
                 **fields)


def troops(**fields: Any) -> EventInput:
    return event(type="troop_deployment", weapon_category=None, **fields)
