"""Reading saved HTML pages with Trafilatura.

Input: the decoded HTML of one page (a str) and its URL if known. Output: an `ArticleContent`
with the main text (one paragraph a line, in-body clutter removed by the shared paragraph
filter) and the metadata Trafilatura finds, or None when the page has no article text.
Pages nested deeper than lxml's parser limit are flattened first and bulky scripts dropped, so
their text is not lost.
"""

from __future__ import annotations

import copy
import datetime as dt
import re

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.settings import Document

from pipeline.claims.dates import parse_publication_date
from pipeline.content import boilerplate
from pipeline.content.dump_header import byline_name
from pipeline.content.header_dates import looks_like_date
from pipeline.content.html_metadata import page_metadata
from pipeline.content.html_title import folded, page_headline
from pipeline.content.index_page import is_index_page, teasers
from pipeline.content.textdump import TERMINAL
from pipeline.records import ArticleContent

PRECISE_SHARE = 0.5  # precision mode must keep this share of the default text to be used
SHORT_PAGE_SHARE = 0.3  # a precise text under this share of the page's text may have lost...
SHORT_CHARS = 500  # ...and so may one this short: only then does the default extraction run
LARGE_PAGE_CHARS = 100_000  # page text past which the default extraction skips its fallbacks
LAYOUT_CELL_WORDS = 150  # a table cell this long is a page column, not tabular data
HEADER_LINE_WORDS = 12  # a byline or date line Trafilatura kept is no longer than this
MAX_DEPTH = 200  # lxml drops everything below 256 levels; flatten well before that
_DEEP = etree.XPath(f"boolean(//*[ancestor::*[{MAX_DEPTH}]])")
_NOISE = etree.XPath(".//aside|.//footer|.//div[contains(@class|@id, 'footer')]|.//fencedframe"
                     "|.//script|.//style|.//svg|.//template")
_WRAPPERS = "div|span|section|article|main|font|center|b|i|em|strong"
_OPEN_RUN = re.compile(rf"(?:<(?:{_WRAPPERS})\b[^>]*>\s*)+(<(?:{_WRAPPERS})\b[^>]*>)", re.I)
_LAYOUT = "table|tbody|thead|tfoot|tr|td|th"
_WRAPPER_TAG = re.compile(rf"</?(?:{_WRAPPERS}|{_LAYOUT})\b[^>]*>", re.I)
BULKY_CHARS = 1_000_000  # a script, style, comment or data: URI this long is dropped unread
_BULKY_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BULKY_URI = re.compile(rf"data:[^\"'\s>)]{{{BULKY_CHARS},}}")
_CLOSE_RUN = re.compile(rf"(?:</(?:{_WRAPPERS})\s*>\s*)+(</(?:{_WRAPPERS})\s*>)", re.I)


def too_deep(tree: HtmlElement) -> bool:
    """Whether an element of the parsed page lies more than `MAX_DEPTH` levels down."""
    return bool(_DEEP(tree))


def _may_be_deep(html: str) -> bool:
    """False when the markup has fewer tags than `MAX_DEPTH`, so cannot nest that deep."""
    return html.count("<") >= MAX_DEPTH


def _markup_too_deep(html: str) -> bool:
    if not _may_be_deep(html):
        return False
    tree = trafilatura.load_html(html)
    return tree is not None and too_deep(tree)


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
    if not _markup_too_deep(html):
        return html
    html = _CLOSE_RUN.sub(r"\1", _OPEN_RUN.sub(r"\1", html))
    if not _markup_too_deep(html):
        return html
    return _WRAPPER_TAG.sub(" ", html)


def parse_page(html: str) -> HtmlElement | None:
    """The page's element tree, from markup flattened first when it nests too deep."""
    tree = trafilatura.load_html(html)
    if tree is None or not _may_be_deep(html) or not too_deep(tree):
        return tree
    return trafilatura.load_html(flatten(html))


def _bare_extraction(tree: HtmlElement, url: str | None, **options: bool) -> Document | None:
    document = trafilatura.bare_extraction(tree, url=url, with_metadata=False,
                                           include_comments=False, **options)
    return document if isinstance(document, Document) else None


def _layout_table(text: str) -> bool:
    """Whether the text came out as a table row holding a whole page column."""
    return any(line.startswith("|") and len(line.split()) > LAYOUT_CELL_WORDS
               for line in text.splitlines())


def _page_chars(tree: HtmlElement) -> int:
    """The length of the page's text (body without scripts, styles, asides and footers, as
    Trafilatura's `html2txt` takes it, in a quarter of the time), measured on a copy."""
    body = tree.find(".//body")
    if body is None:
        return 0
    body = copy.copy(body)
    for element in _NOISE(body):
        element.drop_tree()
    return len(" ".join(body.text_content().split()))


def _main_text(tree: HtmlElement, url: str | None) -> str | None:
    """The page's main text: Trafilatura's precision mode, unless it kept under
    `PRECISE_SHARE` of the default text.

    Precision mode drops more teasers and widgets but sometimes loses most of an article whose
    markup it misjudges; the default extraction then stands in. It runs only when the precise
    text may have lost the article: when it is shorter than `SHORT_CHARS` or than
    `SHORT_PAGE_SHARE` of the page's text. (The default text is hardly ever longer than the
    page's text, so a precise text over half of that keeps over half of the default text too.
    Where precision mode did lose the article, its text was far shorter than that: on
    trafilatura's 1,000 evaluation pages, 65 of the 66 cases kept under 30 % of the page's
    text, and checking only below 30 % runs the default extraction on 1 page in 5 instead of 2
    in 5, with the same scores.) The precise pass runs in Trafilatura's fast mode, without the
    readability and jusText comparison, which the default pass still makes: on the benchmark
    pages that takes a fifth less time for the same F1 (0.969), and trafilatura-eval's
    must-include snippets are kept as often. On a page with over `LARGE_PAGE_CHARS` of text
    the default pass runs in fast mode too: jusText's time grows with the square of the page's
    text (34,000 characters took 0.5 s, 136,000 took 5 s).
    """
    precise = _bare_extraction(tree, url, favor_precision=True, include_tables=True, fast=True)
    length = len(precise.text or "") if precise else 0
    page_chars = _page_chars(tree)
    if precise is not None and length >= SHORT_CHARS and length >= SHORT_PAGE_SHARE * page_chars:
        return precise.text or ""
    default = _bare_extraction(tree, url, include_tables=True, fast=page_chars > LARGE_PAGE_CHARS)
    if precise is None or default is None:
        document = precise or default
        return (document.text or "") if document else None
    if length >= PRECISE_SHARE * len(default.text or ""):
        return precise.text or ""
    return default.text or ""


def _extract(tree: HtmlElement, url: str | None) -> tuple[Document, str] | None:
    """Metadata (`page_metadata`, its title the page's headline: `page_headline`) and main
    text (`_main_text`). Tables are kept, except on pages laid out with tables, whose text
    would otherwise come out as one table cell."""
    metadata = page_metadata(tree, url)
    metadata.title = page_headline(tree, metadata.title, metadata.sitename)
    page_url = metadata.url or url
    text = _main_text(tree, page_url)
    if text is None:
        return None
    if not _layout_table(text):
        return metadata, text
    untabled = _bare_extraction(tree, page_url, include_tables=False)
    return metadata, (untabled.text or "") if untabled else text


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


def _body(document: Document, text: str) -> list[str]:
    """The main-text paragraphs without clutter, headline, byline and date lines, and without
    a leading standfirst (the page description as an unpunctuated first line)."""
    paragraphs = [" ".join(p.split()) for p in text.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    labels = boilerplate.label_clutter(paragraphs, extracted=True)
    title = folded(document.title)
    body = [p for p, label in zip(paragraphs, labels, strict=True)
            if label is None and folded(p) != title and not _header_line(p)]
    if body and folded(body[0]) == folded(document.description) and not body[0].endswith(TERMINAL):
        body = body[1:]
    return body


def _header_line(paragraph: str) -> bool:
    """A byline or a date line ("By Jane Doe", "3 May 2025, 10:14") that Trafilatura kept."""
    if len(paragraph.split()) > HEADER_LINE_WORDS:
        return False
    return (byline_name(paragraph, bare=False) is not None
            or looks_like_date(paragraph) and parse_publication_date(paragraph) is not None)


def read_html(html: str, *, encoding: str, url: str | None = None) -> ArticleContent | None:
    """The article in an HTML page; None when Trafilatura finds nothing at all.

    A page whose text is all boilerplate keeps its metadata, with empty `text`.
    """
    html = without_bulk(html)
    tree = parse_page(html)
    found_teasers = teasers(tree) if tree is not None else []
    found = _extract(tree, url) if tree is not None else None
    if found is None:
        return None
    document, text = found
    body = _body(document, text)
    return ArticleContent(
        index_page=is_index_page(found_teasers, body),
        text="\n".join(body), kind="html", encoding=encoding, title=document.title or None,
        standfirst=document.description or None, author=document.author or None,
        published=_published(document, html, url), site=document.sitename or None,
        url=document.url or url, language=document.language)
