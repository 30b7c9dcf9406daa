"""The headline of an HTML page: the `<h1>` that agrees with the meta title, not the site's name
in the title or in a logo heading, and not another story's heading."""

from __future__ import annotations

import pytest
import trafilatura

from pipeline.content.html_content import read_html
from pipeline.content.html_title import heading_text, page_headline

SITE = "Harbour Ledger"
PAGES = {  # body of the page, meta title -> the headline expected
    "heading over 'Headline | Site'": (
        "<h1>Coastal ferry gets a second crew</h1>",
        "Coastal ferry gets a second crew | Harbour Ledger",
        "Coastal ferry gets a second crew"),
    "heading over a shorter social title": (
        "<h1>Coastal ferry gets a second crew after a summer of delays</h1>",
        "Ferry gets a second crew",
        "Coastal ferry gets a second crew after a summer of delays"),
    "heading that rewords the title": (
        "<h1>Why the island council finally bought a ferry</h1>",
        "Island council buys ferry - Harbour Ledger",
        "Why the island council finally bought a ferry"),
    "logo heading": (
        '<h1 class="site-logo">Harbour Ledger Weekly</h1><h2>Coastal ferry gets a crew</h2>',
        "Coastal ferry gets a crew | Harbour Ledger",
        "Coastal ferry gets a crew"),
    "heading linking to the front page": (
        '<h1><a href="/">Ferry Notes</a></h1><h2>Notes on the ferry timetable</h2>',
        "Ferry timetable notes",
        "Ferry timetable notes"),
    "the site's name as heading": (
        "<h1>Harbour Ledger</h1>",
        "Harbour Ledger - Coastal ferry gets a crew",
        "Coastal ferry gets a crew"),
    "another story's heading": (
        "<h1>Why don't you go fishing for it?</h1>",
        "Council votes on the harbour budget - Harbour Ledger",
        "Council votes on the harbour budget"),
    "a section's name as title": (
        "<h1>Council opens a ferry terminal on the island</h1>",
        "Press releases",
        "Council opens a ferry terminal on the island"),
    "a short heading under a section's name": (
        "<h1>Ferry news</h1>",
        "Press releases",
        "Press releases"),
    "heading with a kicker": (
        "<h1><span>Analysis</span> Council votes on the harbour budget</h1>",
        "Council votes on the harbour budget",
        "Council votes on the harbour budget"),
    "several headings": (
        "<h1>Menu</h1><h1>Council votes on the harbour budget again</h1><h1>Most read</h1>",
        "Harbour budget vote",
        "Council votes on the harbour budget again"),
    "an unclosed heading around the article": (
        "<h1>Council votes on the harbour budget. " + "The council met to vote on it. " * 8,
        "Harbour budget vote - Harbour Ledger",
        "Harbour budget vote"),
    "a domain at the title's end": (
        "<p>No heading here.</p>",
        "Council votes on the harbour budget - harbourledger.example",
        "Council votes on the harbour budget"),
    "a title part that is no site": (
        "<p>No heading here.</p>",
        "Council votes - harbour budget passes",
        "Council votes - harbour budget passes"),
}


def _tree(body: str, title: str) -> object:
    return trafilatura.load_html(f"<html><head><title>{title}</title></head><body>{body}"
                                 "<p>The council met on Monday.</p></body></html>")


@pytest.mark.parametrize(("body", "title", "expected"), PAGES.values(), ids=list(PAGES))
def test_page_headline(body: str, title: str, expected: str) -> None:
    assert page_headline(_tree(body, title), title, SITE) == expected


def test_no_title_is_kept() -> None:
    assert page_headline(_tree("<h1>Council votes</h1>", ""), None, SITE) is None


HEADINGS = {  # markup of an <h1> -> its text
    "soft hyphens, styles, line breaks": (
        "<h1>Har\u00adbour <style>.h{color:red}</style>budget\n  <b>vote</b></h1>",
        "Harbour budget vote"),
    "comments and the text after it": (
        "<h1>Harbour <!-- teaser -->budget</h1> posted at noon", "Harbour budget"),
    "punctuation after an element": (
        "<h1><em>Harbour</em>, budget and (<i>ferry</i>) vote</h1>",
        "Harbour, budget and (ferry) vote"),
    "elements side by side": ("<h1><span>Analysis</span><span>Budget vote</span></h1>",
                              "Analysis Budget vote"),
    "an anchor mark": ('<h1>Installing the tool<a class="headerlink" href="#i">¶</a></h1>',
                       "Installing the tool"),
}


@pytest.mark.parametrize(("markup", "expected"), HEADINGS.values(), ids=list(HEADINGS))
def test_heading_text_is_what_a_reader_sees(markup: str, expected: str) -> None:
    assert heading_text(_tree(markup, "x").find(".//h1")) == expected


def test_read_html_titles_the_page_with_its_heading() -> None:
    html = ("<html><head><title>Norway orders patrol boats | Harbour Ledger</title>"
            '<meta property="og:title" content="Norway orders boats">'
            '<meta property="og:site_name" content="Harbour Ledger"></head><body>'
            '<header><h1 class="logo">Harbour Ledger</h1></header><article>'
            "<h1>Norway orders six patrol boats for its northern coast</h1>"
            "<p>Norway has ordered six patrol boats for its northern coast, the defence ministry "
            "said on Tuesday. The first boat is due in two years, and the last in five.</p>"
            "<p>The boats will replace a class that has served for thirty years, the ministry "
            "said, and each will carry a crew of twenty.</p></article></body></html>")
    content = read_html(html, encoding="utf-8")
    assert content is not None
    assert content.title == "Norway orders six patrol boats for its northern coast"
    assert "Norway has ordered six patrol boats" in content.text
