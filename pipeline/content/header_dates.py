"""The publication date a header line of a text dump states.

Input: one short line ("Published 3 May 2025, 10:14", "von Lena Brandt · 3. März 2024").
Output: its calendar date, or None. A day, month name and year (in nine languages, with the
month names of `month_names` in `data/article_header.yaml`) is read directly; other forms go to
`claims.dates.parse_publication_date` (dateparser, fenced), whole or as the part a date pattern
matches. The same file holds the date patterns and the hint that picks the lines worth parsing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from pipeline.claims.dates import parse_publication_date
from pipeline.yaml_data import data_file

DATE_LINE_MAX_WORDS = 14
DATE_REST_WORDS = 4  # "Last modified on Thu": words allowed around a date in a date line
MIN_YEAR = 1900  # an earlier year is no publication date

_WORDS = re.compile(r"[^\W\d_]+")
_TIME = re.compile(r"\b\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?|\([^)]*\)", re.IGNORECASE)


@dataclass(frozen=True)
class DateCues:
    """Date patterns, month names and the date hint from `data/article_header.yaml`."""

    patterns: tuple[re.Pattern[str], ...]
    months: dict[str, int]
    month_date: re.Pattern[str]
    hint: re.Pattern[str]


@functools.cache
def date_cues() -> DateCues:
    """The date cues, loaded once."""
    data = data_file("article_header.yaml")
    months = {name.casefold(): int(month) for month, names in data["month_names"].items()
              for name in names}
    return DateCues(
        tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in data["date_patterns"]),
        months, _month_date(months), re.compile(data["date_hint"]["pattern"], re.IGNORECASE))


def _month_date(months: dict[str, int]) -> re.Pattern[str]:
    """Day, month name and year ("22. Januar 2018", "1er mars 2019", "22 de janeiro de 2018"),
    or month name, day and year ("Oktober 27, 2015")."""
    names = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    day_first = (rf"(?P<day>\d{{1,2}})(?:\.|er|º)?\s*(?:de\s+)?(?P<month>{names})\.?,?"
                 rf"\s+(?:de\s+|del\s+)?(?P<year>\d{{4}})")
    month_first = rf"(?P<month2>{names})\.?\s+(?P<day2>\d{{1,2}}),?\s+(?P<year2>\d{{4}})"
    return re.compile(rf"(?<!\w)(?:{day_first}|{month_first})(?!\w)", re.IGNORECASE)


def iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def looks_like_date(text: str) -> bool:
    """Whether the line may state a date (see `date_hint` and `month_names` in the cues); only
    such lines are worth the date parser's time."""
    cues = date_cues()
    return cues.hint.search(text) is not None or cues.month_date.search(text) is not None


def stated_date(text: str, *, cued: bool = False) -> dt.date | None:
    """The date a short header line states ("Published 3 May 2025, 10:14", "Kyiv, May 3,
    2025 (Saturday)"), or None; a longer line (a headline with a date in it) states none, nor
    does a line with more than a few words besides its date, unless it is `cued`: it starts as
    a byline or date line does ("By Jane Doe, Defence Editor, on May 3, 2025 at 10:14")."""
    if len(text.split()) > DATE_LINE_MAX_WORDS or not looks_like_date(text):
        return None
    named = date_cues().month_date.search(text)  # read without the date parser: the fast way
    found = _named_month_date(named) if named and (cued or _little_else(text, named)) else None
    if found is not None:
        return found
    found = parse_publication_date(text)
    if found is not None:
        return found
    for pattern in date_cues().patterns:
        match = pattern.search(text)
        found = (parse_publication_date(match[0])
                 if match and (cued or _little_else(text, match)) else None)
        if found is not None:
            return found
    return None


def _little_else(text: str, match: re.Match[str]) -> bool:
    """Whether the line holds little but the date it matched: `DATE_REST_WORDS` words at most
    besides times, bracketed notes and short words in capitals ("EST")."""
    rest = _TIME.sub(" ", f"{text[:match.start()]} {text[match.end():]}")
    return len([w for w in _WORDS.findall(rest) if not (w.isupper() and len(w) <= 4)]) <= (
        DATE_REST_WORDS)


def _named_month_date(match: re.Match[str]) -> dt.date | None:
    """The date a `month_date` match states, when it is a calendar date."""
    year, month, day_of_month = ((match["year"], match["month"], match["day"]) if match["year"]
                                 else (match["year2"], match["month2"], match["day2"]))
    try:
        day = dt.date(int(year), date_cues().months[month.casefold()], int(day_of_month))
    except ValueError:
        return None
    return day if day.year >= MIN_YEAR else None
