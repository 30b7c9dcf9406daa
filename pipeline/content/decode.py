"""Bytes to text: decompression with a size cap, charset detection, HTML-or-text sniffing.

Input: the raw bytes of one file. Output: a `Decoded` record with the text, the encoding used and
the document kind ("html" or "text"), or a `DecodeError` saying why the bytes are not an article.
Gzip is recognised by its magic number, not the file name, and never inflated past the cap.
"""

from __future__ import annotations

import codecs
import re
import zlib
from dataclasses import dataclass

from charset_normalizer import from_bytes

_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)"""
                       rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_HTML_OPENING = re.compile(
    r"<(!doctype\s+html|html|head|body|\?xml|style|script|link|meta|title)\b", re.IGNORECASE)
_SPACE = re.compile(r"\s*")
_HTML_TAG = re.compile(r"</?(html|head|body|div|p|article|span|a|meta|script|section|br)\b",
                       re.IGNORECASE)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}"
                             rb"|[\xf0-\xf4][\x80-\xbf]{3}")
_MIXED = "salvo-cp1252-fallback"
WESTERN_SHARE = 0.2  # below this share of non-ASCII bytes, a page is in a Western script


class DecodeError(ValueError):
    """The bytes cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    kind: str  # "html" or "text"


def decode_document(data: bytes, max_bytes: int) -> Decoded:
    """Decompress (capped), decode and classify one document's bytes."""
    if data.startswith(_GZIP_MAGIC):
        data = gunzip_capped(data, max_bytes)
    if not data.strip():
        raise DecodeError("empty document")
    text, encoding = decode_bytes(data)
    if _looks_binary(text):
        raise DecodeError("binary data, not text")
    text = text.replace("\x00", "")  # stray NULs past the binary sniff: no tool wants them stored
    if not text.strip():  # a byte order mark alone, UTF-16 spaces
        raise DecodeError("empty document")
    return Decoded(text=text, encoding=encoding, kind=sniff_kind(text))


def gunzip_capped(data: bytes, max_bytes: int) -> bytes:
    """Inflate gzip data, every member of it (as `cat a.gz b.gz` makes), refusing output past
    `max_bytes` in all and truncated streams; zero padding or other bytes after the last member
    are ignored, as gzip(1) does."""
    out = bytearray()
    view = memoryview(data)
    start = 0
    while view[start:start + 2] == _GZIP_MAGIC:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        pos, size = start, 1024  # small first bites: many tiny members stay linear
        while pos < len(data) and not inflater.eof:
            try:
                out += inflater.decompress(view[pos:pos + size], max_bytes + 1 - len(out))
            except zlib.error as exc:
                raise DecodeError(f"corrupt gzip stream: {exc}") from None
            if len(out) > max_bytes or inflater.unconsumed_tail:
                raise DecodeError(f"decompressed size exceeds the limit of {max_bytes} bytes")
            pos, size = pos + size, min(2 * size, _CHUNK)
        if not inflater.eof:
            raise DecodeError("truncated gzip stream")
        start = min(pos, len(data)) - len(inflater.unused_data)
    return bytes(out)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Text and encoding name: BOM, then strict UTF-8, then a declared charset, then detection.

    UTF-8 goes before the declared charset because a declaration that lies is common and a
    single-byte charset decodes anything, which turns UTF-8 into mojibake. Mostly-ASCII bytes
    with more valid UTF-8 sequences than invalid bytes are a page pasted together from two
    encodings: UTF-8 where it is valid, Windows-1252 for the stray bytes ("utf-8+cp1252").
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data.decode(name, errors="replace").lstrip("\ufeff")
            return text, name.replace("-sig", "")
    if (utf16 := _utf16_without_bom(data)) is not None:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = _non_ascii_share(data) < WESTERN_SHARE
    if western and _mostly_utf8(data[: 1024 * 1024]):
        return data.decode("utf-8", errors=_MIXED), "utf-8+cp1252"
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared
        except (UnicodeDecodeError, LookupError):
            pass
    if western:
        return _decode_western(data)
    best = from_bytes(data[: 1024 * 1024]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), best.encoding
    return _decode_western(data)


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when every other byte is mostly NUL, as markup and Latin text
    in UTF-16 are, else None."""
    sample = data[:4096]
    if len(data) % 2 or len(sample) < 16:
        return None
    half = len(sample) // 2
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    if zeros_odd >= 0.4 * half and zeros_even <= 0.02 * half:
        return "utf-16-le"
    if zeros_even >= 0.4 * half and zeros_odd <= 0.02 * half:
        return "utf-16-be"
    return None


def _non_ascii_share(data: bytes) -> float:
    sample = data[: 1024 * 1024]
    return sum(1 for byte in sample if byte > 0x7F) / max(len(sample), 1)


def _mostly_utf8(sample: bytes) -> bool:
    """Whether valid multi-byte UTF-8 sequences are there and outnumber the invalid bytes."""
    valid = len(_UTF8_MULTIBYTE.findall(sample))
    text = sample.decode("utf-8", errors="surrogateescape")
    invalid = sum(1 for ch in text if "\udc80" <= ch <= "\udcff")
    return valid > 0 and invalid <= valid


def _decode_western(data: bytes) -> tuple[str, str]:
    """Mostly-ASCII bytes that are not UTF-8 are, in news pages, Windows-1252 or Latin-1."""
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Decode error handler: one undecodable byte, read as Windows-1252 (else Latin-1)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    byte = exc.object[exc.start:exc.start + 1]
    try:
        return byte.decode("cp1252"), exc.start + 1
    except UnicodeDecodeError:
        return byte.decode("latin-1"), exc.start + 1


codecs.register_error(_MIXED, _cp1252_fallback)


def _declared_charset(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match[1] or match[2]).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    controls = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f\v")
    return "\x00" in sample or controls > len(sample) * 0.05 or sample.count("\ufffd") > len(
        sample) * 0.2


def sniff_kind(text: str) -> str:
    """"html" when the text opens like markup or is dense with HTML tags, else "text"."""
    head = text[:4096]
    if _opens_like_markup(head) or len(_HTML_TAG.findall(head)) >= 5:
        return "html"
    return "text"


def _opens_like_markup(head: str) -> bool:
    """Whether `head`, past whitespace and comments, opens with an HTML tag.

    A loop in linear time: the regex it replaces, `(<!--.*?-->\\s*)*<tag`, backtracked
    exponentially over a page opening with dozens of empty comments.
    """
    pos = _SPACE.match(head).end()
    while head.startswith("<!--", pos):
        end = head.find("-->", pos + 4)
        if end < 0:
            return False
        pos = _SPACE.match(head, end + 3).end()
    return _HTML_OPENING.match(head, pos) is not None
