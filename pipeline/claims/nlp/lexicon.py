"""Vocabulary for claim extraction, read from the data files beside this module.

Input: `data/countries.jsonl` (`id`, `name`, `aliases`, `demonyms`, `seats`: capitals and
seats used as metonyms), `data/bodies.jsonl` (`id`, `name`, `aliases`, `country`, `kind`:
government, military, intelligence, media, company or organisation; `kinds`: generic
descriptions such as "spy agency"), `data/weapons.jsonl` and `data/weapon_nouns.jsonl`
(schema in `data/README.md`), `data/cues.yaml`, `data/speech.yaml` (speech cues by sense) and
`data/quantities.yaml` (families of entries with an `id` and `terms`). Output: one frozen
`Lexicon` with lookup tables that the pattern builder, the pre-filter and the extraction rules
share. Loading is cached, so a process reads the files once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.claims.nlp.spellings import generated_aliases
from pipeline.yaml_data import YAMLError, load_yaml

DATA_DIR = Path(__file__).parent / "data"


class LexiconError(ValueError):
    """A data file is missing a required field or cannot be read."""


@dataclass(frozen=True)
class Country:
    """A state with the names that stand for it in text."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    seats: tuple[str, ...] = ()  # capitals and seats used as metonyms ("the Kremlin")
    former: bool = False  # a state that no longer exists ("Soviet Union"): sends nothing today


@dataclass(frozen=True)
class Body:
    """A national or international body that speaks: "the NIS" is South Korea's."""

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    country: str | None = None
    kinds: tuple[str, ...] = ()  # generic descriptions: "spy agency"
    kind: str | None = None  # government, military, intelligence, media, company, organisation


@dataclass(frozen=True)
class WeaponSystem:
    """A named weapon system with its contract category."""

    id: str
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    aliases_cased: tuple[str, ...] = ()
    calibre_mm: float | None = None
    origin: str | None = None


@dataclass(frozen=True)
class WeaponNoun:
    """A generic weapon noun ("howitzers") with its category; vague nouns say little."""

    id: str
    terms: tuple[str, ...]
    category: str
    vague: bool = False
    not_preceded_by: tuple[str, ...] = ()  # "think tank", "fuel tank" are no weapons


@dataclass(frozen=True, eq=False)
class Lexicon:
    """All vocabulary, with the lookup tables the rules need (hashed by identity)."""

    countries: dict[str, Country]
    bodies: dict[str, Body]
    weapons: dict[str, WeaponSystem]
    nouns: dict[str, WeaponNoun]
    cues: dict[str, Any]
    quantities: dict[str, Any]
    terms: dict[str, frozenset[str]] = field(default_factory=dict)

    def has(self, family: str, word: str) -> bool:
        """Whether `word` (lower case) belongs to the cue family `family`."""
        return word in self.terms.get(family, frozenset())

    def said_in(self, family: str, text: str) -> bool:
        """Whether `text` holds one of the phrases of the cue family `family`."""
        lowered = text.lower()
        return any(phrase in lowered for phrase in self.terms.get(family, ()))


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise LexiconError(f"{path.name}:{number}: {err}") from err
        if "id" not in row:
            raise LexiconError(f"{path.name}:{number}: entry without an id")
        rows.append(row)
    return rows


def _tuple(row: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(str(v) for v in row.get(key) or () if v)


def _loose(row: dict[str, Any]) -> tuple[str, ...]:
    return (row.get("name") or row["id"], *_tuple(row, "aliases"))


def _weapons(rows: list[dict[str, Any]]) -> dict[str, WeaponSystem]:
    """Systems by id; each system's aliases gain the spelling variants generated for it."""
    generated = generated_aliases({r["id"]: _loose(r) for r in rows},
                                  {r["id"]: _tuple(r, "aliases_cased") for r in rows})
    return {r["id"]: _weapon(r, generated[r["id"]]) for r in rows}


def _weapon(row: dict[str, Any], generated: tuple[str, ...]) -> WeaponSystem:
    calibre = row.get("calibre_mm")
    return WeaponSystem(
        id=row["id"], name=row.get("name") or row["id"],
        category=row.get("category") or "unspecified",
        aliases=_tuple(row, "aliases") + generated, aliases_cased=_tuple(row, "aliases_cased"),
        calibre_mm=float(calibre) if calibre else None, origin=row.get("origin"))


def _noun(row: dict[str, Any]) -> WeaponNoun:
    terms = _tuple(row, "terms") or _tuple(row, "aliases")
    return WeaponNoun(id=row["id"], terms=terms, category=row.get("category") or "unspecified",
                      vague=bool(row.get("vague")),
                      not_preceded_by=tuple(w.lower() for w in _tuple(row, "not_preceded_by")))


def _family_terms(entries: list[dict[str, Any]]) -> frozenset[str]:
    return frozenset(str(t).lower() for entry in entries for t in entry.get("terms") or ())


def _cue_terms(cues: dict[str, Any]) -> dict[str, frozenset[str]]:
    """Flatten every cue family (and each transfer-verb role) into a set of lower-case terms."""
    terms: dict[str, frozenset[str]] = {}
    for family, entries in cues.items():
        if isinstance(entries, list):
            terms[family] = _family_terms(entries)
        elif isinstance(entries, dict):
            for role, sub in entries.items():
                terms[f"{family}.{role}"] = _family_terms(sub)
            terms[family] = frozenset().union(*(terms[f"{family}.{r}"] for r in entries))
    return terms


@lru_cache(maxsize=4)
def load_lexicon(data_dir: Path = DATA_DIR) -> Lexicon:
    """Read every data file in `data_dir` into a `Lexicon` (cached per directory)."""
    countries = {r["id"]: Country(id=r["id"], name=r["name"], aliases=_tuple(r, "aliases"),
                                  demonyms=_tuple(r, "demonyms"), seats=_tuple(r, "seats"),
                                  former=bool(r.get("former")))
                 for r in _read_jsonl(data_dir / "countries.jsonl")}
    bodies = {r["id"]: Body(id=r["id"], name=r["name"], aliases=_tuple(r, "aliases"),
                            country=r.get("country"), kinds=_tuple(r, "kinds"),
                            kind=r.get("kind"))
              for r in _read_jsonl(data_dir / "bodies.jsonl")}
    weapons = _weapons(_read_jsonl(data_dir / "weapons.jsonl"))
    nouns = {r["id"]: _noun(r) for r in _read_jsonl(data_dir / "weapon_nouns.jsonl")}
    try:
        cues = load_yaml((data_dir / "cues.yaml").read_text(encoding="utf-8"))
        speech = load_yaml((data_dir / "speech.yaml").read_text(encoding="utf-8"))
        quantities = load_yaml((data_dir / "quantities.yaml").read_text(encoding="utf-8"))
    except (OSError, YAMLError) as err:
        raise LexiconError(f"cannot read cue files: {err}") from err
    cues.pop("version", None)
    speech.pop("version", None)
    if clash := set(cues) & set(speech):
        raise LexiconError(f"cue families in both cues.yaml and speech.yaml: {sorted(clash)}")
    cues |= speech
    quantities.pop("version", None)
    terms = _cue_terms(cues) | _cue_terms(quantities)
    return Lexicon(countries=countries, bodies=bodies, weapons=weapons, nouns=nouns, cues=cues,
                   quantities=quantities, terms=terms)
