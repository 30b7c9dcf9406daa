"""One name for one source: the canonical identity behind a speaker's name.

Input: a speaker name as `pipeline.claims.nlp.speakers` resolved it ("NIS", "South Korea's spy
agency", "Lee Seong-kweun", "two US officials", "Seoul"), the country it was placed in, and the
article's `Speakers` (the people and bodies it named). Output: an `Identity` with a canonical
id, name, kind and country. A body of `bodies.jsonl` is its `id` under every alias and
description ("NIS", "the spy agency" after it); a person is `person:<full name>` across
articles; a state is its government; an office no data file lists is `<kind>:<country>:<words>`
("the Russian foreign ministry" and "Russia's Foreign Ministry" alike); unnamed officials and
sources are `anonymous:<country>:<noun>`, reports and polls `document:...`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.claims.nlp.lexicon import Body, Country, Lexicon
from pipeline.claims.nlp.speakers import Speakers
from pipeline.records import Identity

_WORD = re.compile(r"[\w\-.&']+")
_SKIP = frozenset({"the", "a", "an", "'s", "\u2019s", "s", "its", "their", "his", "her",
                   "some", "several", "two", "three", "four", "five", "many", "other",
                   "another", "one", "of", "in"})
_RANKS = frozenset({"senior", "top", "high-ranking", "former", "current", "unnamed", "anonymous",
                    "local", "western", "regional", "military", "government", "defense",
                    "defence", "intelligence", "security", "administration", "diplomatic",
                    "independent", "same", "other", "a", "two", "three", "several"})
_SPELLINGS = {"defense": "defence", "ministry defence": "defence ministry",
              "ministry foreign affairs": "foreign ministry"}
_OFFICES: tuple[tuple[str, frozenset[str]], ...] = (  # the kind an office's words tell
    ("intelligence", frozenset({"intelligence", "spy", "espionage"})),
    ("government", frozenset({"government", "ministry", "ministries", "department", "office",
                              "embassy", "presidency", "administration", "cabinet", "kremlin",
                              "authorities", "parliament", "president", "spokesperson",
                              "council", "agency", "prime", "minister", "foreign"})),
    ("military", frozenset({"military", "army", "navy", "forces", "force", "troops", "command",
                            "staff", "militaries", "armed", "marines", "guard"})),
)


@dataclass(frozen=True)
class _Index:
    """Bodies by lower-case name and alias; countries by every name that stands for them."""

    bodies: dict[str, Body]
    countries: dict[str, Country]


@lru_cache(maxsize=4)
def _index(lexicon: Lexicon) -> _Index:
    bodies = {n.lower(): b for b in lexicon.bodies.values() for n in (b.name, *b.aliases)}
    countries = {n.lower(): c for c in lexicon.countries.values()
                 for n in (c.name, *c.aliases, *c.demonyms, *c.seats)}
    return _Index(bodies, countries)


class Identities:
    """Canonical identities for the speakers of one article."""

    def __init__(self, lexicon: Lexicon, speakers: Speakers) -> None:
        self.lexicon = lexicon
        self.speakers = speakers
        self.index = _index(lexicon)

    def of(self, name: str, country: str | None = None) -> Identity:
        """The identity behind `name`; `country`: the one the text places the speaker in."""
        text = _plain(name)
        body = self.index.bodies.get(text) or self._body_named(name)
        if body is not None:
            return Identity(body.id, body.name, body.kind, body.country)
        if self.speakers.is_person(name):
            return Identity(f"person:{_slug(name)}", name, "person", country)
        state = self.index.countries.get(text)
        if state is not None:
            return Identity(f"government:{state.id}", state.name, "government", state.name)
        words = [w for w in _WORD.findall(text) if w not in _SKIP]
        place = self._country_in(words) or self._country(country)
        rest = [w for w in words if not self._names_country(w)]
        body = self._placed_body(" ".join(rest), place)
        if body is not None:
            return Identity(body.id, body.name, body.kind, body.country)
        return (self._unnamed(rest, place) or self._office(rest, place)
                or self._other(name, rest, place))

    def _placed_body(self, rest: str, place: Country | None) -> Body | None:
        """The body a name or description stands for once its country words are set aside:
        "South Korea's National Intelligence Service", "South Korea's spy agency"."""
        body = self.index.bodies.get(rest)
        if body is not None and (place is None or body.country in (None, place.name)):
            return body
        if place is None or not rest:
            return None
        return next((b for b in self.lexicon.bodies.values()
                     if b.country == place.name and rest in b.kinds), None)

    def _body_named(self, name: str) -> Body | None:
        """The body that a description stands for here ("the spy agency" after "the NIS")."""
        body_id = self.speakers.body_ids.get(name)
        return self.lexicon.bodies.get(body_id) if body_id else None

    def _unnamed(self, words: list[str], place: Country | None) -> Identity | None:
        """Officials, sources, diplomats, analysts with no name; reports, polls, documents;
        placed in the body ("a UN report") or else the country they belong to."""
        core = [w for w in words if w not in _RANKS]
        if not core:
            return None
        owner = next((self.index.bodies[w] for w in core if w in self.index.bodies), None)
        where = owner.id if owner else place.id if place else "unknown"
        label = f" ({owner.name if owner else place.name})" if owner or place else ""
        for family, kind in (("anonymous_nouns", "anonymous"), ("document_nouns", "document")):
            # the noun ends a short phrase ("US defence officials") or opens a longer one
            # ("two people familiar with the talks")
            entry = self._entry(family, core[-1] if len(core) <= 2 else core[0])
            if entry is not None:
                title = f"unnamed {entry}" if kind == "anonymous" else entry
                return Identity(f"{kind}:{where}:{entry}", title + label, kind,
                                owner.country if owner else place.name if place else None)
        return None

    def _office(self, words: list[str], place: Country | None) -> Identity | None:
        """A state's office that no data file lists: "the Chinese foreign ministry"; without
        a country, one of some state ("the defence ministry")."""
        kind = next((k for k, marks in _OFFICES if marks & set(words)), None)
        if kind is None:
            return None
        office = _respell(" ".join(words))
        if place is None:
            return Identity(f"{kind}:unknown:{_slug(office)}", office, kind)
        owner = f"{place.name}'" if place.name.endswith("s") else f"{place.name}'s"
        return Identity(f"{kind}:{place.id}:{_slug(office)}", f"{owner} {office}", kind,
                        place.name)

    def _other(self, name: str, words: list[str], place: Country | None) -> Identity:
        """A body or group the data files do not know: kept by its own words."""
        proper = name[:1].isupper() and any(w[:1].isupper() for w in name.split()[1:] or [name])
        kind = "organisation" if proper and len(words) > 1 else None
        return Identity(f"{kind or 'other'}:{_slug(' '.join(words) or name)}", name, kind,
                        place.name if place else None)

    def _entry(self, family: str, word: str) -> str | None:
        for entry in self.lexicon.cues.get(family, []):
            if word in (str(t).lower() for t in entry["terms"]):
                return str(entry["id"])
        return None

    def _country_in(self, words: list[str]) -> Country | None:
        """The first country the words name, in one to three of them ("South Korean")."""
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                found = self.index.countries.get(" ".join(words[i:i + size]))
                if found is not None:
                    return found
        return None

    def _names_country(self, word: str) -> bool:
        return word in self.index.countries or any(
            word in key.split() for key in self.index.countries if " " in key)

    def _country(self, name: str | None) -> Country | None:
        return self.index.countries.get(name.lower()) if name else None


def _plain(name: str) -> str:
    """The name in lower case without a leading article or possessive endings."""
    text = name.strip().lower().replace("\u2019", "'").replace("'s ", " ")
    return re.sub(r"^(the|a|an)\s+", "", text).removesuffix("'s")


def _respell(text: str) -> str:
    for variant, spelling in _SPELLINGS.items():
        text = text.replace(variant, spelling)
    return text


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", _respell(text.lower())).strip("-")
