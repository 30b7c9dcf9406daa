"""Content extraction: from a decoded document to the article's text and metadata.

Input: the decoded text of one document, its kind ("html" or "text", sniffed by the caller),
the encoding it was decoded with and its URL if known. Output: an `ArticleContent` (body text one
paragraph a line, title, standfirst, author, publication date, site, canonical URL, language),
or None when the document holds nothing readable. A page whose text is all boilerplate comes
back with its metadata and empty `text`.
"""

from __future__ import annotations

import dataclasses

from pipeline.content.html_content import read_html
from pipeline.content.language import detect_language
from pipeline.content.textdump import read_dump
from pipeline.records import ArticleContent

KINDS = ("html", "text")


def extract_content(text: str, *, kind: str, encoding: str,
                    url: str | None = None) -> ArticleContent | None:
    """The article in a decoded document; None, or empty `text`, when none is found."""
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}, expected one of {KINDS}")
    if kind == "html":
        content = read_html(text, encoding=encoding, url=url)
    else:
        content = read_dump(text, encoding=encoding)
        content = content and dataclasses.replace(content, url=url)
    if content is None:
        return None
    language = detect_language(content.text, declared=content.language)
    return dataclasses.replace(content, language=language)
