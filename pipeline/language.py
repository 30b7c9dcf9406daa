"""Language identification for article text.

Input: the clean article text (and optionally a language the page declares). Output: an ISO
639-1 code, or None when the text is too short to tell. py3langid decides; a page's declared
language only breaks the tie for texts too short to classify.
"""

from __future__ import annotations

import py3langid

SAMPLE_CHARS = 100_000  # py3langid's counts overflow on long texts: 300 KB of English gave "zxx"
MIN_LETTERS = 40  # below this, the classifier guesses; trust the page's declaration instead
LETTER_CHUNK = 1000  # letters are counted chunk by chunk, stopping once there are enough


def detect_language(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of the text's language, else the declared one, else None."""
    declared_code = declared.split("-")[0].split("_")[0].lower() if declared else None
    if not _has_letters(text, MIN_LETTERS):
        return declared_code or None
    code, _ = py3langid.classify(text[:SAMPLE_CHARS])
    return code


def _has_letters(text: str, count: int) -> bool:
    """Whether the text holds at least `count` letters (a long text is not counted through)."""
    found = 0
    for start in range(0, len(text), LETTER_CHUNK):
        found += sum(map(str.isalpha, text[start:start + LETTER_CHUNK]))
        if found >= count:
            return True
    return False
