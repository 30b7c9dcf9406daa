"""What a correction may set: the fields analysts correct and the values each one accepts.

Input: a field name and the value as typed. Output: the stored value (canonical country,
weapon system or vocabulary word; a count as digits; None for "unstated") and, for an item that
names a known weapon system, the system's id and category, which change with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.claims.nlp.lexicon import load_lexicon
from pipeline.records import ASSERTED, DENIED, HEDGED, STAGES

FIELDS = ("supplier", "recipient", "item", "category", "quantity", "stage", "certainty", "source")
CERTAINTIES = (ASSERTED, HEDGED, DENIED)
MAX_VALUE = 200  # characters in a corrected value
COUNT = re.compile(r"\d{1,3}(,\d{3})+|\d{1,9}")


class BadValue(ValueError):
    """The field cannot be corrected, or not to that value; the message says why."""


@dataclass(frozen=True)
class Correction:
    """The stored value of a corrected field, and the columns that change with it."""

    field: str
    value: str | None
    also: tuple[tuple[str, str | None], ...] = ()  # (field, value): an item's system, category


def parse(field: str, typed: str) -> Correction:
    """The correction of `field` to `typed`; raises BadValue with the reason."""
    if field not in FIELDS:
        raise BadValue(f"unknown field {field!r}; correctable: {', '.join(FIELDS)}")
    typed = " ".join(typed.split())
    if len(typed) > MAX_VALUE:
        raise BadValue(f"a value is at most {MAX_VALUE} characters")
    if field in ("supplier", "recipient"):
        return Correction(field, _country(typed) if typed else None)
    if field == "item":
        return _item(typed)
    if field == "quantity":
        return Correction(field, _count(typed) if typed else None)
    if field in ("category", "stage", "certainty"):
        return Correction(field, _word(field, typed))
    return Correction(field, typed or None)  # source: a body or person, or unstated


def _country(typed: str) -> str:
    name = countries().get(typed.casefold())
    if name is None:
        raise BadValue(f"{typed!r} is not in salvo's country list (countries.jsonl)")
    return name


def _item(typed: str) -> Correction:
    if not typed:
        raise BadValue("an event needs an item; reject the event instead")
    system = weapon_systems().get(typed.casefold())
    if system is None:
        return Correction("item", typed, (("system", None),))
    system_id, name, category = system
    return Correction("item", name, (("system", system_id), ("category", category)))


def _count(typed: str) -> str:
    if not COUNT.fullmatch(typed):
        raise BadValue(f"{typed!r} is not a count: write digits, such as 40 or 1,500")
    return typed.replace(",", "")


def _word(field: str, typed: str) -> str | None:
    allowed = vocabulary(field)
    if not typed and field == "stage":
        return None
    if typed.lower() not in allowed:
        raise BadValue(f"{field} is one of {', '.join(allowed)}")
    return typed.lower()


def vocabulary(field: str) -> tuple[str, ...]:
    """The values a field takes from a closed list; () for free text."""
    if field == "stage":
        return STAGES
    if field == "certainty":
        return CERTAINTIES
    if field == "category":
        return categories()
    return ()


@cache
def countries() -> dict[str, str]:
    """Every name and alias of a country, case-folded, to its canonical name."""
    names: dict[str, str] = {}
    for country in load_lexicon().countries.values():
        for alias in (country.name, *country.aliases):
            names.setdefault(alias.casefold(), country.name)
    return names


@cache
def weapon_systems() -> dict[str, tuple[str, str, str]]:
    """Every name and alias of a weapon system, case-folded, to (id, name, category)."""
    systems: dict[str, tuple[str, str, str]] = {}
    for system in load_lexicon().weapons.values():
        for alias in (system.name, system.id, *system.aliases):
            systems.setdefault(alias.casefold(), (system.id, system.name, system.category))
    return systems


@cache
def categories() -> tuple[str, ...]:
    lexicon = load_lexicon()
    found = {s.category for s in lexicon.weapons.values()}
    found |= {n.category for n in lexicon.nouns.values()}
    return tuple(sorted(found))
