"""The spelling-variant generator: which designation variants it makes and which it refuses."""

from __future__ import annotations

import pytest

from pipeline.claims.nlp.spellings import generated_aliases, system_variants, variants


@pytest.mark.parametrize(("spelling", "expected"), [
    ("AIM-9X", {"AIM9X", "AIM 9X", "AIM-9Xs", "AIM9Xs"}),
    ("Su-35", {"Su35", "Su 35", "Su-35s", "Su35s"}),
    ("T-72B3", {"T72B3", "T 72B3", "T-72B3s", "T72B3s"}),
    ("F-16", {"F16", "F-16s", "F16s"}),
    ("KN23", {"KN-23", "KN 23", "KN23s", "KN-23s"}),
    ("Hwasong 11A", {"Hwasong-11A", "Hwasong 11As", "Hwasong-11As"}),
    ("Leopard 2", {"Leopard-2", "Leopard 2s", "Leopard-2s"}),
    ("S-300PMU-1", {"S300PMU-1", "S 300PMU-1", "S-300PMU-1s", "S300PMU-1s"}),
    ("ZU-23-2", {"ZU23-2", "ZU 23-2", "ZU-23-2s", "ZU23-2s"}),
    ("9K720", {"9K720s"}),
    ("T-54/55", {"T54/55", "T-54/55s", "T54/55s"}),
    ("K9 Thunder", {"K-9 Thunder"}),
    ("AN/TPQ-36", {"AN/TPQ36", "AN/TPQ 36", "AN/TPQ-36s", "AN/TPQ36s"}),
    ("Kh-101 missile", {"Kh101 missile", "Kh 101 missile"}),
])
def test_generates_separator_and_plural_variants(spelling: str, expected: set[str]) -> None:
    assert set(variants(spelling)) == expected


@pytest.mark.parametrize(("spelling", "refused"), [
    ("An-26", "An 26"),  # "an 26-year-old"
    ("AS-90", "AS 90"),  # "as 90 percent"
    ("AIM-120", "AIM 120"),  # "aim 120 missiles at"
    ("F-16", "F 16"),  # one letter and a bare number
    ("T-90S", "T 90S"),  # "t 90s": the decade
    ("T-90S", "T-90Ss"),  # no plural of a final S
    ("Hwasong-11", "Hwasong11"),  # long prefixes are not run together with the number
    ("Leopard 2", "Leopard2"),
    ("CH-4", "CH4"),  # methane: two letters and one digit get nothing
    ("M4", "M-4"),
    ("K-9", "K9s"),
    ("Buk-M1-2", "Buk M1-2"),  # a letter group after a hyphen is no designation prefix
    ("F/A-18", "F/A 18"),
    ("9K720", "9K 720"),  # a digit-first designation is one word
    ("2S19 Msta-S", "2S19 Msta-Ss"),
    ("155mm", "155mms"),  # a calibre is no designation
    ("Mirage 2000", "Mirage2000"),
])
def test_refuses_variants_that_read_as_something_else(spelling: str, refused: str) -> None:
    assert refused.lower() not in {v.lower() for v in variants(spelling)}


@pytest.mark.parametrize("spelling", ["M4", "CH-4", "K9", "Mi-8", "Bradley IFV", "Tornado-S",
                                      "2000", "155mm", "Storm Shadow"])
def test_no_variants_at_all(spelling: str) -> None:
    assert variants(spelling) == []


def test_variants_never_repeat_the_spelling_or_each_other() -> None:
    for spelling in ("AIM-9X", "KN23", "Su 35", "S-300PMU-1"):
        found = [v.lower() for v in variants(spelling)]
        assert spelling.lower() not in found
        assert len(found) == len(set(found))


def test_noun_phrase_over_a_listed_name_is_not_varied() -> None:
    found = system_variants(["Kh-101", "Kh-101 missiles", "Kh-101 strike"])
    assert "Kh-101 missiles" not in found
    assert "Kh-101 strike" not in found
    assert set(found["Kh-101"]) == {"Kh101", "Kh 101", "Kh-101s", "Kh101s"}
    alone = system_variants(["Shahed drone"])
    assert alone == {"Shahed drone": []}


def test_a_listed_spelling_stays_with_the_system_that_lists_it() -> None:
    generated = generated_aliases({"a": ["Su-35"], "b": ["Su35s"]}, {"a": [], "b": []})
    # "Su35s" stays with b, which lists it; "Su-35s" both generate, so neither gets it
    assert set(generated["a"]) == {"Su35", "Su 35"}
    assert set(generated["b"]) == {"Su 35s"}


def test_a_cased_spelling_blocks_a_generated_one() -> None:
    generated = generated_aliases({"a": ["KN-23"], "b": ["Toksa"]}, {"a": [], "b": ["KN 23"]})
    assert "KN 23" not in generated["a"]
    assert "KN23" in generated["a"]


def test_a_variant_two_systems_generate_goes_to_neither() -> None:
    generated = generated_aliases({"a": ["AB-12"], "b": ["AB 12"]}, {"a": [], "b": []})
    assert generated == {"a": (), "b": ("AB 12s",)}  # "AB12", "AB12s", "AB-12s" are shared
