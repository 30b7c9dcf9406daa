"""Language identification for article text.

Input: the clean article text (and optionally a language the page declares). Output: an ISO
639-1 code, or None when the text is too short to tell. py3langid decides; a page's declared
language only breaks the tie for texts too short to classify.
"""

from __future__ import annotations

import py3langid

SAMPLE_CHARS = 100_000  # py3langid's counts overflow on long texts: 300 KB of English gave "zxx"
MIN_LETTERS = 40  # below this, the classifier guesses; trust the page's declaration instead


def detect_language(text: str, declared: str | None = None) -> str | None:
    """The ISO 639-1 code of the text's language, else the declared one, else None."""
    letters = sum(c.isalpha() for c in text)
    declared_code = declared.split("-")[0].split("_")[0].lower() if declared else None
    if letters < MIN_LETTERS:
        return declared_code or None
    code, _ = py3langid.classify(text[:SAMPLE_CHARS])
    return code
