"""The benchmark: a distinct replicated corpus, and a run on a tiny one that prints every figure."""

from __future__ import annotations

import gzip
import hashlib
import re
import subprocess
import sys

import pytest
from conftest import FIXTURES, ROOT

from pipeline.bench import LARGE_SOURCE, MiB, distinct_copy, large_article, replicate

NUMBER = r"[+-]?[\d,]+(?:\.\d+)?"


@pytest.mark.parametrize(("original", "expected"), [
    (b"<html><body><p>One.</p><p>Two.</p></body></html>",
     b"<html><body><p>One.</p><p>Two.</p>\n<p>This is copy number 7 of the benchmark corpus."
     b"</p></body></html>"),
    (b"Headline\n\nBody text.\n\n",
     b"Headline\n\nBody text.\n\nThis is copy number 7 of the benchmark corpus.\n"),
], ids=["html-after-last-paragraph", "text-appended"])
def test_distinct_copy_adds_a_numbered_sentence(original, expected):
    assert distinct_copy(original, 7) == expected


def test_distinct_copy_of_gzip_stays_gzip():
    copy = distinct_copy(gzip.compress(b"<p>Body.</p>"), 3)
    assert gzip.decompress(copy) == (b"<p>Body.</p>\n<p>This is copy number 3 of the benchmark "
                                     b"corpus.</p>")


def test_replicated_corpus_has_distinct_documents(tmp_path):
    sources = sorted(p for p in FIXTURES.iterdir() if p.is_file())
    replicate(sources, tmp_path, 2 * len(sources) + 1)
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    assert len(digests) == 2 * len(sources) + 1


def test_large_article_grows_the_fixture_page_to_the_size_asked():
    page = LARGE_SOURCE.read_bytes()
    large = large_article(1.0)
    assert 1.0 <= len(large) / MiB < 1.01
    assert large.startswith(page[:200]) and large.endswith(page[-200:])


def test_bench_on_a_tiny_corpus_prints_every_figure():
    result = subprocess.run([sys.executable, "-m", "pipeline.bench", "--docs", "6",
                             "--workers", "1", "--large-mb", "0.1", "--ledger-articles", "200"],
                            capture_output=True,
                            text=True, cwd=ROOT, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert re.search(rf"6 documents \(6 extracted, 0 failed\) in {NUMBER} s: {NUMBER} "
                     rf"documents/s, {NUMBER} words/s", out)
    for stage in ("discovery", "decode", "content", "nlp", "events", "store", "parent other",
                  "worker other"):
        assert re.search(rf"^  {stage} +{NUMBER} +{NUMBER}%$", out, re.MULTILINE), stage
    assert re.search(rf"peak RSS: parent {NUMBER} MB, largest worker {NUMBER} MB", out)
    assert re.search(rf"extractor RSS growth from the first sample to the last: {NUMBER} MB", out)
    assert re.search(rf"trafilatura.extract alone, 1 process, before and after pass 1: 6 "
                     rf"documents in {NUMBER} s and {NUMBER} s \(mean {NUMBER} s, {NUMBER} s "
                     rf"CPU\): {NUMBER} documents/s", out)
    assert re.search(rf"ratio pipeline / trafilatura alone: {NUMBER} on the wall clock, "
                     rf"{NUMBER} projected", out)
    assert re.search(rf"once the workers have started \(from the first result on\): {NUMBER} "
                     rf"documents/s, ratio {NUMBER}", out)
    assert re.search(rf"pass 2 \(unchanged re-run.*\): {NUMBER} s wall; .*6 files, "
                     r"0 extracted, 6 unchanged", out)
    assert re.search(rf"a 0.1 MB article \(salvo ingest, 1 worker.*\): {NUMBER} s wall; .*1 files, "
                     r"1 extracted", out)
    assert re.search(rf"ledger, 200 stored articles \(800 events, {NUMBER} claims\): claims and "
                     rf"history {NUMBER} s \(target < 10 s\)", out)
    assert re.search(rf"ledger after an ingest adding 10 articles: {NUMBER} s \(target < 1 s; "
                     rf"{NUMBER} s CPU\), {NUMBER} groups recomputed", out)
