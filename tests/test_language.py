"""Language identification: the English function-word shortcut and the classifier behind it."""

from __future__ import annotations

import py3langid
import pytest

from pipeline.content import language
from pipeline.content.language import detect_language, plainly_english

ENGLISH = ("The defence ministry said on Tuesday that the first of the new air-defence systems "
           "had arrived at the port and would be moved inland by rail. Officials declined to say "
           "how many launchers were in the shipment, but a spokesman told reporters that the rest "
           "of the order was expected before the end of the year.")
GERMAN_QUOTING_ENGLISH = (
    "Der Minister sagte am Dienstag, die ersten Systeme seien im Hafen angekommen. \u201eThe "
    "first of the systems has arrived and the rest will follow\u201c, zitierte ihn die Zeitung. "
    "Wie viele Startgeräte geliefert wurden, wollte das Ministerium nicht sagen; der Rest der "
    "Bestellung soll bis zum Jahresende folgen, hieß es aus Regierungskreisen in Berlin.")


def test_plain_english_is_recognised_by_its_function_words() -> None:
    assert plainly_english(ENGLISH)


@pytest.mark.parametrize("text", [GERMAN_QUOTING_ENGLISH, "The guns and the shells.",
                                  "Kyiv Lviv Odesa Kharkiv " * 20])
def test_other_text_is_not_taken_for_english(text: str) -> None:
    assert not plainly_english(text)


def test_english_skips_the_classifier(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(_: str) -> None:
        raise AssertionError("the classifier should not run on plain English")

    monkeypatch.setattr(py3langid, "classify", fail)
    assert detect_language(ENGLISH) == "en"


def test_text_that_is_not_plainly_english_goes_to_the_classifier() -> None:
    assert detect_language(GERMAN_QUOTING_ENGLISH) == "de"


def test_short_text_keeps_the_declared_language() -> None:
    assert detect_language("Kurz.", declared="de-AT") == "de"
    assert detect_language("Kurz.") is None


def test_thresholds_come_from_the_data_file() -> None:
    words = language.english_words()
    assert {"the", "of", "and", "on"} <= words.words  # "on" stays a word, not YAML true
    assert 0 < words.min_share < 1 and words.min_words > 0
