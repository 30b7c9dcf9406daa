"""What content extraction removed from a page as boilerplate, recomputed from its source file.

The database keeps the clean text only. For the article page, the stored source file is read
again (when it still holds the same content), its visible lines taken (block elements of a
page, lines of a text dump), and those that are not part of the clean text, the headline or
the standfirst are returned: menus, share buttons, teasers, cookie notices...
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from lxml.etree import ParserError

from pipeline.content.decode import DecodeError, decode_document

MAX_BYTES = 50 * 1024 * 1024
BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dt", "dd",
                    "div", "section", "article", "header", "footer", "nav", "aside", "figcaption",
                    "blockquote", "pre", "tr", "title", "button", "option", "label", "br", "ul",
                    "ol", "form", "main", "figure", "table"})
INVISIBLE = ("script", "style", "noscript", "template", "head/meta", "svg")
SHORT = 30  # a line this short counts as kept only when a whole kept paragraph equals it


@dataclass(frozen=True)
class Removed:
    lines: list[str]
    reason: str | None = None  # why nothing could be recomputed


def removed(paths: list[str], content_hash: str, kept: list[str | None]) -> Removed:
    """The lines of the first readable source file with `content_hash` that are not in `kept`
    (the clean text, headline, standfirst)."""
    reason = "no source file recorded"
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            reason = f"{path}: {exc.strerror or exc}"
            continue
        if hashlib.sha256(data).hexdigest() != content_hash:
            reason = f"{path} has changed since it was read"
            continue
        try:
            decoded = decode_document(data, MAX_BYTES)
        except DecodeError as exc:
            return Removed([], str(exc))
        lines = _page_lines(decoded.text) if decoded.kind == "html" else decoded.text.splitlines()
        return Removed(_not_kept(lines, kept))
    return Removed([], reason)


def _page_lines(html: str) -> list[str]:
    try:
        tree = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return []
    for element in tree.xpath("|".join(f"//{tag}" for tag in INVISIBLE)):
        element.drop_tree()
    for element in tree.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCKS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    return tree.text_content().split("\n")


def _not_kept(lines: list[str], kept: list[str | None]) -> list[str]:
    paragraphs = {" ".join(p.split()) for k in kept if k for p in k.split("\n")}
    body = "\n".join(paragraphs)
    out = []
    for line in (" ".join(raw.split()) for raw in lines):
        if not line or line in paragraphs or (len(line) > SHORT and line in body):
            continue
        out.append(line)
    return out
