"""The basis of a reported figure: a running `total` ("bringing the total to 60"), an
`additional` increment ("a further 20") or `unknown`, from the words around the figure in its
sentence (phrases in `ledger.yaml`)."""

from __future__ import annotations

import re

from pipeline.ledger.rules import BasisRules

TOTAL, ADDITIONAL, UNKNOWN = "total", "additional", "unknown"
_WORD = re.compile(r"\S+")


def basis_of(sentence: str, quantity_text: str | None, item_text: str | None,
             rules: BasisRules) -> str:
    """The basis of the figure `quantity_text` (or, with none, of the item) in `sentence`."""
    anchor = _find(sentence, quantity_text) or _find(sentence, item_text)
    if anchor is None:
        return UNKNOWN
    start, end = anchor
    item = _find(sentence, item_text, start)
    before = _last_words(sentence[:start], rules.window_words)
    after_figure = _first_words(sentence[end:], rules.window_words)
    after_item = _first_words(sentence[item[1]:], rules.window_words) if item else after_figure
    if rules.total_before.search(before) or rules.total_after.search(after_item):
        return TOTAL
    if (rules.additional_before.search(before) or _leading(rules.additional_after, after_figure)
            or _leading(rules.additional_after, after_item)):
        return ADDITIONAL
    return UNKNOWN


def _find(sentence: str, text: str | None, start: int = 0) -> tuple[int, int] | None:
    if not text:
        return None
    at = sentence.find(text, start)
    if at < 0:
        at = sentence.lower().find(text.lower(), start)
    return (at, at + len(text)) if at >= 0 else None


def _last_words(text: str, count: int) -> str:
    words = _WORD.findall(text)
    return " ".join(words[-count:])


def _first_words(text: str, count: int) -> str:
    words = _WORD.findall(text)
    return " ".join(words[:count])


def _leading(pattern: re.Pattern[str], after: str) -> bool:
    """An after-phrase counts only right after the figure or the item ("20 more tanks",
    "20 tanks more")."""
    match = pattern.search(after)
    return match is not None and match.start() == 0
