"""Text dumps of our own, one per kind of page clutter (fixtures/dumps/<name>.txt), against the
expectations beside them (<name>.yaml): every body sentence kept, every clutter line gone, the
headline, byline and date found."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from pipeline.content.textdump import read_dump

DUMPS = Path(__file__).resolve().parents[1] / "fixtures" / "dumps"
CASES = sorted(DUMPS.glob("*.yaml"))
WHOLE_LINE_WORDS = 3  # a clutter entry this short must not be a whole line; a longer one nowhere


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@pytest.fixture(scope="module", params=CASES, ids=lambda p: p.stem)
def case(request) -> tuple[dict, object]:
    expected = yaml.safe_load(request.param.read_text(encoding="utf-8"))
    text = request.param.with_suffix(".txt").read_text(encoding="utf-8")
    content = read_dump(text, encoding="utf-8")
    assert content is not None
    return expected, content


def test_every_body_sentence_is_kept(case) -> None:
    expected, content = case
    text = _fold(content.text)
    assert [s for s in expected["body_present"] if _fold(s) not in text] == []


def test_every_clutter_line_is_dropped(case) -> None:
    expected, content = case
    lines = {_fold(line) for line in content.text.splitlines()}
    text = _fold(content.text)
    kept = [c for c in expected["clutter_absent"]
            if (_fold(c) in lines if len(c.split()) <= WHOLE_LINE_WORDS else _fold(c) in text)]
    assert kept == []


def test_header_is_read(case) -> None:
    expected, content = case
    assert content.title == expected["title"]
    assert content.author == expected["author"]
    assert content.published == dt.date.fromisoformat(str(expected["published"]))
    if "site" in expected:
        assert content.site == expected["site"]
    if "standfirst" in expected:
        assert content.standfirst == expected["standfirst"]


def test_one_dump_per_kind_of_clutter() -> None:
    kinds = {yaml.safe_load(p.read_text(encoding="utf-8"))["kind"] for p in CASES}
    assert len(kinds) == len(CASES) >= 12
