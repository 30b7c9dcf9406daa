"""The headline of an HTML page: the `<h1>` the reader sees, when it agrees with the meta title.

Input: the parsed page, the title Trafilatura found (og:title, JSON-LD or `<title>`, which
often add the site's name, "Headline - Site", or give a shorter form for social media) and the
site's name. Output: the `<h1>` that shares the most topic words with that title (or the
page's one `<h1>` under a short title that names a section: "Press releases"), unless it
only holds the site's name or logo or is too long for a headline (an unclosed `<h1>`), or the
title is the `<h1>` without a kicker or tagline ("Analysis Headline"); without such an `<h1>`,
the title less a site's name set off at either end. The rules' vocabulary is `html_headline`
in `data/article_header.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from lxml.html import HtmlElement

from pipeline.content.dump_header import SOFT_HYPHEN
from pipeline.yaml_data import data_file

_GAP = "\x00"  # between elements: a space unless punctuation follows or precedes
_GAP_BY_PUNCTUATION = re.compile(f"{_GAP}+(?=[,.;:!?)\\]’”»])|(?<=[(\\[‘“«]){_GAP}+")
_UNREAD = frozenset({"script", "style", "noscript", "template"})  # text no reader sees
_WORD = re.compile(r"\w+")
_ROOT_LINK = re.compile(r"https?://[^/]+/?|/|\./?")  # a link to the site's front page
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?", re.IGNORECASE)


@dataclass(frozen=True)
class _Vocabulary:
    separator: re.Pattern[str]
    site_heading: re.Pattern[str]
    topic_letters: int
    anchor_marks: frozenset[str]
    max_words: int
    section_words: int
    headline_min_words: int


@cache
def _vocabulary() -> _Vocabulary:
    data = data_file("article_header.yaml")["html_headline"]
    return _Vocabulary(re.compile(f"({data['title_separator']})"),
                       re.compile(data["site_heading"], re.IGNORECASE), data["topic_letters"],
                       frozenset(data["anchor_marks"]), data["max_words"],
                       data["section_words"], data["headline_min_words"])


def page_headline(tree: HtmlElement, title: str | None, site: str | None) -> str | None:
    """The page's headline: see the module's docstring."""
    if not title:
        return title
    headings = [text for element in tree.iter("h1") if (text := heading_text(element))
                and len(text.split()) <= _vocabulary().max_words
                and not _site_heading(element, text, title, site)]
    best = max(headings, key=lambda text: _shared(text, title), default=None)
    if best is None or not _shared(best, title) and not _names_section(title, headings):
        return _without_site(title, site)
    heading, short = folded(best), folded(title)
    if heading != short and (heading.startswith(short) or heading.endswith(short)):
        return title  # the heading adds a kicker or a tagline to the title
    return best


def _names_section(title: str, headings: list[str]) -> bool:
    """Whether a short meta title names the page's section or its publishing system ("Press
    releases", "escenic") over the page's one `<h1>`, a headline of some length."""
    vocabulary = _vocabulary()
    return (len(headings) == 1 and len(_WORD.findall(title)) <= vocabulary.section_words
            and len(headings[0].split()) >= vocabulary.headline_min_words)


def heading_text(element: HtmlElement) -> str:
    """The text of a heading as a reader sees it: no scripts, styles or comments, one space
    between words, no soft hyphens, no anchor mark at its end ("Installing ¶"), and no space
    put between an element and the punctuation after it ("<em>Dune</em>, the film")."""
    parts = [element.text or ""]
    for child in element:
        _collect(child, parts)
    text = _GAP_BY_PUNCTUATION.sub("", "".join(parts).replace(SOFT_HYPHEN, ""))
    words = text.replace(_GAP, " ").split()
    while words and words[-1] in _vocabulary().anchor_marks:
        words.pop()
    return " ".join(words)


def _collect(element: HtmlElement, parts: list[str]) -> None:
    """The text of `element` and its tail into `parts`, with a gap on either side."""
    parts.append(_GAP)
    if isinstance(element.tag, str) and element.tag not in _UNREAD:
        parts.append(element.text or "")
        for child in element:
            _collect(child, parts)
    parts.append(_GAP)
    parts.append(element.tail or "")


def _site_heading(element: HtmlElement, text: str, title: str, site: str | None) -> bool:
    """An `<h1>` that holds the site's name or logo: a domain name, a link to the front page,
    a logo class, or the site's name standing at one end of the title ("Headline | Site")."""
    if _DOMAIN.fullmatch(text) or _vocabulary().site_heading.search(
            f"{element.get('class', '')} {element.get('id', '')}"):
        return True
    if any(_ROOT_LINK.fullmatch(link.get("href", "").strip()) for link in element.iter("a")):
        return True
    if site and folded(text) == folded(site):
        pieces = _vocabulary().separator.split(title)[::2]
        return len(pieces) > 1 and folded(text) in (folded(pieces[0]), folded(pieces[-1]))
    return False


def _without_site(title: str, site: str | None) -> str:
    """The title less a site's name (or domain) set off at its end or start."""
    parts = _vocabulary().separator.split(title)  # text, separator, text, ...
    if len(parts) < 3:
        return title
    if _names_site(parts[-1], site):
        return "".join(parts[:-2]).strip()
    if _names_site(parts[0], site):
        return "".join(parts[2:]).strip()
    return title


def _names_site(text: str, site: str | None) -> bool:
    return bool(_DOMAIN.fullmatch(text.strip())) or bool(site) and folded(text) == folded(site)


def _shared(heading: str, title: str) -> float:
    """The share of the shorter one's topic words that the other one has too: words of
    `topic_letters` letters or more ("the", "for" do not count), or all words when one of the
    two has none."""
    a, b = set(_WORD.findall(heading.lower())), set(_WORD.findall(title.lower()))
    letters = _vocabulary().topic_letters
    long_a, long_b = {w for w in a if len(w) >= letters}, {w for w in b if len(w) >= letters}
    if long_a and long_b:
        a, b = long_a, long_b
    return len(a & b) / max(1, min(len(a), len(b)))


def folded(text: str | None) -> str:
    """The text's words, lower-cased, one space apart ("Tanks | News!" gives "tanks news")."""
    return " ".join(_WORD.findall((text or "").lower()))
