"""What an event is about: its unit (the events compared with each other) and its item.

A unit is one type, supplier, recipient and item family (all artillery, say, or troops): the
ledger recomputes whole units, since an item is decided by the other events of its unit. The
item is the named system; else, for a category with a calibre, the one system of the unit with
that calibre and a matching category ("170mm self-propelled guns" beside "M1978 Koksan"), or
the one narrower category of that calibre for a broad word ("240mm howitzers" beside "240mm
multiple rocket launchers"); else the category and calibre themselves. Counts of containers
("7,000 containers of weapons") make an item of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pipeline.ledger.inputs import EventInput
from pipeline.ledger.rules import Rules
from pipeline.records import TROOP_DEPLOYMENT

TROOPS = "troops"
UNSPECIFIED = "unspecified"


@dataclass(frozen=True)
class Item:
    key: str  # system id, "category / 170mm", "category / noun" or "troops"
    label: str
    system_id: str | None = None
    category: str | None = None
    calibre_mm: float | None = None


TROOP_ITEM = Item(TROOPS, TROOPS)


def unit_of(event: EventInput, rules: Rules) -> str:
    """The unit's key: "type|supplier|recipient|family"."""
    if event.type == TROOP_DEPLOYMENT:
        family = TROOPS
    else:
        category = event.weapon_category or UNSPECIFIED
        family = rules.family.get(category, category)
    return "|".join((event.type, event.supplier or "", event.recipient or "", family))


def resolve_items(events: Iterable[EventInput], rules: Rules) -> dict[int, Item]:
    """The item of every event of one unit, by event id."""
    events = list(events)
    systems = _systems(events)
    narrower = _narrower_categories(events, systems, rules)
    items: dict[int, Item] = {}
    for event in events:
        if event.type == TROOP_DEPLOYMENT:
            item = TROOP_ITEM
        elif event.weapon_system_id:
            item = systems[event.weapon_system_id]
        else:
            item = _generic(event, systems, narrower, rules)
        unit = (event.quantity_unit or "").lower()
        if unit in rules.container_units:
            item = replace(item, key=f"{item.key} / {unit}", label=f"{item.label} ({unit})")
        items[event.event_id] = item
    return items


def _systems(events: list[EventInput]) -> dict[str, Item]:
    """The named systems of the unit, each with its name, category and calibre."""
    found: dict[str, list[EventInput]] = defaultdict(list)
    for event in events:
        if event.weapon_system_id and event.type != TROOP_DEPLOYMENT:
            found[event.weapon_system_id].append(event)
    systems = {}
    for system_id, reports in sorted(found.items()):
        calibres = [e.calibre_mm for e in reports if e.calibre_mm]
        names = sorted(e.weapon_name or system_id for e in reports)
        categories = sorted(e.weapon_category or UNSPECIFIED for e in reports)
        systems[system_id] = Item(system_id, names[0], system_id, categories[0],
                                  max(calibres) if calibres else None)
    return systems


def _narrower_categories(events: list[EventInput], systems: dict[str, Item], rules: Rules
                         ) -> dict[float, set[str]]:
    """Calibre -> the categories other than broad ones that the unit names at that calibre."""
    found: dict[float, set[str]] = defaultdict(set)
    for item in systems.values():
        if item.calibre_mm and item.category not in rules.broad:
            found[item.calibre_mm].add(item.category or UNSPECIFIED)
    for event in events:
        category = event.weapon_category or UNSPECIFIED
        if not event.weapon_system_id and event.calibre_mm and category not in rules.broad:
            found[event.calibre_mm].add(category)
    return found


def _generic(event: EventInput, systems: dict[str, Item], narrower: dict[float, set[str]],
             rules: Rules) -> Item:
    category = event.weapon_category or UNSPECIFIED
    calibre = event.calibre_mm
    if calibre:
        broad = category in rules.broad
        matches = [s for s in systems.values() if s.calibre_mm == calibre
                   and (s.category == category or broad)]
        if len(matches) == 1:
            return matches[0]
        if broad and len(narrower[calibre]) == 1:
            category = next(iter(narrower[calibre]))
        return Item(f"{category} / {calibre:g}mm", f"{calibre:g}mm {category}", None, category,
                    calibre)
    if category in rules.noun_keyed:
        noun = (event.weapon_name or category).lower()
        return Item(f"{category} / {noun}", noun, None, category, None)
    return Item(category, category, None, category, None)
