"""Stopword density of dump lines in the page's own language (pipeline/content/stopwords.py)."""

from __future__ import annotations

import pytest

from pipeline.content.stopwords import densities

ENGLISH = ["The ministry said that the tanks would be delivered to the army before the summer.",
           "Leopard Tanks Poland Germany Ukraine Defence Tags"]
PORTUGUESE = ["O ministério disse que os navios seriam entregues à marinha antes do verão.",
              "Marinha Chile Fragatas Austrália Defesa"]


@pytest.mark.parametrize("lines", [ENGLISH, PORTUGUESE], ids=["english", "portuguese"])
def test_prose_has_more_stopwords_than_a_tag_list(lines: list[str]) -> None:
    prose, tags = densities(lines)
    assert prose > 0.3
    assert tags < 0.1


def test_no_fitting_stoplist_gives_none() -> None:
    assert densities(["12345 67890", "---"]) == [None, None]


def test_empty_line_has_density_zero() -> None:
    assert densities(["The army said it was ready.", ""])[1] == 0.0


def test_chinese_page_with_latin_debris_fits_no_stoplist() -> None:
    lines = ["海军今天接收了两艘新的巡逻艇，将在下个月开始执行任务。",
             'src="http://t.example.cn/b?d=a&d=b&c=d&u=e&d=f&b=g&d=h&te=i&d=j&d=k"']
    assert densities(lines, [28, 14]) == [None, None]
