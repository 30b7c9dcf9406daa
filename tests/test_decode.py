"""Byte decoding: compression caps, charsets, binary refusal, HTML-or-text sniffing."""

import codecs
import gzip
import time

import pytest

from pipeline.content.decode import (
    DecodeError,
    decode_bytes,
    decode_document,
    gunzip_capped,
    sniff_kind,
)

MB = 1024 * 1024


def test_gzip_is_recognised_by_content_not_name():
    decoded = decode_document(gzip.compress(b"<html><body><p>Shells</p></body></html>"), MB)
    assert decoded.kind == "html"
    assert "Shells" in decoded.text


def test_gzip_bomb_stops_at_the_cap():
    bomb = gzip.compress(b"\0" * (50 * MB))
    assert len(bomb) < MB
    with pytest.raises(DecodeError, match="exceeds the limit"):
        gunzip_capped(bomb, 2 * MB)


def test_truncated_gzip_is_an_error():
    data = gzip.compress(b"some article text " * 1000)
    with pytest.raises(DecodeError, match="truncated"):
        decode_document(data[: len(data) // 2], MB)


@pytest.mark.parametrize("data", [b"", b"   \n\t ", b"\x00\x01\x02\x03" * 500],
                         ids=["empty", "blank", "binary"])
def test_not_an_article(data):
    with pytest.raises(DecodeError):
        decode_document(data, MB)


def test_utf16_with_bom():
    text, encoding = decode_bytes(codecs.BOM_UTF16_LE + "Général Syrskyi".encode("utf-16-le"))
    assert (text, encoding) == ("Général Syrskyi", "utf-16")


def test_utf8_bom_is_removed():
    text, encoding = decode_bytes(codecs.BOM_UTF8 + b"Kyiv")
    assert text == "Kyiv" and encoding == "utf-8"


def test_undeclared_latin1_is_not_mojibake():
    data = "Le Général a confirmé la livraison de canons CAESAR.".encode("latin-1")
    text, _ = decode_bytes(data)
    assert "Général" in text and "confirmé" in text


def test_declared_charset_that_lies_is_overruled_by_valid_utf8():
    data = '<meta charset="iso-8859-1"><p>Général Zaluzhnyi</p>'.encode()
    text, encoding = decode_bytes(data)
    assert "Général" in text and encoding == "utf-8"


def test_declared_charset_is_used_when_utf8_fails():
    data = '<meta charset="windows-1251"><p>Привет, мир</p>'.encode("cp1251")
    text, encoding = decode_bytes(data)
    assert "Привет" in text and encoding == "cp1251"


def test_invalid_utf8_mixed_with_latin1_still_decodes():
    data = b"Kyiv said " + "Général".encode("latin-1") + " and Zelensky’s".encode()
    text, _ = decode_bytes(data)
    assert text.startswith("Kyiv said ") and "Zelensky" in text


@pytest.mark.parametrize("text, kind", [
    ("<!DOCTYPE html><html><body>x</body></html>", "html"),
    ("  <html lang='en'><p>x</p>", "html"),
    ("<div><p>a</p><p>b</p><span>c</span><a href=x>d</a></div>", "html"),
    ("North Korea sent shells.\n\nThe ministry said so.", "text"),
    ("Use the <b> tag sparingly, said the editor.", "text"),
], ids=["doctype", "html-tag", "tag-dense", "plain", "one-tag-in-prose"])
def test_sniff_kind(text, kind):
    assert sniff_kind(text) == kind


def test_page_opening_with_a_style_block_is_html():
    assert sniff_kind("<style>body { margin: 0 }</style>\n<div><p>Story</p></div>") == "html"


def test_every_member_of_a_multi_member_gzip_is_read():
    first, second = b"<html><body><p>Shells for " * 200, b"Ukraine</p></body></html>" * 200
    data = gzip.compress(first) + gzip.compress(second) + b"\0" * 16  # padding after the last
    assert gunzip_capped(data, MB) == first + second


def test_the_cap_holds_over_all_members_together():
    member = gzip.compress(b"x" * (MB // 2))
    assert len(gunzip_capped(member * 2, MB)) == MB
    with pytest.raises(DecodeError, match="exceeds the limit"):
        gunzip_capped(member * 3, MB)


def test_truncated_second_member_is_an_error():
    second = gzip.compress(b"more article text " * 1000)
    with pytest.raises(DecodeError, match="truncated"):
        gunzip_capped(gzip.compress(b"article") + second[: len(second) // 2], MB)


def test_a_hundred_thousand_tiny_members_take_linear_time():
    data = gzip.compress(b"a", mtime=0) * 100_000
    started = time.monotonic()
    assert gunzip_capped(data, MB) == b"a" * 100_000
    assert time.monotonic() - started < 10  # about 0.2 s; generous for a loaded machine


def test_stray_nul_bytes_are_removed():
    data = b"Germany sent tanks to Ukraine. " * 400 + b"More\x00 tanks\x00."
    assert decode_document(data, MB).text.endswith("More tanks.")


@pytest.mark.parametrize("data", [b"\x1f\x8bgarbage after the magic number",
                                  gzip.compress(b"article") + b"\x1f\x8bgarbage after it"],
                         ids=["first-member", "second-member"])
def test_corrupt_gzip_is_a_decode_error(data):
    with pytest.raises(DecodeError, match="corrupt gzip stream"):
        decode_document(data, MB)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_recognised(codec):
    page = "<html><body><p>Général: Germany sent 18 tanks to Ukraine.</p></body></html>"
    decoded = decode_document(page.encode(codec), MB)
    assert (decoded.text, decoded.encoding, decoded.kind) == (page, codec, "html")
