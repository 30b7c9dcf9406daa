"""Date parsing with dateparser, fenced against its traps.

Publication dates must be stated in full (day, month and year, no relative words); other dates
are resolved only against a given base date (the article's publication date), never against
today's clock. Bare numbers ("40", "1700000000") are never dates.
"""

from __future__ import annotations

import datetime as dt
import re

import dateparser

_ABSOLUTE = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "DMY",
}
_LANGUAGES = ["en"]
_BARE_NUMBER = re.compile(r"^\s*[\d\s.,:/-]*\d{5,}[\d\s.,:/-]*$|^\s*\d{1,4}\s*$")
_RELATIVE = re.compile(r"\b(ago|yesterday|today|tomorrow|last|next|this)\b", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(published|updated|posted|last updated|first published)\s*(on|:)?\s*",
                    re.IGNORECASE)
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_YEARS = range(1900, 2101)


def parse_publication_date(text: str) -> dt.date | None:
    """The calendar date a header line states in full, or None.

    ISO dates are read directly; other forms go to dateparser with day, month and year required
    (day before month for ambiguous numeric forms). Relative words and bare numbers give None.
    """
    if not text or len(text) > 200 or _BARE_NUMBER.match(text) or _RELATIVE.search(text):
        return None
    text = _LABEL.sub("", text)
    iso = _ISO.match(text)
    if iso:
        try:
            day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        except ValueError:
            return None
        return day if day.year in _YEARS else None
    parsed = dateparser.parse(text, languages=_LANGUAGES, settings=_ABSOLUTE)
    if parsed is None or parsed.year not in _YEARS:
        return None
    return parsed.date()
