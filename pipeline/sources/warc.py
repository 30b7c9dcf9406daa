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
cut short at its last whole record without an error: a cut-off last record is lost (it is
counted as skipped when its HTTP headers are cut, or fails its digest when its payload is).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from pipeline.sources.files import SourceFile

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
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
    try:
        for record in ArchiveIterator(path, record_types=WarcRecordType.response,
                                      parse_http=False):
            yield _document(path, record)
    except WarcError:
        raise
    except (OSError, ValueError) as exc:
        raise WarcError(f"cannot read WARC file: {exc}") from exc


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
