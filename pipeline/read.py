"""Reading one document up to its claims: a pure function that needs no spaCy.

Decoding, content extraction and the claim screen run in turn. A document that cannot hold a
claim (unreadable, no article, not English, or nothing the screen passes) comes back as its
final `Extraction`; any other as a `ReadDocument` whose claims `pipeline.extract` still has to
extract (with `--attributions all`, an article that holds no claim comes back so too, marked
`holds_claim=False`, for its attributions). A process without the spaCy model can
thus read documents while another loads it.
"""

from __future__ import annotations

import dataclasses

from pipeline.claims.nlp.screen import article_holds_claim
from pipeline.content import extract_content
from pipeline.content.decode import DecodeError, decode_document
from pipeline.records import ArticleContent, Extraction, ReadDocument
from pipeline.settings import Settings
from pipeline.timing import StageClock

CLAIM_LANGUAGES = frozenset({"en"})


def read_document(data: bytes, settings: Settings) -> Extraction | ReadDocument:
    """The document's final `Extraction` when it holds no claim, else its `ReadDocument`."""
    clock = StageClock()
    read = _read(data, settings, clock)
    if isinstance(read, tuple):
        return ReadDocument(read[0], clock.totals(), holds_claim=read[1])
    return dataclasses.replace(read, timings=clock.totals())


def _read(data: bytes, settings: Settings, clock: StageClock
          ) -> Extraction | tuple[ArticleContent, bool]:
    """The final `Extraction`, or the content and whether it may hold a claim."""
    try:
        with clock.stage("decode"):
            decoded = decode_document(data, settings.max_decoded_bytes)
    except DecodeError as exc:
        return Extraction(None, status="failed", error=str(exc), stage="decode")
    try:
        with clock.stage("content"):
            content = extract_content(decoded.text, kind=decoded.kind, encoding=decoded.encoding)
    except Exception as exc:  # noqa: BLE001 - per-document boundary: record, never stop the run
        return Extraction(None, status="failed", error=describe(exc), stage="content")
    if content is None or not content.text.strip():
        return Extraction(content, status="no_article", error="no article found", stage="content")
    if content.index_page:
        return Extraction(content, status="index_page", stage="content",
                          error="an index page of teasers, not one article")
    if content.language is None:  # too few letters to tell, none declared: menus, a script
        return Extraction(content, status="no_article", error="no article found (too little "
                          "text to tell its language)", stage="content")
    if content.language not in CLAIM_LANGUAGES:
        return Extraction(content, status="not_english")
    try:
        with clock.stage("events"):
            holds_claim = article_holds_claim(content)
            speech = holds_claim or settings.attributions == "all"
    except Exception as exc:  # noqa: BLE001 - per-document boundary: record, never stop the run
        return Extraction(content, status="failed", error=describe(exc), stage="claims")
    return (content, holds_claim) if speech else Extraction(content)


def describe(exc: BaseException) -> str:
    """An exception as a stored error message."""
    return f"{type(exc).__name__}: {exc}"[:2000]
