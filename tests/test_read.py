"""Reading a document up to its claims: finished where no claim can be, else handed on, and
extraction from a read document gives what extraction from the bytes gives."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import FIXTURES

from pipeline.claims.nlp.factory import shared_pipeline
from pipeline.extract import extract_document
from pipeline.read import read_document
from pipeline.records import Claims, Extraction, ReadDocument
from pipeline.settings import Settings, default_model

ARMS = (b"Arms for Ukraine\n\nGermany delivered 18 Leopard 2 tanks to Ukraine last month, the "
        b"defence ministry in Berlin said on Tuesday.\n")
NO_ARMS = (b"Harvest festival\n\nThe village held its harvest festival on Sunday, and the "
           b"mayor said the weather had been kind to the farmers this year.\n")
GERMAN = ("Panzer für die Ukraine\n\nDeutschland hat der Ukraine im vergangenen Monat 18 "
          "Kampfpanzer geliefert, teilte das Verteidigungsministerium am Dienstag mit.\n").encode()


def test_a_document_that_may_hold_a_claim_is_handed_on_with_its_reading_time() -> None:
    read = read_document(ARMS, Settings())
    assert isinstance(read, ReadDocument)
    assert read.content.text.startswith("Germany delivered 18 Leopard 2 tanks")
    assert {stage for stage, _ in read.timings} == {"decode", "content", "events"}


NAV_ONLY = (b"<html><body><nav><a href=/>Home</a> <a href=/news>News</a> <a href=/about>About "
            b"us</a></nav><footer>Copyright 2025 Example Media. All rights reserved. Privacy "
            b"policy.</footer></body></html>")


@pytest.mark.parametrize(("data", "status"), [(NO_ARMS, "ok"), (GERMAN, "not_english"),
                                              (b"", "failed"),
                                              (b"Subscribe to our newsletter\n", "no_article"),
                                              (NAV_ONLY, "no_article")],
                         ids=["no-arms", "german", "empty", "clutter-only", "menu-only-page"])
def test_a_document_that_cannot_hold_a_claim_is_finished(data: bytes, status: str) -> None:
    read = read_document(data, Settings())
    assert isinstance(read, Extraction)
    assert read.status == status
    assert read.claims == Claims()


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(FIXTURES.iterdir()), ids=lambda p: p.name)
def test_extraction_from_the_read_document_equals_extraction_from_the_bytes(path) -> None:
    nlp = shared_pipeline(default_model())
    data = path.read_bytes()
    read = read_document(data, Settings())
    whole = extract_document(data, Settings(), lambda: nlp)
    resumed = extract_document(read, Settings(), lambda: nlp) if isinstance(
        read, ReadDocument) else read
    assert dataclasses.replace(resumed, timings=()) == dataclasses.replace(whole, timings=())
