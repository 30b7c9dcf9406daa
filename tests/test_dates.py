"""Event dates resolved against the publication date, never against today's clock."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.claims.dates import is_date_phrase, parse_publication_date, resolve_event_date

BASE = dt.date(2024, 11, 20)  # a Wednesday


@pytest.mark.parametrize(("text", "value", "precision"), [
    pytest.param("on Wednesday", dt.date(2024, 11, 20), "day", id="weekday-same-day"),
    pytest.param("Tuesday", dt.date(2024, 11, 19), "day", id="weekday-before"),
    pytest.param("Saturday", dt.date(2024, 11, 16), "day", id="weekday-last-week"),
    pytest.param("November 16", dt.date(2024, 11, 16), "day", id="month-day"),
    pytest.param("19 June 2024", dt.date(2024, 6, 19), "day", id="full"),
    pytest.param("yesterday", dt.date(2024, 11, 19), "day", id="yesterday"),
    pytest.param("last month", dt.date(2024, 10, 1), "month", id="last-month"),
    pytest.param("mid-November", dt.date(2024, 11, 1), "month", id="mid-month"),
    pytest.param("in early August", dt.date(2024, 8, 1), "month", id="early-month"),
    pytest.param("earlier this month", dt.date(2024, 11, 1), "month", id="this-month"),
    pytest.param("2022", dt.date(2022, 1, 1), "year", id="year"),
    pytest.param("this year", dt.date(2024, 1, 1), "year", id="this-year"),
    pytest.param("in recent weeks", None, None, id="span"),
    pytest.param("the last two months", None, None, id="span-months"),
])
def test_resolve_event_date(text: str, value, precision) -> None:
    date = resolve_event_date(text, BASE)
    assert (date.text, date.value, date.precision) == (text, value, precision)


def test_no_base_keeps_only_the_words() -> None:
    date = resolve_event_date("on Wednesday", None)
    assert (date.text, date.value, date.precision) == ("on Wednesday", None, None)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("November 16", True, id="date"),
    pytest.param("Between 50 and 60", False, id="numbers"),
    pytest.param("1,000 days", False, id="days"),
])
def test_is_date_phrase(text: str, expected: bool) -> None:
    assert is_date_phrase(text) is expected


def test_publication_dates_still_need_day_month_and_year() -> None:
    assert parse_publication_date("Wednesday 20 November 2024 07:09 EST") == BASE
    assert parse_publication_date("last month") is None


@pytest.mark.parametrize("text", [
    "now", "in a month", "25 Min.", "5 y 1", "transition-duration: 0.4s;", "40", "1700000000",
    "Updated 3 hours ago",
], ids=["now", "in-a-month", "minutes", "no-year", "css", "bare-40", "epoch", "relative"])
def test_publication_date_needs_a_stated_year(text):
    assert parse_publication_date(text) is None


@pytest.mark.parametrize("text, day", [
    ("27.02.2025", dt.date(2025, 2, 27)),
    ("Published: 20/11/2024", BASE),
    ("Nov 20, 2024", BASE),
    ("2024-11-20T07:09:00Z", BASE),
], ids=["dotted", "labelled-dmy", "us-style", "iso"])
def test_publication_date_forms(text, day):
    assert parse_publication_date(text) == day
