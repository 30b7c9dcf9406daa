"""Counts and calibres before a mention, on a blank pipeline with the rule components."""

from __future__ import annotations

import pytest
import spacy

from pipeline.claims.nlp.factory import add_rules
from pipeline.claims.nlp.mentions import MENTIONS_KEY
from pipeline.claims.quantities import calibres_before, parse_number, quantity_before


@pytest.fixture(scope="module")
def blank():
    return add_rules(spacy.blank("en"))


@pytest.mark.parametrize(("words", "value"), [
    pytest.param(["10,900"], 10900, id="separator"),
    pytest.param(["50"], 50, id="digits"),
    pytest.param(["two", "dozen"], 24, id="two-dozen"),
    pytest.param(["1.5", "million"], 1500000, id="decimal-million"),
    pytest.param(["twenty-five"], 25, id="hyphenated-words"),
    pytest.param(["two", "hundred", "and", "fifty"], 250, id="hundred-and"),
    pytest.param(["several"], None, id="not-a-number"),
])
def test_parse_number(words: list[str], value: int | None) -> None:
    assert parse_number(words) == value


def weapon_quantity(nlp, text: str):
    doc = nlp(text)
    mention = [m for m in doc.spans[MENTIONS_KEY] if m.label_ in ("WEAPON", "NOUN", "TROOP")][-1]
    calibres = calibres_before(doc, mention)
    return (quantity_before(doc, mention.start, mention.root.lower_),
            calibres[-1] if calibres else None)


@pytest.mark.parametrize(("text", "value", "qualifier", "calibre"), [
    pytest.param("nearly 50 170mm howitzers", 50, "nearly", 170.0, id="calibre-not-count"),
    pytest.param("170mm self-propelled guns", None, None, 170.0, id="calibre-only"),
    pytest.param("around 10,900 North Korean soldiers", 10900, "around", None, id="troops"),
    pytest.param("more than 10,000 soldiers", 10000, "more than", None, id="more-than"),
    pytest.param("at least 20 tanks", 20, "at least", None, id="at-least"),
    pytest.param("up to 40 cruise missiles", 40, "up to", None, id="up-to"),
    pytest.param("fewer than 12 tanks", 12, "fewer than", None, id="fewer-than"),
    pytest.param("hundreds of drones", None, None, None, id="hundreds-of"),
    pytest.param("several dozen missiles", None, None, None, id="several-dozen"),
    pytest.param("250 000 artillery shells", 250000, None, None, id="space-thousands"),
    pytest.param("the third of four submarines", None, None, None, id="ordinal-of"),
    pytest.param("one of the world's most capable tanks", None, None, None, id="one-of-the"),
    pytest.param("most of the 49 tanks", None, None, None, id="part-of-a-count"),
    pytest.param("about 7,000 containers of weapons", 7000, "about", None, id="containers"),
    pytest.param("two dozen tanks", 24, None, None, id="two-dozen"),
    pytest.param("300-km missiles", None, None, None, id="distance-not-count"),
    pytest.param("$5 million of shells", None, None, None, id="price-not-count"),
    pytest.param("in 2024 tanks", None, None, None, id="year-not-count"),
    pytest.param("some 1,500 troops", 1500, "some", None, id="some"),
])
def test_quantity_before(blank, text: str, value, qualifier, calibre) -> None:
    quantity, found_calibre = weapon_quantity(blank, text)
    assert (quantity.value if quantity else None) == value
    assert (quantity.qualifier if quantity else None) == qualifier
    assert found_calibre == calibre


def test_range(blank) -> None:
    quantity, _ = weapon_quantity(blank, "between 50 and 60 tanks")
    assert (quantity.value, quantity.low, quantity.upper) == (None, 50, 60)
    assert quantity.approximate
    assert quantity.text == "between 50 and 60" and quantity.unit == "tanks"


def test_calibre_belongs_to_its_own_noun(blank) -> None:
    doc = blank("170mm guns and rocket launchers")
    launchers = [m for m in doc.spans[MENTIONS_KEY] if m.label_ == "NOUN"][-1]
    assert calibres_before(doc, launchers) == []
