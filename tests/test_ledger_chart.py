"""The estimate-history chart: one mark per dated report, coloured by source, as SVG or PNG."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pipeline.ledger.chart import history_png, history_svg, render

ROWS = [
    {"item": "troops", "value": 10000, "as_of": "2024-11-05", "source": "U.S.",
     "approximate": True, "basis": "unknown"},
    {"item": "troops", "value": 10900, "as_of": "2024-11-20", "source": "NIS",
     "approximate": True, "basis": "unknown"},
    {"item": "troops", "value": 11000, "value_low": 11000, "value_high": 12000,
     "as_of": "2024-12-10", "source": "Ukrainian intelligence", "basis": "total"},
    {"item": "troops", "value": 3000, "as_of": "2025-01-20", "source": "NIS",
     "basis": "additional"},
    {"item": "troops", "value": 9000, "as_of": None, "reported_on": None, "source": "NIS"},
]


def test_svg_has_one_mark_per_dated_report_and_names_every_source():
    svg = history_svg(ROWS, "North Korea → Russia")
    assert svg.startswith("<?xml") and svg.rstrip().endswith("</svg>")
    for label in ("North Korea → Russia", "U.S.", "NIS", "Ukrainian intelligence",
                  "NIS (increment)", "range of current estimates",
                  "troops (1 undated report not shown)"):
        assert label in svg, label
    marks = re.findall(r"<g id=\"reports-\d+\">(.*?)</g>", svg, flags=re.S)
    assert sum(m.count("<use ") for m in marks) == 4


def test_the_same_rows_draw_the_same_bytes():
    assert history_svg(ROWS) == history_svg(list(ROWS))


def test_png_and_an_empty_history():
    assert history_png(ROWS).startswith(b"\x89PNG\r\n\x1a\n")
    assert "no reported values" in history_svg([])


def test_other_formats_are_refused():
    with pytest.raises(ValueError, match="svg, png"):
        render(ROWS, "gif")


def test_a_big_series_draws_coinciding_reports_once_and_says_so():
    day = dt.date(2024, 1, 1)
    rows = [{"item": "shells", "value": 1000 * (1 + i % 3),
             "as_of": day + dt.timedelta(days=i % 300),
             "source": ("NIS", "U.S.")[i % 2], "basis": "total"} for i in range(3000)]
    svg = history_svg(rows)
    marks = re.findall(r"<g id=\"reports-\d+\">(.*?)</g>", svg, flags=re.S)
    drawn = sum(m.count("<use ") for m in marks)
    assert 6 <= drawn < 1000
    assert f"3,000 reports in {drawn:,} marks" in svg
    assert "NIS" in svg and "U.S." in svg


def test_a_long_source_name_is_cut_in_the_legend():
    name = "Ministry of Defence of a Country with a Very Long Name"
    svg = history_svg([{**ROWS[0], "source": name}])
    assert name[:29] + "…" in svg and name not in svg
