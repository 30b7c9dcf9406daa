"""Date parsing with dateparser, fenced against its traps.

Publication dates must be stated in full (day, month and year, no relative words); other dates
are resolved only against a given base date (the article's publication date), never against
today's clock. Bare numbers ("40", "1700000000") are never dates. `resolve_event_date` reads
an event's date ("on Wednesday", "November 16", "last month") with its precision.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

import dateparser

from pipeline.records import EventDate

_ABSOLUTE = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "RETURN_AS_TIMEZONE_AWARE": False,
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "DMY",
}
_LANGUAGES = ["en"]
_BARE_NUMBER = re.compile(r"^\s*[\d\s.,:/-]*\d{5,}[\d\s.,:/-]*$|^\s*\d{1,4}\s*$")
_RELATIVE = re.compile(r"\b(ago|yesterday|today|tomorrow|now|last|next|this|in an?)\b",
                       re.IGNORECASE)
# a date stated in full names its year: four digits, or a numeric date such as 20/11/24
_HAS_YEAR = re.compile(r"\b(1[89]|20)\d{2}\b|\b\d{1,2}[./-]\d{1,2}[./-]\d{2}\b")
_LABEL = re.compile(r"^\s*(published|updated|posted|last updated|first published)\s*(on|:)?\s*",
                    re.IGNORECASE)
_ISO = re.compile(r"^\s*(\d{4})([-./])(\d{1,2})\2(\d{1,2})(?!\d)")  # 2025-05-03, 2025.5.3
_YEARS = range(1900, 2101)


def parse_publication_date(text: str) -> dt.date | None:
    """The calendar date a header line states in full, or None.

    ISO dates are read directly; other forms go to dateparser with day, month and year required
    (day before month for ambiguous numeric forms). Relative words and bare numbers give None.
    """
    if (not text or len(text) > 200 or _BARE_NUMBER.match(text) or _RELATIVE.search(text)
            or not _HAS_YEAR.search(text)):
        return None
    text = _LABEL.sub("", text)
    iso = _ISO.match(text)
    if iso:
        try:
            day = dt.date(int(iso[1]), int(iso[3]), int(iso[4]))
        except ValueError:
            return None
        return day if day.year in _YEARS else None
    parsed = dateparser.parse(text, languages=_LANGUAGES, settings=_ABSOLUTE)
    if parsed is None or parsed.year not in _YEARS:
        return None
    return parsed.date()


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_QUALIFIERS = re.compile(r"^(on|in|at|since|by|from|during|until|earlier|later|early|mid|late|"
                         r"the|of|this past)[\s-]+", re.IGNORECASE)
_MONTH_WORDS = re.compile(r"\b(month|" + "|".join(_MONTHS) + r")\b", re.IGNORECASE)
_YEAR_WORDS = re.compile(r"\b(year|(19|20)\d\d)\b", re.IGNORECASE)
_SPANS = re.compile(r"\b(weeks|months|years|days|decades|recent|past|coming|next|ago)\b",
                    re.IGNORECASE)


def _strip_qualifiers(text: str) -> str:
    previous = None
    text = text.strip()
    while previous != text:
        previous, text = text, _QUALIFIERS.sub("", text).strip()
    return text


def _precision(text: str) -> str | None:
    lower = text.lower()
    named_month = re.search("|".join(_MONTHS), lower)
    if any(w in lower for w in _WEEKDAYS) or re.search(r"\b(yesterday|today)\b", lower) or (
            named_month and re.search(r"\b\d{1,2}(st|nd|rd|th)?\b", lower)):
        return "day"
    if _MONTH_WORDS.search(lower):
        return "month"
    return "year" if _YEAR_WORDS.search(lower) else None


def _weekday(text: str, base: dt.date) -> dt.date | None:
    """The latest date on or before `base` that falls on the weekday `text` names."""
    lower = text.lower()
    if lower not in _WEEKDAYS:
        return None
    back = (base.weekday() - _WEEKDAYS.index(lower)) % 7
    return base - dt.timedelta(days=back)


def is_date_phrase(text: str) -> bool:
    """Whether `text` names a day, month or year ("on Wednesday", "last month"), not a count."""
    return _precision(_strip_qualifiers(text)) is not None


@lru_cache(maxsize=4096)
def resolve_event_date(text: str, base: dt.date | None) -> EventDate:
    """An event date as stated, resolved against the publication date `base` (never today).

    "on Wednesday" is the latest Wednesday on or before `base`; "last month" keeps month
    precision; spans ("in recent weeks", "the last two months") and any date without a base
    keep only their words.
    """
    core = _strip_qualifiers(text)
    precision = _precision(core)
    if base is None or precision is None or _SPANS.search(core) or _BARE_NUMBER.match(core) \
            and not re.fullmatch(r"(19|20)\d\d", core.strip()):
        return EventDate(text=text)
    value = _weekday(core, base)
    if value is None:
        settings = {"RELATIVE_BASE": dt.datetime.combine(base, dt.time()),
                    "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                    "PREFER_DAY_OF_MONTH": "first"}
        parsed = dateparser.parse(core, languages=_LANGUAGES, settings=settings)
        if parsed is None or parsed.year not in _YEARS:
            return EventDate(text=text)
        value = parsed.date()
    if precision == "month":
        value = value.replace(day=1)
    elif precision == "year":
        value = value.replace(month=1, day=1)
    return EventDate(text=text, value=value, precision=precision)
