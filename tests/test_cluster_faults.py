"""Faults on a Dask cluster: a worker killed mid-run loses and duplicates nothing; a scheduler
that goes away ends the run with exit 3 and one line, and the next run completes the rest."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from conftest import FIXTURES, ROOT, descendants, salvo
from distributed import WorkerPlugin
from sqlalchemy import create_engine, text

from pipeline.cluster.pool import BATCH_DOCUMENTS, DaskPool
from pipeline.records import WORKER_DIED, ArticleContent, Extraction
from pipeline.run.workers import Job
from pipeline.settings import Settings

pytestmark = pytest.mark.slow
BIN = Path(sys.executable).parent


def _corpus(folder: Path, copies: int) -> int:
    """Copies of the text fixtures, each made distinct by a closing paragraph."""
    folder.mkdir()
    sources = sorted(p for p in FIXTURES.iterdir() if p.suffix == ".txt")
    for i in range(copies):
        text_ = sources[i % len(sources)].read_text(encoding="utf-8-sig")
        (folder / f"{i:03d}.txt").write_text(f"{text_}\nThis is copy {i} of the story.\n",
                                             encoding="utf-8")
    return copies


def _count(url: str, sql: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.scalar(text(sql))
    except Exception:  # noqa: BLE001 - no schema yet: nothing stored
        return 0
    finally:
        engine.dispose()


def _articles(url: str) -> int:
    return _count(url, "SELECT count(*) FROM articles")


def _wait_for(predicate, seconds: float, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.1)


def _ingest(corpus: Path, url: str, cluster: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "ingest", str(corpus), "--db",
                             url, "--cluster", cluster], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


@contextlib.contextmanager
def _killed_at_exit(*procs: subprocess.Popen) -> Iterator[None]:
    try:
        yield
    finally:
        for proc in procs:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_a_worker_killed_mid_run_loses_and_duplicates_nothing(tmp_path, pg_url):
    total = _corpus(tmp_path / "corpus", 24)
    proc = _ingest(tmp_path / "corpus", pg_url, "local:2")
    with _killed_at_exit(proc):
        _wait_for(lambda: _articles(pg_url) >= 3, 180, proc)
        workers = [pid for pid in descendants(proc.pid) if b"spawn_main" in
                   Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert len(workers) == 2, workers
        os.kill(workers[0], signal.SIGKILL)  # one worker, with tasks (the nanny starts another)
        _, stderr = proc.communicate(timeout=240)
    assert proc.returncode == 0, stderr
    assert _articles(pg_url) == total
    assert _count(pg_url, "SELECT count(DISTINCT content_hash) FROM articles") == total
    assert _count(pg_url, "SELECT count(*) FROM article_paths") == total
    assert _count(pg_url, "SELECT count(*) FROM articles WHERE status <> 'ok'") == 0
    assert _count(pg_url, "SELECT count(*) FROM events") == _count(
        pg_url, "SELECT count(*) FROM (SELECT DISTINCT article_id, seq FROM events) s")


def test_a_scheduler_gone_ends_the_run_and_the_next_run_completes(tmp_path, pg_url):
    total = _corpus(tmp_path / "corpus", 24)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL,
             "start_new_session": True}
    scheduler = subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1",
                                  "--port", str(port), "--no-dashboard"], **quiet)
    worker = subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1",
                               "--no-dashboard", "--no-nanny"], cwd=ROOT, **quiet)
    proc = _ingest(tmp_path / "corpus", pg_url, address)
    with _killed_at_exit(proc, worker, scheduler):
        _wait_for(lambda: _articles(pg_url) >= 2, 180, proc)
        os.killpg(scheduler.pid, signal.SIGKILL)
        _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 3, stderr
    assert len(stderr.strip().splitlines()) == 1 and "lost the Dask scheduler" in stderr
    stored = _articles(pg_url)
    assert stored < total
    status = _count(pg_url, "SELECT count(*) FROM runs WHERE status = 'fatal'")
    assert status == 1
    again = salvo("ingest", str(tmp_path / "corpus"), "--db", pg_url, "--cluster", "local:1")
    assert again.returncode == 0, again.stderr
    assert f"{total - stored} extracted, {stored} unchanged" in again.stderr
    assert _articles(pg_url) == total


def test_a_document_that_kills_its_workers_fails_alone_and_its_batch_completes():
    def extract(documents: list[bytes], _settings: Settings) -> list[Extraction]:
        if b"die" in documents:
            os._exit(1)
        return [Extraction(ArticleContent(text=data.decode(), kind="text", encoding="utf-8"))
                for data in documents]

    names = ["a", "b", "die", "c", "d", "e", "f"]
    assert names.index("die") < BATCH_DOCUMENTS  # it shares its batch with others
    with dask.config.set({"distributed.scheduler.allowed-failures": 1}), \
            DaskPool(Settings(cluster="local:2"), task=extract, plugin=WorkerPlugin()) as pool:
        results = {job.key: extraction
                   for job, extraction in pool.map(Job(n, n.encode()) for n in names)}
    assert sorted(results) == sorted(names)
    assert results["die"].status == "failed"
    assert results["die"].error.startswith(WORKER_DIED)
    assert {key: e.content.text for key, e in results.items() if key != "die"} == {
        n: n for n in names if n != "die"}
