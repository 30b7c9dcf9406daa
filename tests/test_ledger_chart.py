"""The estimate-history chart: one mark per dated report, coloured by source, as SVG or PNG."""

from __future__ import annotations

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
