"""Reading saved HTML pages with Trafilatura.

Input: the decoded HTML of one page (a str) and its URL if known. Output: an `ArticleContent`
with the main text (one paragraph a line, in-body clutter removed by the shared paragraph
filter) and the metadata Trafilatura finds, or None when the page has no article text.
Pages nested deeper than lxml's parser limit are flattened first and bulky scripts dropped, so
their text is not lost.
"""

from __future__ import annotations

import datetime as dt
import re

import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.settings import Document

from pipeline import boilerplate
from pipeline.dates import parse_publication_date
from pipeline.records import ArticleContent
from pipeline.textdump import TERMINAL, byline_name

PRECISE_SHARE = 0.5  # precision mode must keep this share of the default text to be used
LAYOUT_CELL_WORDS = 150  # a table cell this long is a page column, not tabular data
HEADER_LINE_WORDS = 12  # a byline or date line Trafilatura kept is no longer than this
MAX_DEPTH = 200  # lxml drops everything below 256 levels; flatten well before that
_WRAPPERS = "div|span|section|article|main|font|center|b|i|em|strong"
_OPEN_RUN = re.compile(rf"(?:<(?:{_WRAPPERS})\b[^>]*>\s*)+(<(?:{_WRAPPERS})\b[^>]*>)", re.I)
_LAYOUT = "table|tbody|thead|tfoot|tr|td|th"
_WRAPPER_TAG = re.compile(rf"</?(?:{_WRAPPERS}|{_LAYOUT})\b[^>]*>", re.I)
BULKY_CHARS = 1_000_000  # a script, style, comment or data: URI this long is dropped unread
_BULKY_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BULKY_URI = re.compile(rf"data:[^\"'\s>)]{{{BULKY_CHARS},}}")
_CLOSE_RUN = re.compile(rf"(?:</(?:{_WRAPPERS})\s*>\s*)+(</(?:{_WRAPPERS})\s*>)", re.I)


def nesting_depth(html: str) -> int:
    """The deepest element nesting lxml's parser keeps for the markup (it stops near 256)."""
    tree = trafilatura.load_html(html)
    depth = deepest = 0
    if tree is None:
        return 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def without_bulk(html: str) -> str:
    """The markup without scripts, styles, comments and data: URIs over `BULKY_CHARS`.

    libxml2 stops at a text node over 10 MB, losing the article after it; Trafilatura drops
    such elements anyway, and small ones (JSON-LD metadata) stay.
    """
    if len(html) < BULKY_CHARS:
        return html
    html = _BULKY_BLOCK.sub(lambda m: m[0] if len(m[0]) < BULKY_CHARS else " ", html)
    return _BULKY_URI.sub("data:,", html)


def flatten(html: str) -> str:
    """The markup made shallow enough for lxml, or unchanged when it already is.

    First runs of directly nested wrapper tags collapse to their innermost one (text and that
    element's attributes survive); if the page is still too deep, wrapper and layout-table
    tags go altogether. The parser forgives the closing tags that no longer pair up.
    """
    if nesting_depth(html) <= MAX_DEPTH:
        return html
    html = _CLOSE_RUN.sub(r"\1", _OPEN_RUN.sub(r"\1", html))
    if nesting_depth(html) <= MAX_DEPTH:
        return html
    return _WRAPPER_TAG.sub(" ", html)


def _bare_extraction(html: str, url: str | None, **options: bool) -> Document | None:
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True,
                                           include_comments=False, **options)
    return document if isinstance(document, Document) else None


def _layout_table(document: Document) -> bool:
    """Whether the text came out as a table row holding a whole page column."""
    return any(line.startswith("|") and len(line.split()) > LAYOUT_CELL_WORDS
               for line in (document.text or "").splitlines())


def _extract(html: str, url: str | None) -> Document | None:
    """Trafilatura's precision mode, unless it kept under `PRECISE_SHARE` of the default text.

    Precision mode drops more teasers and widgets but sometimes loses most of an article whose
    markup it misjudges; the default extraction then stands in. Tables are kept, except on
    pages laid out with tables, whose text would otherwise come out as one table cell.
    """
    precise = _bare_extraction(html, url, favor_precision=True, include_tables=True)
    default = _bare_extraction(html, url, include_tables=True)
    if precise is not None and default is not None:
        keep = len(precise.text or "") >= PRECISE_SHARE * len(default.text or "")
        document = precise if keep else default
    else:
        document = default or precise
    if document is not None and _layout_table(document):
        document = _bare_extraction(html, url, include_tables=False) or document
    return document


def _published(document: Document, html: str, url: str | None) -> dt.date | None:
    """The publication date Trafilatura found, unless it is only a copyright year.

    Its extensive search turns a bare "© 2025" into 1 January; a 1 January date counts only
    when the page's date markup states it too.
    """
    if not document.date:
        return None
    if document.date[5:10] == "01-01" and not find_date(
            html, url=url, extensive_search=False, original_date=True):
        return None
    return parse_publication_date(document.date)


def _fold(text: str | None) -> str:
    return re.sub(r"\W+", " ", text or "").strip().lower()


def _body(document: Document) -> list[str]:
    """The main-text paragraphs without clutter, headline, byline and date lines, and without
    a leading standfirst (the page description as an unpunctuated first line)."""
    paragraphs = [" ".join(p.split()) for p in (document.text or "").splitlines()]
    paragraphs = [p for p in paragraphs if p]
    labels = boilerplate.label_clutter(paragraphs, extracted=True)
    title = _fold(document.title)
    body = [p for p, label in zip(paragraphs, labels, strict=True)
            if label is None and _fold(p) != title and not _header_line(p)]
    if body and _fold(body[0]) == _fold(document.description) and not body[0].endswith(TERMINAL):
        body = body[1:]
    return body


def _header_line(paragraph: str) -> bool:
    """A byline or a date line ("By Jane Doe", "3 May 2025, 10:14") that Trafilatura kept."""
    if len(paragraph.split()) > HEADER_LINE_WORDS:
        return False
    return (byline_name(paragraph, bare=False) is not None
            or parse_publication_date(paragraph) is not None)


def read_html(html: str, *, encoding: str, url: str | None = None) -> ArticleContent | None:
    """The article in an HTML page; None when Trafilatura finds nothing at all.

    A page whose text is all boilerplate keeps its metadata, with empty `text`.
    """
    html = flatten(without_bulk(html))
    document = _extract(html, url)
    if document is None:
        return None
    body = _body(document)
    return ArticleContent(
        text="\n".join(body), kind="html", encoding=encoding, title=document.title or None,
        standfirst=document.description or None, author=document.author or None,
        published=_published(document, html, url), site=document.sitename or None,
        url=document.url or url, language=document.language)
