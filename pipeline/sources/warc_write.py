"""Writing WARC files: pages as HTTP response records, for tests and the scale demo.

Input: `Page` records (URL, fetch time, HTTP status, content type, body). Output: a .warc.gz
file, one gzip member per record as Common Crawl writes them, each response with its
WARC-Target-URI, WARC-Date, block and payload digests (FastWARC's writer).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from fastwarc.warc import WarcRecord, WarcRecordType


@dataclass(frozen=True)
class Page:
    url: str
    body: bytes
    fetched: dt.datetime = dt.datetime(2025, 3, 4, 10, 0, tzinfo=dt.UTC)
    status: int = 200
    content_type: str = "text/html; charset=utf-8"


def write_warc(path: Path, pages: Iterable[Page]) -> int:
    """Write `pages` as response records into a new .warc.gz at `path`; returns the count."""
    count = 0
    with open(path, "wb") as out:
        for page in pages:
            record = io.BytesIO()
            response_record(page).write(record, checksum_data=True,
                                        payload_digest=hashlib.sha1(page.body).digest())
            out.write(gzip.compress(record.getvalue(), mtime=0))
            count += 1
    return count


def response_record(page: Page) -> WarcRecord:
    """One WARC response record holding the page's HTTP response."""
    record = WarcRecord()
    record.init_headers(WarcRecordType.response, record_urn=f"uuid:{uuid.uuid4()}".encode())
    record.headers["WARC-Target-URI"] = page.url
    record.headers["WARC-Date"] = page.fetched.strftime("%Y-%m-%dT%H:%M:%SZ")
    record.headers["Content-Type"] = "application/http; msgtype=response"
    http = (f"HTTP/1.1 {page.status} {'OK' if page.status == 200 else 'Error'}\r\n"
            f"Content-Type: {page.content_type}\r\nContent-Length: {len(page.body)}\r\n\r\n")
    record.set_bytes_content(http.encode() + page.body)
    return record
