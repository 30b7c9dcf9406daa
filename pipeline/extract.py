"""Extraction of one document: a pure function from its bytes to an `Extraction` record.

Decoding, content extraction and claim extraction run in turn; the first stage that fails ends
the document with a status and a readable error, and nothing here touches files or a database,
so a worker process or a distributed engine can run it as it is. The record carries the seconds
each stage took (decode, content, nlp, events), for the benchmark.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from spacy.language import Language

from pipeline.content import extract_content
from pipeline.decode import DecodeError, decode_document
from pipeline.events import extract_claims
from pipeline.records import Extraction
from pipeline.settings import Settings
from pipeline.timing import StageClock, TimedLanguage

CLAIM_LANGUAGES = frozenset({"en"})


def extract_document(data: bytes, settings: Settings, nlp: Callable[[], Language]) -> Extraction:
    """Everything salvo finds in one document; `nlp` gives the spaCy pipeline when needed."""
    clock = StageClock()
    extraction = _extract(data, settings, nlp, clock)
    return dataclasses.replace(extraction, timings=clock.totals())


def _extract(data: bytes, settings: Settings, nlp: Callable[[], Language],
             clock: StageClock) -> Extraction:
    try:
        with clock.stage("decode"):
            decoded = decode_document(data, settings.max_decoded_bytes)
    except DecodeError as exc:
        return Extraction(None, status="failed", error=str(exc), stage="decode")
    try:
        with clock.stage("content"):
            content = extract_content(decoded.text, kind=decoded.kind, encoding=decoded.encoding)
    except Exception as exc:  # noqa: BLE001 - per-document boundary: record, never stop the run
        return Extraction(None, status="failed", error=_describe(exc), stage="content")
    if content is None or not content.text.strip():
        return Extraction(content, status="no_article", error="no article found", stage="content")
    if content.language not in CLAIM_LANGUAGES:
        return Extraction(content, status="not_english")
    try:
        with clock.stage("events"):
            claims = extract_claims(TimedLanguage(nlp(), clock, "nlp"), content)
    except Exception as exc:  # noqa: BLE001 - per-document boundary: record, never stop the run
        return Extraction(content, status="failed", error=_describe(exc), stage="claims")
    return Extraction(content, claims=claims)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]
