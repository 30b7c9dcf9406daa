"""`make scale-demo`: PostgreSQL + Dask against SQLite + local workers, on WARC files.

Starts a throwaway PostgreSQL server (`pipeline.postgres.server`), writes the fixtures
replicated to `--docs` distinct pages (or the articles of `--corpus`) into WARC files, ingests
them with `salvo ingest --workers 2` into SQLite and with `--cluster local:2` and `local:1` into
PostgreSQL, compares the exports (`identical: yes` or the differences) and prints the documents
per second of each run: over the whole run (the cluster's start and the model's load included)
and steady (between the 10th and the 90th percentile of the times documents were stored:
no start, no tail, whole batches), and where a Dask run's CPU went: its
workers, the client (the scheduler, sending the documents, the writer) and the PostgreSQL
server.
Stops the server and removes its files at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import gzip
import html
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil
from sqlalchemy import select

from models import Article
from pipeline.bench import distinct_copy
from pipeline.database import make_engine
from pipeline.postgres.server import TemporaryServer
from pipeline.sources.files import SourceFile, discover
from pipeline.sources.warc_write import Page, write_warc

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"
RECORDS_PER_WARC = 50
CPU_SAMPLE_S = 0.05
SERVER_SETTLE_S = 0.5


@dataclass(frozen=True)
class Cpu:
    """CPU seconds of one run: the client process alone, it with all its worker processes,
    and the database server."""

    client: float
    total: float
    server: float

    def __str__(self) -> str:
        return (f"CPU {self.total + self.server:5.1f} s: workers {self.total - self.client:5.1f}"
                f", client {self.client:4.1f}, PostgreSQL {self.server:4.1f}")


@dataclass(frozen=True)
class RunResult:
    name: str
    documents: int
    wall_s: float
    cpu: Cpu
    steady: float  # documents per second between the 10th and 90th percentile store times

    def line(self) -> str:
        # the local extractors are forked by a fork server that the run does not wait for:
        # their CPU time does not reach us; the Dask workers are waited for
        cpu = f"; {self.cpu}" if "Dask" in self.name else ""
        return (f"{self.name:<26} {self.documents} documents in {self.wall_s:5.1f} s: "
                f"{self.documents / self.wall_s:5.1f}/s over the run, "
                f"{self.steady:5.1f}/s steady{cpu}")


def pages(corpus: Path | None, docs: int | None, copies: int = 1) -> list[Page]:
    """The pages to ingest: the articles of `corpus` (the first `docs`), each `copies` times
    made distinct by a closing sentence, or the fixtures replicated to `docs` distinct pages;
    text dumps become paragraphs of HTML."""
    if corpus is not None:
        files = [Path(f.path) for f in discover([str(corpus)]) if isinstance(f, SourceFile)]
        files = files[:docs] if docs else files
        bodies = {path.name: _as_html(path.read_bytes(), path.name) for path in files}
        return [Page(f"https://corpus.example.org/{copy}/{name}",
                     distinct_copy(body, copy) if copy else body)
                for copy in range(copies) for name, body in bodies.items()]
    sources = sorted(p for p in FIXTURES.iterdir() if p.is_file())
    return [Page(f"https://news.example.org/{i}/{source.name}",
                 _as_html(distinct_copy(source.read_bytes(), i), source.name))
            for i, source in enumerate(sources[i % len(sources)] for i in range(docs or 240))]


def _as_html(data: bytes, name: str) -> bytes:
    if data.startswith(b"\x1f\x8b"):
        data = gzip.decompress(data)
    if ".txt" not in name:
        return data
    paragraphs = data.decode("utf-8-sig", errors="replace").split("\n")
    return ("<html><body><article>" + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs
                                              if p.strip())
            + "</article></body></html>").encode()


def write_warcs(all_pages: list[Page], folder: Path) -> None:
    folder.mkdir()
    for start in range(0, len(all_pages), RECORDS_PER_WARC):
        write_warc(folder / f"crawl-{start // RECORDS_PER_WARC:04d}.warc.gz",
                   all_pages[start:start + RECORDS_PER_WARC])


def ingest(name: str, warcs: Path, db: str, server: TemporaryServer, *options: str
           ) -> RunResult:
    """`salvo ingest` in a subprocess, timed, with the CPU of it, its workers and `server`."""
    before, server_before = _children_cpu(), _server_cpu(server)
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", str(warcs),
                                 "--db", db, *options], stdout=subprocess.DEVNULL, stderr=stderr)
        client = _own_cpu_until_exit(proc)
        proc.wait()
        wall = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            stderr.seek(0)
            raise RuntimeError(f"{name}: salvo ingest failed: {stderr.read().strip()}")
    time.sleep(SERVER_SETTLE_S)  # the server reaps the run's connections
    cpu = Cpu(client, _children_cpu() - before, _server_cpu(server) - server_before)
    engine = make_engine(db)
    with engine.connect() as conn:
        stored = list(conn.scalars(select(Article.extracted_at).order_by(Article.extracted_at)))
    engine.dispose()
    return RunResult(name, len(stored), wall, cpu, steady_rate(stored))


def steady_rate(stored: list[dt.datetime]) -> float:
    """Documents per second between the 10th and the 90th percentile of `stored` times."""
    low, high = len(stored) // 10, len(stored) * 9 // 10
    span = (stored[high] - stored[low]).total_seconds() if high > low else 0.0
    return (high - low) / span if span > 0 else 0.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _own_cpu_until_exit(proc: subprocess.Popen) -> float:
    """The CPU seconds `proc` itself used (not its children), sampled until it exits: the
    last sample misses at most one interval."""
    process, seen = psutil.Process(proc.pid), 0.0
    while proc.poll() is None:
        try:
            times = process.cpu_times()
        except psutil.Error:
            break
        seen = times.user + times.system
        time.sleep(CPU_SAMPLE_S)
    return seen


def _server_cpu(server: TemporaryServer) -> float:
    """The CPU seconds of the PostgreSQL server: its postmaster, and its backends ended."""
    times = psutil.Process(server.pid()).cpu_times()
    return times.user + times.system + times.children_user + times.children_system


def export(db: str) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "pipeline", "export", "--db", db],
                            capture_output=True, text=True, check=True)
    return [json.dumps(json.loads(line), sort_keys=True) for line in result.stdout.splitlines()]


def compare(expected: list[str], found: list[str], name: str) -> str:
    if expected == found:
        return f"identical: yes ({name}: {len(found)} articles, same export as SQLite)"
    diff = list(difflib.unified_diff(expected, found, "sqlite", name, lineterm="", n=0))
    return f"identical: no ({name})\n" + "\n".join(line[:300] for line in diff[:40])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.cluster.demo", description=__doc__)
    parser.add_argument("--corpus", type=Path, help="Folder of articles to write into WARC "
                        "files (default: the fixtures, replicated).")
    parser.add_argument("--docs", type=int, help="How many documents (default: 240 "
                        "replicated fixtures, or all of --corpus).")
    parser.add_argument("--copies", type=int, default=1, help="Each article of --corpus this "
                        "many times, made distinct by a closing sentence: a longer run to "
                        "measure (default: 1).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="salvo-scale-") as scratch, \
            TemporaryServer() as server:
        warcs = Path(scratch) / "warc"
        write_warcs(pages(args.corpus, args.docs, args.copies), warcs)
        print(f"WARC files in {warcs}; PostgreSQL at {server.url()}; load "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
        sqlite_db = str(Path(scratch) / "sqlite.db")
        runs = [ingest("SQLite, --workers 2", warcs, sqlite_db, server, "--workers", "2")]
        urls = {n: server.create_database(f"dask{n}") for n in (2, 1)}
        for n, url in urls.items():
            runs.append(ingest(f"PostgreSQL, Dask local:{n}", warcs, url, server, "--cluster",
                               f"local:{n}"))
        for run in runs:
            print(run.line(), flush=True)
        expected = export(sqlite_db)
        for n, url in urls.items():
            print(compare(expected, export(url), f"PostgreSQL + Dask local:{n}"))
        two, one = runs[1], runs[2]
        print(f"2 Dask workers / 1: {two.steady / one.steady:.2f}x steady, "
              f"{one.wall_s / two.wall_s:.2f}x over the run (load now "
              f"{os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
