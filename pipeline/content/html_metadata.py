"""A page's metadata as Trafilatura reads it, without what salvo does not keep.

Input: the parsed page and its URL if known. Output: Trafilatura's `Document` with title,
description, author, URL, date and site name, found exactly as its `extract_metadata` finds
them (meta tags, JSON-LD, markup, htmldate), but without the host name (whose public-suffix
list takes a tenth of a second to load in every process) and the search for categories, tags
and a licence, which took a third of the metadata time on the benchmark pages. The author in
the markup is sought in one pass over the page (`page_author`), a third of the time of
Trafilatura's XPath searches.
"""

from __future__ import annotations

import logging
import re

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
    normalize_authors,
)
from trafilatura.settings import Document, set_date_params
from trafilatura.utils import trim

LOGGER = logging.getLogger(__name__)
AUTHOR_CHARS = 120  # Trafilatura's length limit for an author found in the markup
# Trafilatura's AUTHOR_DISCARD_XPATHS (comment, sidebar, share boxes; times and figures) and
# AUTHOR_XPATHS (from specific to generic), as element tests
_DROPPED_TAGS = frozenset({"time", "figure"})
_BOX_TAGS = frozenset({"a", "div", "section", "span"})
_BOX_ID = re.compile(r"^comments|comment-?list|ProductReviews")
_BOX_CLASS = re.compile(r"^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|"
                        r"embedly-instagram|article-(?:share|support)|print|category|meta-date|"
                        r"meta-reviewer")
_SPECIFIC_TAGS = frozenset({"a", "address", "div", "link", "p", "span", "strong"})
_SPECIFIC_CLASS = re.compile(r"author-?name|AuthorName|authorName")
_GENERIC_TAGS = frozenset({"a", "div", "h3", "h4", "p", "span"})
_GENERIC_ID = re.compile(r"author|zuozhe|bianji|xiaobian")
_GENERIC_CLASS = re.compile(r"author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|"
                            r"journalist-name")
_ANY_ID = re.compile(r"[Aa]uthor")
_ANY_CLASS = re.compile(r"[Aa]uthor|screenname|writer|[Bb]yline")


def page_metadata(tree: HtmlElement, url: str | None) -> Document:
    """Title, description, author, URL, date and site name of the page."""
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as exc:  # noqa: BLE001 - Trafilatura's JSON-LD reader has bugs; skip it
        LOGGER.warning("error in JSON metadata extraction: %s", exc)
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or page_author(tree)
    metadata.url = metadata.url or extract_url(tree, url)
    date_config = set_date_params(extensive=True)
    metadata.date = find_date(tree, **{**date_config, "url": metadata.url})
    metadata.sitename = metadata.sitename or extract_sitename(tree)
    if metadata.sitename:
        sitename = metadata.sitename.lstrip("@")  # a Twitter handle
        if "." not in sitename and sitename and not sitename[0].isupper():
            sitename = sitename.title()
        metadata.sitename = sitename
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.filedate = date_config["max_date"]
    metadata.clean_and_trim()
    return metadata


def page_author(tree: HtmlElement) -> str | None:
    """The author named in the page's markup, as Trafilatura's `extract_author` finds it: the
    first element, by its searches in turn, that holds 3 to 119 characters, outside comment
    and sidebar boxes, times and figures.

    Trafilatura evaluates its XPath searches on a pruned copy of the page; here one pass over
    the elements tests them all. Where pruning would change an element's text (a time inside a
    byline) or the page has a <rel> element (tested by its first search), it is asked itself.
    """
    if tree.getparent() is not None:
        return extract_author(tree)
    dropped: set[HtmlElement] = set()
    searches: tuple[list[HtmlElement], ...] = ([], [], [])
    for element in tree.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if tag == "rel":
            return extract_author(tree)
        attrib = element.attrib
        if element is not tree and (tag in _DROPPED_TAGS or tag in _BOX_TAGS and _box(attrib)):
            dropped.add(element)
        if tag == "author" or tag in _SPECIFIC_TAGS and _specific(attrib):
            searches[0].append(element)
        if tag in _GENERIC_TAGS and _generic(attrib):
            searches[1].append(element)
        if _any(attrib):
            searches[2].append(element)
    for found in searches:
        for element in found:
            if element in dropped or any(a in dropped for a in element.iterancestors()):
                continue
            if any(d in dropped for d in element.iterdescendants()):
                return extract_author(tree)
            content = trim(" ".join(element.itertext()))
            if content and 2 < len(content) < AUTHOR_CHARS:
                return normalize_authors(None, content)
    return None


def _box(attrib: dict[str, str]) -> bool:
    element_id, cls = attrib.get("id", ""), attrib.get("class", "")
    return (element_id == "comments" or cls in ("comments", "title", "date")
            or bool(element_id and _BOX_ID.search(element_id))
            or bool(cls and _BOX_CLASS.search(cls)) or "Figure" in attrib.get("data-component", ""))


def _specific(attrib: dict[str, str]) -> bool:
    cls = attrib.get("class", "")
    return (attrib.get("rel") == "author" or attrib.get("id") == "author" or cls == "author"
            or attrib.get("itemprop") == "author name"
            or attrib.get("data-testid") in ("AuthorCard", "AuthorURL")
            or bool(cls and _SPECIFIC_CLASS.search(cls)))


def _generic(attrib: dict[str, str]) -> bool:
    element_id, cls = attrib.get("id", ""), attrib.get("class", "")
    return (cls in ("byline", "username", "byl", "BBL") or "author" in attrib.get("itemprop", "")
            or bool(element_id and _GENERIC_ID.search(element_id))
            or bool(cls and _GENERIC_CLASS.search(cls)))


def _any(attrib: dict[str, str]) -> bool:
    element_id, cls = attrib.get("id", ""), attrib.get("class", "")
    return ("Byline" in attrib.get("data-component", "") or "author" in attrib.get("itemprop", "")
            or bool(element_id and _ANY_ID.search(element_id))
            or bool(cls and _ANY_CLASS.search(cls)))
