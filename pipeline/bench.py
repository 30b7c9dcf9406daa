"""The benchmark: ingest a corpus and say where the time goes.

Input: a folder of articles (default: the fixture articles replicated to distinct documents in a
temporary folder). Output, printed: documents/s and words/s of a full ingest run, the share of
time per stage, peak memory of the parent and of the workers and the extractors' growth, the
throughput of plain `trafilatura.extract` on the same documents in one process (a fresh one
before the pass and another after it, averaged) with the ratio between the two, the wall time
of a second `salvo ingest` over the unchanged corpus, interpreter start included, that of
`salvo ingest` on one article page grown to 5 MB, and the claim ledger's times on 10,000 stored
articles (`pipeline.bench_ledger`).
Run it with `make bench` or `python -m pipeline.bench --help`.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine

from pipeline import bench_ledger, migrations
from pipeline.bench_sampler import WorkerSampler
from pipeline.database import make_engine
from pipeline.records import Extraction
from pipeline.ruleset import ruleset_version
from pipeline.run.ingest import Ingest, collect
from pipeline.settings import Settings
from pipeline.sources.files import SourceFile
from pipeline.store import ArticleState, PathState, Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "articles"
LARGE_SOURCE = FIXTURES / "leopard-tanks-ukraine.html"
LARGE_MB = 5.0
BODY_PARAGRAPH_CHARS = 100
DEFAULT_DOCS = 2000
STAGES = ("discovery", "decode", "content", "nlp", "events", "store")
WORKER_STAGES = ("decode", "content", "nlp", "events")
TARGET_RATIO = 0.6
MiB = 1024 * 1024
T = TypeVar("T")


class TimedStore(Store):
    """The store, adding up its own CPU seconds and the stage timings of what it is given."""

    def __init__(self, engine: Engine, seconds: dict[str, float]) -> None:
        super().__init__(engine)
        self.seconds = seconds
        self.words = 0
        self.first_result_at: float | None = None

    def _timed(self, method: Callable[..., T], *args: object) -> T:
        start = time.process_time()
        try:
            return method(*args)
        finally:
            self.seconds["store"] += time.process_time() - start

    def save(self, run_id: int, source: SourceFile, content_hash: str, ruleset: str,
             extraction: Extraction) -> int:
        if self.first_result_at is None:
            self.first_result_at = time.perf_counter()
        for stage, seconds in extraction.timings:
            self.seconds[stage] += seconds
        if extraction.content is not None:
            self.words += len(extraction.content.text.split())
        return self._timed(super().save, run_id, source, content_hash, ruleset, extraction)

    def link_path(self, source: SourceFile, content_hash: str) -> None:
        self._timed(super().link_path, source, content_hash)

    def record_error(self, run_id: int, path: str, stage: str, error: str,
                     content_hash: str | None = None) -> None:
        self._timed(super().record_error, run_id, path, stage, error, content_hash)

    def known_paths(self) -> dict[str, PathState]:
        return self._timed(super().known_paths)

    def known_articles(self) -> dict[str, ArticleState]:
        return self._timed(super().known_articles)


@dataclass
class PassResult:
    """What one timed ingest run did, and what it cost."""

    documents: int
    extracted: int
    failed: int
    wall_s: float
    words: int
    cpu_s: dict[str, float]  # per stage, see STAGES
    parent_cpu_s: float
    worker_cpu_s: float
    first_result_s: float | None
    ruleset: str
    parent_peak_mb: float
    worker_peak_mb: float
    memory: WorkerSampler


@dataclass(frozen=True)
class Baseline:
    """Plain `trafilatura.extract` over the same files in one process (`bench_baseline`), run
    before and after the pipeline's pass; the ratio uses the mean of the two."""

    documents: int
    wall_s: tuple[float, float]  # before, after
    cpu_s: float  # the mean
    words: int

    @property
    def mean_wall_s(self) -> float:
        return sum(self.wall_s) / len(self.wall_s)


def run_pass(corpus: Path, db: str, workers: int) -> PassResult:
    """One ingest run over `corpus`, as `salvo ingest` does it, with the stages timed."""
    cpu: dict[str, float] = defaultdict(float)
    start, parent, children = time.perf_counter(), _cpu(SELF), _cpu(CHILDREN)
    ruleset = ruleset_version()
    engine = make_engine(db)
    migrations.upgrade(engine)
    store = TimedStore(engine, cpu)
    found = time.process_time()
    files = collect([str(corpus)])
    cpu["discovery"] = time.process_time() - found
    memory = WorkerSampler(every=max(1, len(files) // 50), total=len(files))
    report = Ingest(store, Settings(db=db, workers=workers), memory.tick).run(files, "bench")
    store.finish_run(report.run_id, status="partial" if report.counts.failed else "ok",
                     exit_code=report.exit_code, counts=report.counts.as_dict())
    engine.dispose()
    wall = time.perf_counter() - start
    counts = report.counts
    return PassResult(
        documents=counts.files_seen, extracted=counts.extracted, failed=counts.failed,
        wall_s=wall, words=store.words, cpu_s=dict(cpu), parent_cpu_s=_cpu(SELF) - parent,
        worker_cpu_s=memory.worker_cpu_s(_cpu(CHILDREN) - children),
        first_result_s=store.first_result_at - start if store.first_result_at else None,
        ruleset=ruleset,
        parent_peak_mb=_maxrss_mb(SELF), worker_peak_mb=max(memory.peak_mb.values(), default=0.0),
        memory=memory)


SELF, CHILDREN = resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _maxrss_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def trafilatura_alone(files: list[SourceFile]) -> dict[str, float]:
    """Plain `trafilatura.extract` over the files in a fresh interpreter (see
    `pipeline.bench_baseline`): documents, wall_s, cpu_s and words."""
    result = subprocess.run([sys.executable, "-m", "pipeline.bench_baseline"],
                            input="\n".join(f.path for f in files), capture_output=True,
                            text=True, check=True)
    return json.loads(result.stdout)


def baseline(before: dict[str, float], after: dict[str, float]) -> Baseline:
    """The two runs of `trafilatura_alone` around the pass as one `Baseline`."""
    return Baseline(int(before["documents"]), (before["wall_s"], after["wall_s"]),
                    (before["cpu_s"] + after["cpu_s"]) / 2, int(before["words"]))


@dataclass(frozen=True)
class Rerun:
    """`salvo ingest` run again over the corpus in a fresh interpreter."""

    wall_s: float
    summary: str
    rules_changed: bool  # the rule files changed since pass 1: everything is stale


def rerun(corpus: Path, db: str, workers: int, ruleset: str) -> Rerun:
    """Time `salvo ingest` over the corpus in a fresh interpreter, interpreter start included."""
    changed = rules_changed(ruleset)
    wall, summary = timed_ingest(corpus, db, workers)
    return Rerun(wall, summary, changed)


def timed_ingest(corpus: Path, db: str, workers: int) -> tuple[float, str]:
    """Wall seconds and summary line of `salvo ingest` run in a fresh interpreter."""
    env = {k: v for k, v in os.environ.items() if k != "SALVO_DB"}
    command = [sys.executable, "-m", "pipeline", "ingest", str(corpus), "--db", db,
               "--workers", str(workers)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - start
    summary = " ".join(result.stderr.split())  # the console wraps long lines
    return wall, summary or f"exit code {result.returncode}"


def large_article(size_mb: float) -> bytes:
    """A fixture article page grown to `size_mb` MB: its body paragraphs (those of
    `BODY_PARAGRAPH_CHARS` or more) repeated after the last of them."""
    page = LARGE_SOURCE.read_bytes()
    body = [m for m in re.finditer(rb"<p>[^<]*</p>", page)
            if len(m[0]) >= BODY_PARAGRAPH_CHARS]
    cut = body[-1].end()
    grown = [page[:cut]]
    size, i = len(page), 0
    while size < size_mb * MiB:
        grown.append(b"\n" + body[i % len(body)][0])
        size += len(grown[-1])
        i += 1
    return b"".join([*grown, page[cut:]])


def large_article_pass(scratch: Path, size_mb: float) -> str:
    """The line reporting `salvo ingest` of one `size_mb` MB article, worker start included."""
    folder = scratch / "large"
    folder.mkdir()
    data = large_article(size_mb)
    (folder / "large-article.html").write_bytes(data)
    wall, summary = timed_ingest(folder, str(scratch / "large.db"), 1)
    return (f"a {len(data) / MiB:.1f} MB article (salvo ingest, 1 worker, interpreter and "
            f"model start included): {wall:.2f} s wall; {summary}")


def rules_changed(since: str) -> bool:
    """Whether the ruleset version on disk is no longer `since`."""
    ruleset_version.cache_clear()
    return ruleset_version() != since


def replicate(sources: list[Path], folder: Path, docs: int) -> None:
    """`docs` files cycling over `sources`, each made distinct by a numbered closing sentence."""
    for i in range(docs):
        source = sources[i % len(sources)]
        data = distinct_copy(source.read_bytes(), i)
        (folder / f"{i:05d}-{source.name}").write_bytes(data)


def distinct_copy(data: bytes, number: int) -> bytes:
    """The document with a sentence naming `number` added at the end of its text."""
    if data.startswith(b"\x1f\x8b"):
        return gzip.compress(distinct_copy(gzip.decompress(data), number), mtime=0)
    sentence = f"This is copy number {number} of the benchmark corpus.".encode()
    head, closing, tail = data.rpartition(b"</p>")
    if closing:
        return head + closing + b"\n<p>" + sentence + b"</p>" + tail
    return data.rstrip() + b"\n\n" + sentence + b"\n"


def copy_first(corpus: Path, folder: Path, docs: int) -> None:
    """The first `docs` article files of `corpus`, copied flat into `folder`."""
    files = [f for f in collect([str(corpus)]) if isinstance(f, SourceFile)][:docs]
    for i, item in enumerate(files):
        shutil.copy2(item.path, folder / f"{i:05d}-{Path(item.path).name}")


def report(first: PassResult, workers: int, alone: Baseline, second: Rerun,
           load: tuple[float, float]) -> str:
    """The benchmark's findings as printable lines."""
    cores = os.cpu_count() or 1
    return "\n".join([
        f"machine: {cores} cores, load average {load[0]:.2f} before the run, {load[1]:.2f} "
        f"after" + (" (busy: wall figures understate, see the CPU figures)"
                    if load[0] > cores / 2 else ""),
        *_throughput_lines(first, workers),
        *_stage_lines(first),
        *_memory_lines(first),
        *_baseline_lines(first, workers, alone),
        f"pass 2 (unchanged re-run, salvo ingest, interpreter start included): "
        f"{second.wall_s:.2f} s wall; {second.summary}" + (
            "\n  (the rule data files changed after pass 1, so pass 2 extracted again)"
            if second.rules_changed else "")])


def _throughput_lines(first: PassResult, workers: int) -> list[str]:
    return [f"pass 1 (extract), {workers} workers: {first.documents} documents "
            f"({first.extracted} extracted, {first.failed} failed) in {first.wall_s:.2f} s: "
            f"{first.documents / first.wall_s:.1f} documents/s, "
            f"{first.words / first.wall_s:,.0f} words/s",
            f"  first result after {first.first_result_s or 0:.2f} s (worker start included); "
            f"CPU: parent {first.parent_cpu_s:.2f} s, workers {first.worker_cpu_s:.2f} s"]


def _stage_lines(first: PassResult) -> list[str]:
    """CPU seconds and share per stage; 'other' is what no stage claims (model loading,
    reading and hashing files, passing documents between processes)."""
    cpu = dict(first.cpu_s)
    cpu["parent other"] = first.parent_cpu_s - cpu.get("discovery", 0) - cpu.get("store", 0)
    cpu["worker other"] = first.worker_cpu_s - sum(cpu.get(s, 0) for s in WORKER_STAGES)
    total = first.parent_cpu_s + first.worker_cpu_s or 1.0
    lines = ["  stage          CPU s   share"]
    for stage in (*STAGES, "parent other", "worker other"):
        spent = cpu.get(stage, 0.0)
        lines.append(f"  {stage:<12} {spent:7.2f} {spent / total:7.1%}")
    return lines


def _memory_lines(first: PassResult) -> list[str]:
    memory = first.memory
    peaks = ", ".join(f"{mb:.0f}" for mb in memory.peak_mb.values()) or "none"
    return [f"peak RSS: parent {first.parent_peak_mb:.0f} MB, largest worker "
            f"{first.worker_peak_mb:.0f} MB (each worker: {peaks} MB)",
            f"extractor RSS growth from the first sample to the last: "
            f"{memory.growth_mb():+.1f} MB"]


def _baseline_lines(first: PassResult, workers: int, alone: Baseline) -> list[str]:
    """Trafilatura alone, and the ratio measured on the wall clock and projected from CPU time
    for an idle machine (the workers, then the whole run, limited by the cores)."""
    if not alone.documents or not first.documents:
        return ["trafilatura.extract alone: no documents"]
    cores = os.cpu_count() or 1
    alone_rate = alone.documents / alone.mean_wall_s
    wall_ratio = (first.documents / first.wall_s) / alone_rate
    idle_s = max(first.worker_cpu_s / min(workers, cores),
                 (first.worker_cpu_s + first.parent_cpu_s) / cores)
    cpu_ratio = (first.documents / idle_s) / (alone.documents / alone.cpu_s)
    before, after = alone.wall_s
    lines = [f"trafilatura.extract alone, 1 process, before and after pass 1: "
             f"{alone.documents} documents in {before:.2f} s and {after:.2f} s "
             f"(mean {alone.mean_wall_s:.2f} s, {alone.cpu_s:.2f} s CPU): "
             f"{alone_rate:.1f} documents/s, {alone.words / alone.mean_wall_s:,.0f} words/s",
             f"ratio pipeline / trafilatura alone: {wall_ratio:.2f} on the wall clock, "
             f"{cpu_ratio:.2f} projected from CPU time for an idle machine "
             f"(target >= {TARGET_RATIO})"]
    started = first.first_result_s
    if started is not None and first.documents > 1 and first.wall_s > started:
        steady = (first.documents - 1) / (first.wall_s - started)
        lines.append(f"  once the workers have started (from the first result on): "
                     f"{steady:.1f} documents/s, ratio "
                     f"{steady / alone_rate:.2f}")
    return lines


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench", description=__doc__)
    parser.add_argument("--corpus", type=Path, help="Folder of articles (default: the "
                        "fixtures replicated to --docs distinct documents).")
    parser.add_argument("--docs", type=int, help=f"How many documents (default: "
                        f"{DEFAULT_DOCS} replicated fixtures, or all of --corpus).")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="Extraction processes (default: the number of cores).")
    parser.add_argument("--db", help="Database to ingest into (default: a temporary file).")
    parser.add_argument("--large-mb", type=float, default=LARGE_MB,
                        help=f"Also ingest one article page grown to this size (default: "
                             f"{LARGE_MB:g} MB; 0 skips it).")
    parser.add_argument("--ledger-articles", type=int, default=bench_ledger.ARTICLES,
                        help=f"Also time the claim ledger on this many stored articles "
                             f"(default: {bench_ledger.ARTICLES:,}; 0 skips it).")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.corpus is not None and not args.corpus.is_dir():
        print(f"bench: {args.corpus} is not a folder", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="salvo-bench-") as scratch:
        corpus = prepare_corpus(args.corpus, args.docs, Path(scratch))
        db = args.db or str(Path(scratch) / "bench.db")
        print(f"corpus: {corpus} ({_size_mb(corpus):.1f} MB), database: {db}", flush=True)
        files = [f for f in collect([str(corpus)]) if isinstance(f, SourceFile)]
        before = trafilatura_alone(files)
        load_before = os.getloadavg()[0]
        first = run_pass(corpus, db, args.workers)
        load_after = os.getloadavg()[0]
        alone = baseline(before, trafilatura_alone(files))
        second = rerun(corpus, db, args.workers, first.ruleset)
        print(report(first, args.workers, alone, second, (load_before, load_after)), flush=True)
        if args.large_mb > 0:
            print(large_article_pass(Path(scratch), args.large_mb), flush=True)
        if args.ledger_articles > 0:
            ledger = bench_ledger.run(str(Path(scratch) / "ledger.db"), args.ledger_articles)
            print(bench_ledger.report(ledger))
    return 0


def prepare_corpus(corpus: Path | None, docs: int | None, scratch: Path) -> Path:
    """The folder to ingest: `corpus` itself, its first `docs` files, or replicated fixtures."""
    if corpus is not None and docs is None:
        return corpus
    folder = scratch / "corpus"
    folder.mkdir()
    if corpus is not None:
        copy_first(corpus, folder, docs)
    else:
        sources = sorted(p for p in FIXTURES.iterdir() if p.is_file())
        replicate(sources, folder, docs or DEFAULT_DOCS)
    return folder


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / MiB


if __name__ == "__main__":
    sys.exit(main())
