"""WARC input: the HTML responses of a WARC file (Common Crawl's CC-NEWS, say) as documents.

Input: the path of a .warc or .warc.gz file. Output, in file order: a `WarcDocument` per HTTP
200 response whose content type is HTML, and `SKIPPED` for every other response record (an
error status, an image, a PDF...); request, metadata and warcinfo records are passed over.
A document's source is a `SourceRecord`: its place (`<file>#<WARC-Record-ID>`), the record's
length and WARC-Date, standing where a file's path, size and modification time stand, so that
an unchanged record is known without reading it; its identity is the WARC-Payload-Digest
(computed the same way when the record has none), so that the same page fetched twice is
stored once. Its payload is read only when asked for, before the next record; a record that
is stored already is thus never read again. A payload that does not match its digest (a corrupt
or cut record) is an error of that record. Parsing is FastWARC's; the HTTP transfer encoding is
undone, a content encoding (gzip) is left to `pipeline.content.decode`. FastWARC ends a file
cut short (a download stopped halfway) at its last whole record without a word; the file is
then checked: when it does not end where its last record ends, reading it raises `WarcError`
after the records before.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Final

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from pipeline.sources.files import SourceFile

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
GZIP_MAGIC, GZIP_WBITS = b"\x1f\x8b", 31  # a gzip member, for zlib
CHUNK = 1 << 16
MAX_HEADERS = 1 << 16  # a record's WARC headers are far shorter
TRAILING_PEEK = 4096  # bytes after the last record looked at: blank ones are padding
SKIPPED: Final = "skipped"  # a response that is not an HTML page with status 200


class WarcError(OSError):
    """The WARC file cannot be read on (truncated, not a WARC file, a broken gzip member)."""


@dataclass(frozen=True)
class SourceRecord(SourceFile):
    """A WARC record as a source: `path` is `<file>#<record id>`, `size` the record's length,
    `mtime_ns` its WARC-Date; `url` its WARC-Target-URI."""

    url: str = ""

    @property
    def fetched_at(self) -> dt.datetime:
        """The WARC-Date, in UTC, without time zone as salvo stores times."""
        return dt.datetime.fromtimestamp(self.mtime_ns / 1e9, dt.UTC).replace(tzinfo=None)


class WarcDocument:
    """An HTML response: its source and identity now, its payload on `read()` (once, and
    only before the iteration moves to the next record)."""

    def __init__(self, source: SourceRecord, digest: str, record: WarcRecord,
                 verify: bool = True) -> None:
        self.source = source
        self.digest = digest
        self._record = record
        self._verify = verify  # False when the digest was computed from the payload itself

    def read(self, max_bytes: int) -> bytes:
        """The HTTP payload; `WarcError` when it is over `max_bytes` or fails its digest."""
        try:
            valid = not self._verify or self._record.verify_payload_digest()
            data = self._record.reader.read(max_bytes + 1)
        except OSError as exc:
            raise WarcError(f"cannot read the record: {exc}") from exc
        if not valid:
            raise WarcError("the payload does not match its WARC-Payload-Digest (a corrupt or "
                            "cut record)")
        if len(data) > max_bytes:
            raise WarcError(f"record payload is over the limit of {max_bytes} bytes")
        return data


def read_warc(path: str) -> Iterator[WarcDocument | str]:
    """The HTML 200 responses of the WARC file at `path`, and `SKIPPED` for other responses.

    Raises `WarcError` when the file cannot be read on; what was yielded before stands.
    """
    last = None  # where the last record starts
    try:
        for record in ArchiveIterator(path, parse_http=False):
            last = record.stream_pos
            if record.record_type == WarcRecordType.response:
                yield _document(path, record)
        _check_ends_whole(path, last)
    except WarcError:
        raise
    except (OSError, ValueError) as exc:
        raise WarcError(f"cannot read WARC file: {exc}") from exc


def _check_ends_whole(path: str, last: int | None) -> None:
    """`WarcError` unless the file ends where the record starting at `last` ends."""
    size = os.path.getsize(path)
    if last is None:
        if size:
            raise WarcError("no WARC record in the file (not a WARC file, or cut short before "
                            "its first record)")
        return
    with open(path, "rb") as file:
        compressed = file.read(2) == GZIP_MAGIC
        file.seek(last)
        if compressed and file.read(2) != GZIP_MAGIC:
            last = 0  # not a gzip member a record (one member for the file): read them all
        file.seek(last)
        end = _members_end(file) if compressed else _record_end(file)
        file.seek(end or size)
        trailing = file.read(TRAILING_PEEK).strip(b"\r\n\0 ")
    if end is None or end > size or trailing:
        raise WarcError(f"the file is cut short: it ends inside a record (at byte {size}; "
                        f"the last record read starts at byte {last})")


def _members_end(file: BinaryIO) -> int | None:
    """Where the gzip members from the file's position on end; None when the file ends inside
    one."""
    while True:
        end = _member_end(file)
        if end is None:
            return None
        file.seek(end)
        if file.read(2) != GZIP_MAGIC:
            return end
        file.seek(end)


def _member_end(file: BinaryIO) -> int | None:
    """Where the gzip member at the file's position ends; None when the file ends first."""
    member = zlib.decompressobj(wbits=GZIP_WBITS)
    while not member.eof:
        chunk = file.read(CHUNK)
        if not chunk:
            return None
        member.decompress(chunk, CHUNK)  # the output is not kept: CHUNK at a time
        while member.unconsumed_tail and not member.eof:
            member.decompress(member.unconsumed_tail, CHUNK)
    return file.tell() - len(member.unused_data)


def _record_end(file: BinaryIO) -> int | None:
    """Where the uncompressed record at the file's position ends (its headers, its
    Content-Length of block and the blank line after it); None when its headers are cut."""
    start = file.tell()
    head = file.read(MAX_HEADERS)
    split = head.find(b"\r\n\r\n")
    if split < 0:
        return None
    length = re.search(rb"(?im)^content-length:\s*(\d+)\s*$", head[:split])
    return start + split + 4 + int(length.group(1)) + 4 if length else None


def _document(path: str, record: WarcRecord) -> WarcDocument | str:
    record.parse_http(auto_decode="transfer")
    http = record.http_headers
    if http is None or http.status_code != 200 or record.http_content_type not in HTML_TYPES:
        return SKIPPED
    headers = record.headers
    record_id = (headers.get("WARC-Record-ID") or "").strip("<>")
    date = record.record_date
    source = SourceRecord(
        path=f"{path}#{record_id}", size=int(headers.get("Content-Length") or 0),
        mtime_ns=int(date.timestamp() * 1_000_000_000) if date else 0,
        url=headers.get("WARC-Target-URI") or "")
    digest = headers.get("WARC-Payload-Digest")
    if digest:
        return WarcDocument(source, digest, record)
    data = record.reader.read()  # read now to name it; `read` then gives the bytes kept
    record.set_bytes_payload(data)
    return WarcDocument(source, payload_digest(data), record, verify=False)


def payload_digest(data: bytes) -> str:
    """A payload's digest as WARC writes it: `sha1:` and the SHA-1 in base 32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode()
