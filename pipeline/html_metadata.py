"""A page's metadata as Trafilatura reads it, without what salvo does not keep.

Input: the parsed page and its URL if known. Output: Trafilatura's `Document` with title,
description, author, URL, date and site name, found exactly as its `extract_metadata` finds
them (meta tags, JSON-LD, markup, htmldate), but without the host name (whose public-suffix
list takes a tenth of a second to load in every process) and the search for categories, tags
and a licence, which took a third of the metadata time on the benchmark pages.
"""

from __future__ import annotations

import logging

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
)
from trafilatura.settings import Document, set_date_params

LOGGER = logging.getLogger(__name__)


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
    metadata.author = metadata.author or extract_author(tree)
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
