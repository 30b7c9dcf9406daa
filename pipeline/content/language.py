"""Language identification for article text.

Input: the clean article text (and optionally a language the page declares). Output: an ISO
639-1 code, or None when the text is too short to tell. A text dense in English function words
(`data/english_words.yaml`) is English at once; any other goes to py3langid, whose model is
loaded at the first such text (see `langid_model`). A page's declared language only breaks the
tie for texts too short to classify.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import py3langid

from pipeline.content import langid_model
from pipeline.yaml_data import data_file

SAMPLE_CHARS = 100_000  # py3langid's counts overflow on long texts: 300 KB of English gave "zxx"
ENGLISH_SAMPLE_CHARS = 5_000  # the function-word count reads this much of the text
MIN_LETTERS = 40  # below this, the classifier guesses; trust the page's declaration instead
LETTER_CHUNK = 1000  # letters are counted chunk by chunk, stopping once there are enough
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class EnglishWords:
    words: frozenset[str]
    min_share: float
    min_words: int


@functools.cache
def english_words() -> EnglishWords:
    """The function-word shortcut's vocabulary and thresholds (`data/english_words.yaml`)."""
    data = data_file("english_words.yaml")
    return EnglishWords(frozenset(data["words"].lower().split()), float(data["min_share"]),
                        int(data["min_words"]))


def load_classifier() -> None:
    """Load py3langid's model now (from salvo's cache, see `langid_model`) rather than at the
    first text that needs it."""
    langid_model.load()


def detect_language(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of the text's language, else the declared one, else None."""
    declared_code = declared.split("-")[0].split("_")[0].lower() if declared else None
    if not _has_letters(text, MIN_LETTERS):
        return declared_code or None
    if plainly_english(text):
        return "en"
    load_classifier()
    code, _ = py3langid.classify(text[:SAMPLE_CHARS])
    return code


def plainly_english(text: str) -> bool:
    """Whether enough of the text's first words are English function words."""
    vocab = english_words()
    words = _WORD.findall(text[:ENGLISH_SAMPLE_CHARS].lower())
    if len(words) < vocab.min_words:
        return False
    return sum(w in vocab.words for w in words) >= vocab.min_share * len(words)


def _has_letters(text: str, count: int) -> bool:
    """Whether the text holds at least `count` letters (a long text is not counted through)."""
    found = 0
    for start in range(0, len(text), LETTER_CHUNK):
        found += sum(map(str.isalpha, text[start:start + LETTER_CHUNK]))
        if found >= count:
            return True
    return False
