"""SpanRuler patterns built from the lexicon.

Input: a `Lexicon`. Output: pattern dicts (`label`, `pattern`, `id`) for two span rulers: one
matching lower-cased text (weapon names, generic nouns, troop nouns, calibres) and one matching
exact case (countries, seats, demonyms, bodies, case-sensitive weapon aliases), so that "US"
the country is not "us" the pronoun.
"""

from __future__ import annotations

from typing import Any

from pipeline.claims.nlp.lexicon import Lexicon

WEAPON, NOUN, TROOP, CALIBRE = "WEAPON", "NOUN", "TROOP", "CALIBRE"
COUNTRY, SEAT, DEMONYM, BODY = "COUNTRY", "SEAT", "DEMONYM", "BODY"

Pattern = dict[str, Any]


def _phrases(label: str, entry_id: str, terms: tuple[str, ...] | list[str]) -> list[Pattern]:
    seen: set[str] = set()
    out = []
    for term in terms:
        term = term.strip()
        if term and term not in seen:
            seen.add(term)
            out.append({"label": label, "pattern": term, "id": entry_id})
    return out


def calibre_patterns(lexicon: Lexicon) -> list[Pattern]:
    """Token patterns for "170mm", "170-mm", "155 mm", "122-millimetre"."""
    units = sorted({t.lstrip("-") for e in lexicon.quantities.get("calibre_units", [])
                    for t in e["terms"]})
    return [{"label": CALIBRE, "id": "calibre", "pattern": [
        {"LIKE_NUM": True}, {"ORTH": "-", "OP": "?"}, {"LOWER": {"IN": units}}]}]


def lower_patterns(lexicon: Lexicon) -> list[Pattern]:
    """Patterns matched on lower-cased tokens."""
    patterns: list[Pattern] = []
    for system in lexicon.weapons.values():
        patterns += _phrases(WEAPON, system.id, (system.name, *system.aliases))
    for noun in lexicon.nouns.values():
        patterns += _phrases(NOUN, noun.id, noun.terms)
    for entry in lexicon.cues.get("troop_nouns", []):
        patterns += _phrases(TROOP, entry["id"], entry["terms"])
    return patterns + calibre_patterns(lexicon)


def cased_patterns(lexicon: Lexicon) -> list[Pattern]:
    """Patterns matched on exact text."""
    patterns: list[Pattern] = []
    for system in lexicon.weapons.values():
        patterns += _phrases(WEAPON, system.id, system.aliases_cased)
    for country in lexicon.countries.values():
        patterns += _phrases(COUNTRY, country.id, (country.name, *country.aliases))
        patterns += _phrases(SEAT, country.id, country.seats)
        patterns += _phrases(DEMONYM, country.id, country.demonyms)
    for body in lexicon.bodies.values():
        patterns += _phrases(BODY, body.id, (body.name, *body.aliases))
    return patterns
