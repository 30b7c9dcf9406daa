"""WARC input: HTML responses become documents with their URL, date and payload digest; other
responses are counted as skipped; a stored record is not read again; a killed run resumes."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import FIXTURES, ROOT, article_count, query, salvo

from pipeline.sources.warc import SKIPPED, WarcError, payload_digest, read_warc
from pipeline.sources.warc_write import Page, response_record, write_warc


def fixture_pages() -> list[Page]:
    """The HTML fixture articles as pages of news.example.org."""
    pages = []
    for path in sorted(FIXTURES.iterdir()):
        name = path.name.removesuffix(".gz")
        if not name.endswith(".html"):
            continue
        body = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        pages.append(Page(f"https://news.example.org/{name}", body))
    return pages


def test_html_responses_are_documents_and_others_are_skipped(tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    page = Page("https://news.example.org/a", b"<html><p>Tanks.</p></html>")
    write_warc(warc, [page, Page("https://news.example.org/gone", b"gone", status=404),
                      Page("https://news.example.org/a.png", b"\x89PNG", content_type="image/png")])
    found = list(read_warc(str(warc)))
    assert found[1:] == [SKIPPED, SKIPPED]
    document = found[0]
    assert document.source.url == page.url
    assert document.source.path.startswith(f"{warc}#urn:uuid:")
    assert document.source.fetched_at.isoformat() == "2025-03-04T10:00:00"
    assert document.digest == payload_digest(page.body)


def test_a_record_without_payload_digest_is_named_by_its_payload(tmp_path):
    warc = tmp_path / "plain.warc"
    body = b"<html><p>Howitzers for Armenia.</p></html>"
    buffer = io.BytesIO()
    response_record(Page("https://news.example.org/b", body)).write(buffer)
    warc.write_bytes(buffer.getvalue())
    (document,) = read_warc(str(warc))
    assert document.digest == payload_digest(body)
    assert document.read(1000) == body


def test_a_corrupt_payload_is_an_error_of_its_record_only(tmp_path):
    warc = tmp_path / "bad.warc"
    buffer = io.BytesIO()
    for i in range(3):
        body = b"<p>Shipment number %d.</p>" % i
        response_record(Page(f"https://news.example.org/{i}", body)).write(
            buffer, checksum_data=True, payload_digest=hashlib.sha1(body).digest())
    warc.write_bytes(buffer.getvalue().replace(b"number 1", b"numbex 1"))
    read, failed = [], []
    for document in read_warc(str(warc)):
        try:
            read.append(document.read(1000))
        except WarcError as exc:
            failed.append((document.source.url, str(exc)))
    assert read == [b"<p>Shipment number 0.</p>", b"<p>Shipment number 2.</p>"]
    assert failed == [("https://news.example.org/1", "the payload does not match its "
                       "WARC-Payload-Digest (a corrupt or cut record)")]


def test_a_file_that_is_not_a_warc_raises(tmp_path):
    warc = tmp_path / "notes.warc"
    warc.write_text("These are my notes, not a web archive.\n" * 5)
    with pytest.raises(WarcError, match="cannot read WARC file"):
        list(read_warc(str(warc)))


def _outcomes(path) -> list[str]:
    """What reading the WARC file gives, record by record: ok, skipped, a record's error, and
    at the end the file's error."""
    outcomes = []
    try:
        for document in read_warc(str(path)):
            if document == SKIPPED:
                outcomes.append("skipped")
                continue
            try:
                document.read(100_000)
                outcomes.append("ok")
            except WarcError:
                outcomes.append("record error")
    except WarcError as exc:
        outcomes.append(str(exc).split(":")[0])
    return outcomes


@pytest.mark.parametrize("layout", ["member a record", "one member", "plain"])
@pytest.mark.parametrize("cut", [0, 5, 200, 0.3], ids=["whole", "5 bytes", "200 bytes",
                                                       "a third"])
def test_a_file_cut_short_is_an_error_after_the_whole_records(tmp_path, layout, cut):
    warc = tmp_path / "crawl.warc.gz"
    body = b"<html><body><p>" + b"Shells were loaded onto the ship. " * 200 + b"</p></html>"
    write_warc(warc, [Page(f"https://news.example.org/{i}", body) for i in range(3)])
    data = {"member a record": warc.read_bytes(),
            "one member": gzip.compress(gzip.decompress(warc.read_bytes())),
            "plain": gzip.decompress(warc.read_bytes())}[layout]
    cut_at = len(data) - (int(len(data) * cut) if isinstance(cut, float) else cut)
    partial = tmp_path / ("cut.warc" if layout == "plain" else "cut.warc.gz")
    partial.write_bytes(data[:cut_at] + (b"\r\n\r\n" if not cut and layout == "plain" else b""))
    outcomes = _outcomes(partial)
    if not cut:
        assert outcomes == ["ok", "ok", "ok"]
        return
    assert outcomes[-1] == "the file is cut short"
    if layout != "one member":  # in one member, the lost bytes may hold any record's text
        assert outcomes[:2] == ["ok", "ok"]
    # the cut record, if FastWARC sees it: whole when only its gzip trailer is lost
    assert set(outcomes[:-1]) <= {"ok", "skipped", "record error"}


@pytest.mark.slow
def test_ingest_of_a_warc_file(tmp_path):
    pages = fixture_pages()
    warc, db = tmp_path / "crawl.warc.gz", tmp_path / "w.db"
    mirror = Page("https://mirror.example.net/copy", pages[0].body)  # same payload, other URL
    write_warc(warc, [*pages, mirror, Page("https://news.example.org/x", b"no", status=500),
                      Page("https://news.example.org/feed", b"{}",
                           content_type="application/json")])
    result = salvo("ingest", str(tmp_path), "--db", str(db), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert "2 WARC responses skipped" in result.stderr
    assert query(db, "SELECT files_seen, extracted, duplicates, skipped FROM runs") == [
        (len(pages) + 1, len(pages), 1, 2)]
    urls = {row[0] for row in query(db, "SELECT url FROM articles")}
    assert urls == {page.url for page in pages}
    assert query(db, "SELECT count(*) FROM article_paths WHERE fetched_at = "
                     "'2025-03-04 10:00:00.000000'") == [(len(pages) + 1,)]
    leopard = query(db, "SELECT count(*) FROM events e JOIN articles a ON a.id = e.article_id "
                        "WHERE a.url LIKE '%leopard%'")[0][0]
    assert leopard > 0
    again = salvo("ingest", str(warc), "--db", str(db), "--workers", "1")
    assert again.returncode == 0, again.stderr
    assert query(db, "SELECT files_seen, extracted, unchanged FROM runs WHERE id = 2") == [
        (len(pages) + 1, 0, len(pages) + 1)]


@pytest.mark.slow
def test_killed_warc_run_resumes_without_reading_stored_records_again(tmp_path):
    warc, db = tmp_path / "many.warc.gz", tmp_path / "k.db"
    texts = sorted(p for p in FIXTURES.iterdir() if p.suffix == ".txt")
    total = 24
    write_warc(warc, [Page(f"https://news.example.org/{i}",
                           b"<html><body><article>" + b"".join(
                               b"<p>%s</p>" % line.encode() for line in
                               texts[i % len(texts)].read_text("utf-8-sig").splitlines()
                               if line.strip()) + b"<p>Copy %d.</p></article></body></html>" % i)
                      for i in range(total)])
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", str(warc), "--db",
                             str(db), "--workers", "1"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 240
    while article_count(db) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    stored = article_count(db)
    assert 3 <= stored < total, "the run finished before it could be killed"
    result = salvo("ingest", str(warc), "--db", str(db), "--workers", "1", "--quiet")
    assert result.returncode == 0, result.stderr
    run = query(db, "SELECT status, unchanged, extracted FROM runs ORDER BY id DESC LIMIT 1")
    assert run == [("ok", stored, total - stored)]
    assert query(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [
        (total, total)]
    exported = salvo("export", "--db", str(db))
    assert len([json.loads(line) for line in exported.stdout.splitlines()]) == total
