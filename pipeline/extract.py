"""Extraction of one document: a pure function from its bytes to an `Extraction` record.

Reading (decoding, content extraction, the claim screen; see `pipeline.read`) and claim
extraction run in turn; the first stage that fails ends the document with a status and a
readable error, and nothing here touches files or a database, so a worker process or a
distributed engine can run it as it is. The record carries the seconds each stage took
(decode, content, nlp, events), for the benchmark.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from pipeline.claims.events import extract_claims
from pipeline.read import describe, read_document
from pipeline.records import Extraction, ReadDocument
from pipeline.settings import Settings
from pipeline.timing import StageClock, TimedLanguage, add_timings

if TYPE_CHECKING:
    from spacy.language import Language


def extract_document(document: bytes | ReadDocument, settings: Settings,
                     nlp: Callable[[], Language]) -> Extraction:
    """Everything salvo finds in a document, given as its bytes or as already read;
    `nlp` gives the spaCy pipeline when needed."""
    read = read_document(document, settings) if isinstance(document, bytes) else document
    if isinstance(read, Extraction):
        return read
    clock = StageClock()
    try:
        with clock.stage("events"):
            claims = extract_claims(TimedLanguage(nlp(), clock, "nlp"), read.content,
                                    screened=True,  # a `ReadDocument` passed the screen
                                    events=read.holds_claim, attributions=settings.attributions)
    except Exception as exc:  # noqa: BLE001 - per-document boundary: record, never stop the run
        extraction = Extraction(read.content, status="failed", error=describe(exc),
                                stage="claims")
    else:
        extraction = Extraction(read.content, claims=claims)
    return dataclasses.replace(extraction, timings=add_timings(read.timings, clock.totals()))
