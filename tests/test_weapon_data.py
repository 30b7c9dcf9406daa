"""Integrity of the weapon vocabulary files: schema, unique ids and aliases, required systems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1] / "pipeline" / "claims" / "nlp" / "data"

CATEGORIES = {
    "self-propelled artillery", "towed artillery", "artillery", "multiple rocket launcher",
    "ballistic missile", "cruise missile", "missile", "air defence system", "anti-tank weapon",
    "ammunition", "drone", "tank", "armoured vehicle", "aircraft", "helicopter", "ship",
    "submarine", "land mine", "small arms", "other",
}
NOUN_CATEGORIES = CATEGORIES | {"unspecified"}
SYSTEM_KEYS = {"id", "name", "aliases", "category", "calibre_mm", "origin"}
SYSTEM_OPTIONAL = {"aliases_cased"}
NOUN_KEYS = {"id", "terms", "category"}
NOUN_OPTIONAL = {"vague", "not_preceded_by"}

# (spelling as an article writes it, expected category): systems the vocabulary must know.
REQUIRED = [
    ("M1978 Koksan", "self-propelled artillery"), ("Koksan", "self-propelled artillery"),
    ("M1989", "self-propelled artillery"), ("BM-27 Uragan", "multiple rocket launcher"),
    ("M1991", "multiple rocket launcher"), ("KN-23", "ballistic missile"),
    ("KN-24", "ballistic missile"), ("KN-25", "ballistic missile"),
    ("Hwasong-11", "ballistic missile"), ("Hwasong-11A", "ballistic missile"),
    ("Hwasong-11B", "ballistic missile"), ("Shahed-136", "drone"), ("Geran-2", "drone"),
    ("Shahed-131", "drone"), ("Mohajer-6", "drone"), ("Fateh-110", "ballistic missile"),
    ("Fath-360", "ballistic missile"), ("Zolfaghar", "ballistic missile"),
    ("Iskander", "ballistic missile"), ("9K720", "ballistic missile"),
    ("Iskander-M", "ballistic missile"), ("Kinzhal", "ballistic missile"),
    ("Kalibr", "cruise missile"), ("Kh-101", "cruise missile"), ("Oniks", "cruise missile"),
    ("ATACMS", "ballistic missile"), ("HIMARS", "multiple rocket launcher"),
    ("M142", "multiple rocket launcher"), ("M270", "multiple rocket launcher"),
    ("GMLRS", "ammunition"), ("M777", "towed artillery"), ("CAESAR", "self-propelled artillery"),
    ("PzH 2000", "self-propelled artillery"), ("AS-90", "self-propelled artillery"),
    ("Krab", "self-propelled artillery"), ("K9 Thunder", "self-propelled artillery"),
    ("K2 Black Panther", "tank"), ("Leopard 1", "tank"), ("Leopard 2", "tank"),
    ("Leopard 2A4", "tank"), ("Leopard 2A6", "tank"), ("Challenger 2", "tank"),
    ("Challenger 3", "tank"), ("M1 Abrams", "tank"), ("Abrams", "tank"),
    ("M2 Bradley", "armoured vehicle"), ("Marder", "armoured vehicle"),
    ("CV90", "armoured vehicle"), ("Stryker", "armoured vehicle"), ("M113", "armoured vehicle"),
    ("Patriot", "air defence system"), ("IRIS-T", "air defence system"),
    ("NASAMS", "air defence system"), ("SAMP/T", "air defence system"),
    ("Gepard", "air defence system"), ("Avenger", "air defence system"),
    ("Stinger", "air defence system"), ("Storm Shadow", "cruise missile"),
    ("SCALP", "cruise missile"), ("Taurus", "cruise missile"), ("Javelin", "anti-tank weapon"),
    ("NLAW", "anti-tank weapon"), ("TOW", "anti-tank weapon"), ("Bayraktar TB2", "drone"),
    ("Switchblade", "drone"), ("Lancet-3", "drone"), ("Lancet drones", "drone"),
    ("Orlan-10", "drone"), ("F-16", "aircraft"),
    ("MiG-29", "aircraft"), ("Su-25", "aircraft"), ("Mirage 2000", "aircraft"),
    ("Gripen", "aircraft"), ("F-35", "aircraft"), ("Tomahawk", "cruise missile"),
    ("Harpoon", "cruise missile"), ("Neptune", "cruise missile"), ("S-300", "air defence system"),
    ("S-400", "air defence system"), ("Pantsir", "air defence system"),
    ("Tor", "air defence system"), ("Buk", "air defence system"),
    ("BM-21 Grad", "multiple rocket launcher"), ("TOS-1", "multiple rocket launcher"),
    ("2S19 Msta", "self-propelled artillery"), ("2S7 Pion", "self-propelled artillery"),
    ("D-30", "towed artillery"), ("T-72", "tank"), ("T-90", "tank"),
    ("BMP-2", "armoured vehicle"), ("Iron Dome", "air defence system"),
    ("David's Sling", "air defence system"), ("Arrow 3", "air defence system"),
    ("Hellfire", "missile"), ("JDAM", "ammunition"), ("155mm shells", "ammunition"),
    ("152mm shells", "ammunition"), ("122mm shells", "ammunition"), ("DPICM", "ammunition"),
]


def _load(name: str) -> list[dict]:
    with (DATA / name).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="module")
def systems() -> list[dict]:
    return _load("weapons.jsonl")


@pytest.fixture(scope="module")
def nouns() -> list[dict]:
    return _load("weapon_nouns.jsonl")


def _spellings(entry: dict) -> list[str]:
    return [entry["name"], *entry["aliases"], *entry.get("aliases_cased", [])]


def _resolve(systems: list[dict], text: str) -> dict | None:
    """The system `text` names, by the matching rules in the data README."""
    for entry in systems:
        loose = {s.lower() for s in [entry["name"], *entry["aliases"]]}
        if text.lower() in loose or text in entry.get("aliases_cased", []):
            return entry
    return None


def test_every_line_is_a_json_object() -> None:
    for name in ("weapons.jsonl", "weapon_nouns.jsonl"):
        lines = (DATA / name).read_text(encoding="utf-8").splitlines()
        assert lines, name
        for number, line in enumerate(lines, 1):
            assert isinstance(json.loads(line), dict), f"{name}:{number}"


def test_systems_have_exactly_the_schema_keys(systems: list[dict]) -> None:
    for entry in systems:
        keys = set(entry)
        assert SYSTEM_KEYS <= keys <= SYSTEM_KEYS | SYSTEM_OPTIONAL, entry["id"]
        assert entry["name"].strip() and entry["aliases"] is not None, entry["id"]
        assert entry["calibre_mm"] is None or entry["calibre_mm"] > 0, entry["id"]
        assert entry["origin"] is None or entry["origin"].strip(), entry["id"]


def test_system_ids_are_unique_slugs(systems: list[dict]) -> None:
    ids = [entry["id"] for entry in systems]
    assert len(ids) == len(set(ids))
    for id_ in ids:
        assert id_ == id_.lower() and " " not in id_, id_


def test_system_categories_are_in_the_contract(systems: list[dict]) -> None:
    assert {entry["category"] for entry in systems} <= CATEGORIES


def test_no_spelling_names_two_systems(systems: list[dict]) -> None:
    owner: dict[str, str] = {}
    for entry in systems:
        for spelling in {s.lower() for s in _spellings(entry)}:
            assert owner.setdefault(spelling, entry["id"]) == entry["id"], spelling


def test_aliases_are_clean_strings(systems: list[dict]) -> None:
    for entry in systems:
        for spelling in _spellings(entry):
            assert spelling == spelling.strip() and spelling, entry["id"]


def test_cased_aliases_carry_capitals(systems: list[dict]) -> None:
    for entry in systems:
        for alias in entry.get("aliases_cased", []):
            assert alias != alias.lower(), (entry["id"], alias)


def test_at_least_300_systems(systems: list[dict]) -> None:
    assert len(systems) >= 300


@pytest.mark.parametrize(("text", "category"), REQUIRED, ids=[text for text, _ in REQUIRED])
def test_required_system_resolves(systems: list[dict], text: str, category: str) -> None:
    entry = _resolve(systems, text)
    assert entry is not None, text
    assert entry["category"] == category


@pytest.mark.parametrize("word", ["patriot", "grad", "tor", "abrams", "taurus", "leopard"])
def test_common_words_match_only_capitalised(systems: list[dict], word: str) -> None:
    assert _resolve(systems, word) is None
    assert _resolve(systems, word.capitalize()) is not None


def test_nouns_have_the_schema_keys(nouns: list[dict]) -> None:
    for entry in nouns:
        assert NOUN_KEYS <= set(entry) <= NOUN_KEYS | NOUN_OPTIONAL, entry["id"]
        assert entry["category"] in NOUN_CATEGORIES, entry["id"]
        assert (entry["category"] == "unspecified") == entry.get("vague", False), entry["id"]


def test_noun_ids_and_terms_are_unique(nouns: list[dict], systems: list[dict]) -> None:
    assert len({entry["id"] for entry in nouns}) == len(nouns)
    system_spellings = {s.lower() for entry in systems for s in _spellings(entry)}
    owner: dict[str, str] = {}
    for entry in nouns:
        for term in entry["terms"]:
            assert owner.setdefault(term.lower(), entry["id"]) == entry["id"], term
            assert term.lower() not in system_spellings, term


def test_at_least_60_noun_concepts(nouns: list[dict]) -> None:
    assert len(nouns) >= 60


@pytest.mark.parametrize(
    ("term", "category"),
    [
        ("howitzers", "artillery"),
        ("self-propelled guns", "self-propelled artillery"),
        ("multiple rocket launch systems", "multiple rocket launcher"),
        ("multiple launch rocket systems", "multiple rocket launcher"),
        ("short-range ballistic missiles", "ballistic missile"),
        ("artillery shells", "ammunition"),
        ("kamikaze drones", "drone"),
        ("loitering munitions", "drone"),
        ("main battle tanks", "tank"),
        ("infantry fighting vehicles", "armoured vehicle"),
        ("armored personnel carriers", "armoured vehicle"),
        ("air defense systems", "air defence system"),
        ("air defence systems", "air defence system"),
        ("anti-personnel mines", "land mine"),
        ("fighter jets", "aircraft"),
        ("warships", "ship"),
        ("military equipment", "unspecified"),
    ],
)
def test_generic_noun_has_category(nouns: list[dict], term: str, category: str) -> None:
    matches = [entry["category"] for entry in nouns if term in entry["terms"]]
    assert matches == [category]
