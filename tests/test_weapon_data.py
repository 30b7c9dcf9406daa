"""Integrity of the weapon vocabulary files: schema, unique ids and aliases, required systems."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.claims.nlp.lexicon import Lexicon, WeaponSystem, load_lexicon
from pipeline.claims.nlp.spellings import system_variants

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
    # trainers, long forms and spellings the generator adds ("F16s", "Su 35", "T72B3")
    ("L-39", "aircraft"), ("L-159", "aircraft"), ("Hawk trainer", "aircraft"),
    ("BAE Hawk", "aircraft"), ("M-346", "aircraft"), ("Hürkuş", "aircraft"),
    ("PC-21", "aircraft"), ("K-8", "aircraft"), ("T-7 Red Hawk", "aircraft"),
    ("Medium Extended Air Defense System", "air defence system"),
    ("MEADS", "air defence system"), ("Hawk missile", "air defence system"),
    ("HAWK", "air defence system"), ("Sky Sabre", "air defence system"),
    ("Arrow 2", "air defence system"), ("KM-SAM", "air defence system"),
    ("Barak 8", "air defence system"), ("HQ-9", "air defence system"),
    ("AIM-120 AMRAAM", "missile"), ("NSM", "cruise missile"), ("BrahMos", "cruise missile"),
    ("Shahab-3", "ballistic missile"), ("Kornet", "anti-tank weapon"),
    ("Carl Gustaf", "anti-tank weapon"), ("AT4", "anti-tank weapon"),
    ("Panzerfaust 3", "anti-tank weapon"), ("Stugna-P", "anti-tank weapon"),
    ("Bayraktar Akinci", "drone"), ("Wing Loong", "drone"), ("CH-5", "drone"),
    ("Harop", "drone"), ("Switchblade 600", "drone"), ("Phoenix Ghost", "drone"),
    ("Mohajer-6", "drone"), ("MQ-9 Reaper", "drone"), ("ScanEagle", "drone"),
    ("Type 054A/P", "ship"), ("Scorpène", "submarine"), ("Type 214", "submarine"),
    ("FN SCAR", "small arms"), ("M3P", "small arms"), ("PKM", "small arms"),
    ("Barrett M82", "small arms"), ("Excalibur", "ammunition"), ("DM702 SMArt 155", "ammunition"),
    ("AN/TPQ-37", "other"), ("AN/TPQ 50", "other"), ("GM200", "other"),
    ("Giraffe radar", "other"), ("MTU MT 883", "other"), ("Patria AMV", "armoured vehicle"),
    ("Bushmaster PMV", "armoured vehicle"), ("MaxxPro", "armoured vehicle"),
    ("Cougar MRAP", "armoured vehicle"), ("Kirpi", "armoured vehicle"),
    ("M-ATV", "armoured vehicle"), ("BTR-82A", "armoured vehicle"),
    ("Zuzana", "self-propelled artillery"), ("DANA", "self-propelled artillery"),
    ("ATMOS", "self-propelled artillery"), ("Bogdana", "self-propelled artillery"),
    ("AH-4", "towed artillery"), ("K239 Chunmoo", "multiple rocket launcher"),
    ("Pinaka", "multiple rocket launcher"), ("PULS", "multiple rocket launcher"),
    ("PHL-03", "multiple rocket launcher"), ("BM-30 Smerch", "multiple rocket launcher"),
    ("F16s", "aircraft"), ("Su 35", "aircraft"), ("Su-35s", "aircraft"), ("T72B3", "tank"),
    ("T 72B3", "tank"), ("KN23", "ballistic missile"), ("Hwasong 11", "ballistic missile"),
    ("Leopard-2", "tank"),
]
# spellings that must name no system: words, people, places and readings the generator refuses
NOT_SYSTEMS = ["Hawk", "hawk", "Tiger", "Puma", "Cobra", "Fox", "Lynx", "Boxer", "Archer",
               "Tornado", "Storm", "Phoenix", "Spike", "Lancet", "Bradley", "Leclerc", "Booker",
               "Topol", "Galil", "Uzi", "Majid", "Mohit", "Avangard", "Nodong", "alas", "crows",
               "lids", "first win", "as 90", "An 26", "aim 120", "F 16", "T 90s", "CH4", "M1",
               "K-9", "Hwasong11"]


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


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon()


def _resolve(lexicon: Lexicon, text: str) -> WeaponSystem | None:
    """The system `text` names in the loaded lexicon (generated variants included), by the
    matching rules in the data README."""
    for system in lexicon.weapons.values():
        loose = {s.lower() for s in [system.name, *system.aliases]}
        if text.lower() in loose or text in system.aliases_cased:
            return system
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


def test_at_least_1500_systems(systems: list[dict]) -> None:
    assert len(systems) >= 1500


@pytest.mark.parametrize(("text", "category"), REQUIRED, ids=[text for text, _ in REQUIRED])
def test_required_system_resolves(lexicon: Lexicon, text: str, category: str) -> None:
    system = _resolve(lexicon, text)
    assert system is not None, text
    assert system.category == category


@pytest.mark.parametrize("word", ["patriot", "grad", "tor", "abrams", "taurus", "leopard"])
def test_common_words_match_only_capitalised(lexicon: Lexicon, word: str) -> None:
    assert _resolve(lexicon, word) is None
    assert _resolve(lexicon, word.capitalize()) is not None


@pytest.mark.parametrize("text", NOT_SYSTEMS)
def test_words_and_names_are_no_system(lexicon: Lexicon, text: str) -> None:
    assert _resolve(lexicon, text) is None


def test_every_sidewinder_spelling_is_one_system(lexicon: Lexicon) -> None:
    found = {_resolve(lexicon, text) for text in
             ("AIM-9X", "AIM 9X", "AIM9X", "aim-9x", "AIM-9Xs", "Sidewinder", "AIM-9 Sidewinder")}
    assert len(found) == 1 and None not in found


def test_hawk_trainer_and_hawk_missile_stay_apart(lexicon: Lexicon) -> None:
    trainer, missile = _resolve(lexicon, "Hawk trainer"), _resolve(lexicon, "HAWK")
    assert trainer is not None and missile is not None
    assert (trainer.category, missile.category) == ("aircraft", "air defence system")


def test_loaded_spellings_each_name_one_system(lexicon: Lexicon) -> None:
    """With the generated variants added, still no spelling belongs to two systems."""
    owner: dict[str, str] = {}
    for system in lexicon.weapons.values():
        for spelling in {s.lower() for s in (system.name, *system.aliases, *system.aliases_cased)}:
            assert owner.setdefault(spelling, system.id) == system.id, spelling


def test_loader_adds_generated_variants(lexicon: Lexicon, systems: list[dict]) -> None:
    listed = {entry["id"]: len(entry["aliases"]) for entry in systems}
    grown = [s for s in lexicon.weapons.values() if len(s.aliases) > listed[s.id]]
    assert len(grown) > len(systems) // 2
    assert {"F16", "F-16s", "F16s"} <= set(lexicon.weapons["f-16"].aliases)


def test_file_lists_no_spelling_the_code_generates(systems: list[dict]) -> None:
    """The file stays lean: hyphen, space and plural forms come from `spellings`."""
    for entry in systems:
        varied = system_variants([entry["name"], *entry["aliases"]])
        for spelling, found in varied.items():
            generated = {v.lower() for v in found}
            for alias in entry["aliases"]:
                assert alias.lower() not in generated, (entry["id"], spelling, alias)


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
