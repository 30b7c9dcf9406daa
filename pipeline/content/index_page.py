"""Index pages: a page of teasers is no article.

Input: the parsed page's teasers (headings that are links, with the paragraphs in their box)
and the paragraphs extracted from it. Output: whether the page is an index of teasers (a section
front, a tag page): many teasers, and an extracted text made largely of them. An article whose
related-stories list has teasers is not one, since its text is not made of them. Thresholds:
data/index_page.yaml.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lxml.html import HtmlElement

from pipeline.content.html_title import folded
from pipeline.yaml_data import data_file

_HEADINGS = ("h1", "h2", "h3", "h4")


@cache
def _limits() -> dict[str, Any]:
    return data_file("index_page.yaml")


def teasers(tree: HtmlElement) -> list[set[str]]:
    """The page's teasers, read before extraction prunes the tree: for each heading that is a
    link, its text and the paragraphs beside it in its box (folded)."""
    limits = _limits()
    found = []
    for heading in tree.iter(*_HEADINGS):
        text = folded(heading.text_content())
        if heading.find(".//a[@href]") is None or len(text.split()) < limits["min_words"]:
            continue
        box = heading.getparent()
        blurbs = [folded(p.text_content()) for p in box.iter("p")] if box is not None else []
        if len(blurbs) > limits["max_blurbs"] or any(
                len(b.split()) > limits["max_blurb_words"] for b in blurbs):
            blurbs = []  # a box of article text, not a teaser's blurb
        found.append({text, *blurbs} - {""})
    return found


def is_index_page(found: list[set[str]], paragraphs: list[str]) -> bool:
    """Whether a page with these teasers and extracted paragraphs is an index of teasers
    rather than one article: enough teasers, and the text largely made of them."""
    limits = _limits()
    if len(found) < limits["min_teasers"]:
        return False
    teaser_lines = set().union(*found)
    lines = sum(folded(p) in teaser_lines for p in paragraphs)
    return lines >= limits["min_teaser_lines"] and lines >= limits["min_share"] * len(paragraphs)
