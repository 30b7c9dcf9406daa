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


NORWAY_TITLE = "Norway sends air defence systems to Ukraine"
NORWAY = ("Norway has delivered two NASAMS air defence systems to Ukraine, &ministry; said on "
          "Tuesday, adding that the launchers and their radars had crossed the border at the "
          "weekend.",
          "The systems will protect power stations in the south of the country, where repeated "
          "drone attacks have cut electricity to hundreds of thousands of homes this winter.",
          "Officials in Oslo said training for the Ukrainian crews had been completed in Germany "
          "over the past month, and that a further shipment of missiles was planned for spring.")
DTD_SUBSETS = {
    "entities": '<!DOCTYPE html [\n<!ENTITY ministry "the Norwegian defence ministry">\n'
                '<!ENTITY nbsp "&#160;">\n]>',
    "public-id-markup-in-values": (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd" [\n'
        '<!ENTITY ministry "<em>the ministry</em>">\n<!ENTITY arrow "-->">\n]>'),
    "comment-and-attlist": '<!DOCTYPE html [\n<!-- a comment with > in it -->\n'
                           '<!ATTLIST p class CDATA #IMPLIED>\n<!ENTITY ministry "it">\n]>',
    "400-declarations": "<!DOCTYPE html [\n" + "".join(
        f'<!ENTITY e{i} "declaration {i} of a long internal subset">\n' for i in range(400))
        + "]>",
}


@pytest.mark.parametrize("doctype", DTD_SUBSETS.values(), ids=DTD_SUBSETS.keys())
def test_xhtml_with_an_internal_dtd_keeps_its_article(doctype: str) -> None:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in NORWAY)
    page = (f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n'
            f'<html xmlns="http://www.w3.org/1999/xhtml" lang="en">\n'
            f"<head><title>{NORWAY_TITLE}</title></head>\n<body>\n"
            f'<nav><a href="/">Home</a> | <a href="/world">World</a></nav>\n'
            f"<article><h1>{NORWAY_TITLE}</h1>\n{paragraphs}</article>\n"
            f"<footer>Copyright 2026 Example News. All rights reserved.</footer>\n</body></html>")
    read = read_document(page.encode(), Settings())
    assert isinstance(read, ReadDocument)
    assert read.content.title == NORWAY_TITLE
    for paragraph in NORWAY:  # whole, whether `&ministry;` is expanded or left as written
        before, _, after = paragraph.partition("&ministry;")
        assert before.strip() in read.content.text and after.strip() in read.content.text
    for leak in ("ENTITY", "ATTLIST", "]>", "Copyright", "Home"):
        assert leak not in read.content.text
