"""Properties: random bytes and random text through decoding, content and claim extraction.

Whatever the input, no exception escapes a stage except the one it documents (`DecodeError`),
text round-trips through the encodings salvo detects, and every offset stays inside the text it
indexes.
"""

from __future__ import annotations

import codecs
import gzip
import time

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from pipeline.claims.events import extract_claims
from pipeline.claims.nlp.factory import load_pipeline
from pipeline.content import extract_content
from pipeline.content.decode import (
    Decoded,
    DecodeError,
    decode_bytes,
    decode_document,
    sniff_kind,
)
from pipeline.extract import extract_document
from pipeline.records import ArticleContent, Claims, Extraction
from pipeline.settings import Settings

CAP = 64 * 1024
STATUSES = {"ok", "no_article", "not_english", "failed"}
slow = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
fast = settings(max_examples=300, deadline=None)

TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)
MARKUP = ["<html>", "<body>", "<div>", "</div>", "<p>", "</p>", "<article>", "</article>",
          "<script>", "</script>", "<style>", "<!--", "-->", "<![CDATA[", "]]>", "<br/>",
          "<?xml version='1.0'?>", "<!DOCTYPE html [<!ENTITY a '&b;'><!ENTITY b '&a;'>]>",
          "&amp;", "&a;", "&#0;", "&#x110000;", "&#xD800;", "<meta charset='x-bogus'>",
          "<table><tr><td>", "\x00", "\u202e", "\ufeff", "\n", " "]
WORDS = ["Germany", "Ukraine", "Russia", "North Korea", "delivered", "sent", "will send",
         "denied", "18", "nearly 50", "Leopard 2", "tanks", "howitzers", "troops", "drones",
         "to", "from", "the", "said", "according to", "officials", "\"", "“", "”", ",", ".",
         "\n", "on Monday", "last week", "in 2024", "Kursk", "-", "(", ")", "155mm", "shells"]
PROSE = st.lists(st.sampled_from(WORDS), max_size=80).map(" ".join)
HTML = st.lists(st.one_of(st.sampled_from(MARKUP), PROSE, TEXT), max_size=30).map("".join)


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def _check_decoded(result: Decoded) -> None:
    assert result.kind in ("html", "text")
    assert isinstance(result.text, str) and result.text.strip()
    codecs.lookup(result.encoding.split("+")[0])


@fast
@given(st.binary(max_size=2048))
@example(b"\xfe\xff")  # a UTF-16 byte order mark alone once decoded to no text
@example(b"\xef\xbb\xbf \n")
def test_random_bytes_decode_or_raise_decode_error(data):
    try:
        result = decode_document(data, CAP)
    except DecodeError as exc:
        assert str(exc)
        return
    _check_decoded(result)


@fast
@given(st.binary(max_size=2048))
def test_gzipped_bytes_decode_as_the_bytes_do(data):
    assume(not data.startswith(b"\x1f\x8b"))  # gzip inside gzip is inflated once only
    try:
        expected: Decoded | str = decode_document(data, CAP)
    except DecodeError as exc:
        expected = str(exc)
    try:
        got: Decoded | str = decode_document(gzip.compress(data), CAP)
    except DecodeError as exc:
        got = str(exc)
    assert got == expected


@fast
@given(st.binary(min_size=1, max_size=4096), st.integers(min_value=1, max_value=4096))
def test_gzip_never_inflates_past_the_cap(data, cap):
    packed = gzip.compress(data)
    if len(data) > cap:
        with pytest.raises(DecodeError, match="exceeds the limit"):
            decode_document(packed, cap)
    for cut in (2, len(packed) // 2, len(packed) - 1):
        with pytest.raises(DecodeError):
            decode_document(packed[:cut], CAP)


@fast
@given(TEXT)
def test_utf8_text_round_trips(text):
    assume(not text.startswith("\ufeff"))
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")


@fast
@given(TEXT, st.sampled_from(["utf-16", "utf-32"]))
def test_text_with_a_bom_round_trips(text, codec):
    assume(not text.startswith("\x00"))  # FF FE 00 00 is the UTF-32 BOM: ambiguous by design
    data = text.encode(codec)  # Python writes the BOM for these
    assert decode_bytes(data)[0] == text.lstrip("\ufeff")


ASCII = st.text("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,;:'-0123456789\n", min_size=60,
                max_size=200)
UTF8_PART = st.text("éèàçüöñ’—“”€ abc", min_size=1, max_size=6)
CP1252_PART = st.text("éèàçüöñ", min_size=1, max_size=3)


@fast
@given(st.lists(st.tuples(ASCII, UTF8_PART, ASCII, CP1252_PART), min_size=1, max_size=4))
def test_utf8_with_stray_windows_1252_reads_both_right(parts):
    text = "".join(a + u + b + c for a, u, b, c in parts)
    data = b"".join(a.encode() + u.encode() + b.encode() + c.encode("cp1252")
                    for a, u, b, c in parts)
    assume(sum(byte > 0x7F for byte in data) < 0.2 * len(data))
    valid = sum(ord(ch) > 0x7F for _, u, _, _ in parts for ch in u)
    assume(valid >= sum(len(c) for _, _, _, c in parts))  # else read as one single-byte charset
    assert decode_bytes(data) == (text, "utf-8+cp1252")


@slow
@given(st.one_of(HTML, TEXT, PROSE), st.sampled_from(["html", "text"]))
def test_content_extraction_returns_an_article_or_none(text, kind):
    content = extract_content(text, kind=kind, encoding="utf-8")
    # empty text: a page of boilerplate only, kept for its metadata and stored as no_article
    assert content is None or (isinstance(content, ArticleContent)
                               and isinstance(content.text, str))


def _check_offsets(claims: Claims, text: str) -> None:
    for ev in claims.events:
        assert 0 <= ev.start <= ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.sentence
    for at in claims.attributions:
        assert 0 <= at.start <= at.end <= len(text)


@slow
@given(st.lists(st.one_of(PROSE, TEXT), min_size=1, max_size=8).map("\n".join))
def test_claim_offsets_stay_inside_the_text(nlp, text):
    content = ArticleContent(text=text, kind="text", encoding="utf-8", language="en")
    _check_offsets(extract_claims(nlp, content), text)


@slow
@given(st.one_of(st.binary(max_size=2048), HTML.map(str.encode), PROSE.map(str.encode)))
def test_no_exception_escapes_document_extraction(nlp, data):
    extraction = extract_document(data, Settings(), lambda: nlp)
    assert isinstance(extraction, Extraction)
    assert extraction.status in STATUSES
    assert (extraction.error is None) == (extraction.status in ("ok", "not_english"))
    if extraction.content is not None:
        _check_offsets(extraction.claims, extraction.content.text)


MARKUP = st.lists(st.sampled_from(["<!--", "-->", "<!---->", "<!-- x -->", " ", "\n", "<", ">",
                                   "-", "!", "<html", "<p>", "<script>", "</script>", "text"]),
                  max_size=600).map("".join)


@fast
@given(MARKUP)
def test_html_sniffing_takes_linear_time_on_any_markup(text):
    # dozens of empty comments took the old regex seconds, doubling with each two more; the
    # budget is generous for a loaded machine, the loop takes microseconds
    started = time.monotonic()
    kind = sniff_kind(text + " plain words")
    assert time.monotonic() - started < 0.5
    assert kind in ("html", "text")


@pytest.mark.parametrize(("opening", "kind"), [("<!---->" * 40, "html"),
                                               ("<!-- a -->\n" * 40, "html"),
                                               ("<!--" * 1000, "text")],  # all one comment
                         ids=["empty-comments", "comments", "unclosed-comments"])
def test_page_opening_with_many_comments_is_sniffed_at_once(opening, kind):
    started = time.monotonic()
    assert sniff_kind(opening + "<html><head><title>Tanks</title></head>") == kind
    assert sniff_kind(opening + "plain words") == "text"
    assert time.monotonic() - started < 1  # the old regex: hours for 40 empty comments
