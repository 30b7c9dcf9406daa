"""Worker processes: results independent of the number of workers; a document that hangs is
killed at the time limit and one that kills its worker is recorded, while the rest complete;
the reader works while the extractors start, and they finish the documents it read; workers
start with one BLAS thread."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import time
import types
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from pathlib import Path

import pytest
from conftest import (
    FIXTURES,
    descendants,
    query,
    salvo,
    wait_for_workers,
    wait_until_gone,
)

from pipeline.records import ArticleContent, Extraction, ReadDocument
from pipeline.run import workers
from pipeline.run.lock import RunLock
from pipeline.run.workers import (
    BLAS_THREADS,
    READY,
    Job,
    WorkerPool,
    WorkerStartError,
    _extractor_context,
    _worker_environment,
)
from pipeline.settings import MODEL_ENV, Settings, default_model

EXTRACTORS_START_S = 2.0  # the slow extractors' start, long enough for the reader to work


def _content(text: str) -> ArticleContent:
    return ArticleContent(text=text, kind="text", encoding="utf-8")


def _serve_misbehaving(conn: Connection, settings: Settings) -> None:
    """A worker loop without spaCy: b"hang" never returns, b"die" kills the worker."""
    conn.send((READY, None))
    while (job := conn.recv()) is not None:
        if job.data == b"hang":
            time.sleep(3600)
        if job.data == b"die":
            os._exit(3)
        conn.send((job.key, Extraction(_content(job.data.decode()))))


def _serve_slow_extractor(conn: Connection, settings: Settings) -> None:
    """An extractor that takes a while to start, then marks what it did in the text."""
    time.sleep(EXTRACTORS_START_S)
    conn.send((READY, None))
    while (job := conn.recv()) is not None:
        if isinstance(job.data, ReadDocument):
            text = f"claims of {job.data.content.text} in {job.time_s:.0f} s"
        else:
            text = f"extracted {job.data.decode()}"
        conn.send((job.key, Extraction(_content(text))))


def _serve_reader(conn: Connection, settings: Settings) -> None:
    """A reader: b"claims ..." needs an extractor, b"hang" and b"die" misbehave."""
    conn.send((READY, None))
    while (job := conn.recv()) is not None:
        if job.data == b"hang":
            time.sleep(3600)
        if job.data == b"die":
            os._exit(3)
        text = job.data.decode()
        result = (ReadDocument(_content(text), timings=()) if text.startswith("claims")
                  else Extraction(_content(f"read {text}")))
        conn.send((job.key, result))


def _serve_environment(conn: Connection, settings: Settings) -> None:
    """A reader that answers every document with the BLAS thread counts it runs with."""
    conn.send((READY, None))
    while (job := conn.recv()) is not None:
        threads = " ".join(os.environ.get(name, "unset") for name in BLAS_THREADS)
        conn.send((job.key, Extraction(_content(threads))))


def test_worker_environment_names_the_model_and_one_blas_thread(monkeypatch):
    monkeypatch.setenv(BLAS_THREADS[0], "4")  # the user's choice stands
    for name in BLAS_THREADS[1:]:
        monkeypatch.delenv(name, raising=False)
    with _worker_environment("some_model"):
        assert os.environ[MODEL_ENV] == "some_model"
        assert [os.environ[name] for name in BLAS_THREADS] == ["4"] + ["1"] * (
            len(BLAS_THREADS) - 1)
    assert all(name not in os.environ for name in BLAS_THREADS[1:])
    assert os.environ[BLAS_THREADS[0]] == "4"


def test_reader_runs_with_one_blas_thread(monkeypatch):
    for name in BLAS_THREADS:
        monkeypatch.delenv(name, raising=False)
    with WorkerPool(Settings(workers=1), target=_serve_slow_extractor,
                    reader=_serve_environment) as pool:
        [(_, extraction)] = list(pool.map([Job("a", b"a")]))
    assert extraction.content.text == " ".join(["1"] * len(BLAS_THREADS))
    assert all(name not in os.environ for name in BLAS_THREADS)


def test_hanging_and_crashing_documents_are_recorded_and_the_rest_complete():
    settings = Settings(workers=2, timeout_s=1.0)
    jobs = [Job(name, name.encode()) for name in ("a", "hang", "b", "die", "c", "d")]
    started = time.monotonic()
    with WorkerPool(settings, target=_serve_misbehaving, reader=None) as pool:
        results = {job.key: extraction for job, extraction in pool.map(jobs)}
    assert time.monotonic() - started < 20
    assert results["hang"].status == "timed_out"
    assert results["hang"].stage == "timeout"
    assert results["die"].status == "failed"
    assert "worker process died (exit code 3)" in results["die"].error
    done = {key: e.content.text for key, e in results.items() if e.status == "ok"}
    assert done == {"a": "a", "b": "b", "c": "c", "d": "d"}


@pytest.mark.parametrize(("target", "reader"), [(_serve_misbehaving, None),
                                                (_serve_slow_extractor, _serve_misbehaving)],
                         ids=["extractor", "reader"])
def test_workers_do_not_import_the_parents_main_module(tmp_path, monkeypatch, target, reader):
    marker = tmp_path / "imported"
    script = tmp_path / "main_script.py"
    script.write_text(f"import pathlib\npathlib.Path({str(marker)!r}).touch()\n")
    main = types.ModuleType("__main__")
    main.__file__ = str(script)
    main.__spec__ = None
    monkeypatch.setitem(sys.modules, "__main__", main)
    with WorkerPool(Settings(workers=1), target=target, reader=reader) as pool:
        [(_, extraction)] = list(pool.map([Job("a", b"a")]))
    assert extraction.status == "ok"
    assert not marker.exists()
    assert main.__file__ == str(script)


def test_pool_reuses_its_workers_across_maps():
    with WorkerPool(Settings(workers=2), target=_serve_misbehaving, reader=None) as pool:
        first = sorted(job.key for job, _ in pool.map([Job("a", b"a"), Job("b", b"b")]))
        workers = [w.process.pid for w in pool._workers]
        second = sorted(job.key for job, _ in pool.map([Job("c", b"c")]))
        assert [w.process.pid for w in pool._workers] == workers
    assert (first, second) == (["a", "b"], ["c"])


def test_reader_works_while_extractors_start_and_they_finish_what_it_read():
    keys = ["a", "claims-b", "c", "claims-d", "e"]
    with WorkerPool(Settings(workers=2, timeout_s=60), target=_serve_slow_extractor,
                    reader=_serve_reader) as pool:
        texts = {job.key: e.content.text for job, e in pool.map(
            Job(key, key.encode()) for key in keys)}
        assert pool._reader is None  # stopped once the extractors were up
    assert texts == {"a": "read a", "c": "read c", "e": "read e",
                     "claims-b": "claims of claims-b in 60 s",
                     "claims-d": "claims of claims-d in 60 s"}


@pytest.mark.parametrize(("first", "status"), [("hang", "timed_out"), ("die", "failed")])
def test_reader_that_hangs_or_dies_loses_only_its_document(first, status):
    jobs = [Job(key, key.encode()) for key in (first, "a", "b", "c")]
    with WorkerPool(Settings(workers=2, timeout_s=1.0), target=_serve_slow_extractor,
                    reader=_serve_reader) as pool:
        results = {job.key: e for job, e in pool.map(jobs)}
    assert results[first].status == status
    assert {key: results[key].content.text for key in "abc"} == {
        key: f"extracted {key}" for key in "abc"}


@pytest.mark.parametrize("started", [False, True], ids=["while-starting", "once-started"])
def test_pool_closed_around_the_extractors_start_leaves_no_process_behind(started):
    with WorkerPool(Settings(workers=2), target=_serve_slow_extractor,
                    reader=_serve_misbehaving) as pool:
        [(_, extraction)] = list(pool.map([Job("a", b"a")]))  # done by the reader
        launch = pool._launch
        assert launch is not None
        assert launch.signal.poll(60 if started else 0) is started
    assert extraction.content.text == "a"
    launch._thread.join(timeout=60)
    assert len(launch.workers) == 2
    assert not any(w.process.is_alive() for w in launch.workers)
    assert mp.active_children() == []


def test_one_and_two_workers_export_the_same(demo_db, tmp_path):
    single = tmp_path / "single.db"
    result = salvo("ingest", str(FIXTURES), "--db", str(single), "--workers", "1")
    assert result.returncode == 0, result.stderr
    exports = [salvo("export", "--db", str(db)) for db in (demo_db, single)]
    assert all(e.returncode == 0 for e in exports)
    two, one = (e.stdout.splitlines() for e in exports)
    assert len(one) == sum(1 for p in FIXTURES.iterdir() if p.is_file())
    assert two == one


def _fork_server(run_pid: int) -> int:
    """The pid of the extractors' fork server under the run, once it has started."""
    while True:
        for pid in descendants(run_pid):
            try:
                if b"forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes():
                    return pid
            except OSError:
                continue
        time.sleep(0.01)


def test_fork_server_that_dies_while_starting_ends_the_run_fatally_not_in_a_hang(
        tmp_path, corpus, start_ingest):
    db = tmp_path / "f.db"
    proc = start_ingest(corpus, db, "--workers", "1")
    wait_for_workers(proc, 2)
    server = _fork_server(proc.pid)
    time.sleep(0.5)  # the extractor asked for; the server still loads the model
    os.kill(server, signal.SIGKILL)
    workers = descendants(proc.pid)
    _out, err = proc.communicate(timeout=120)  # it used to wait forever, holding the lock
    assert proc.returncode == 3, err
    assert "cannot start an extractor" in err
    assert len(err.strip().splitlines()) == 1, err
    assert query(db, "SELECT status, exit_code FROM runs") == [("fatal", 3)]
    assert wait_until_gone(workers, 5) == set()
    with RunLock(str(db)):  # released
        pass


def test_fork_server_that_hangs_while_starting_ends_in_an_error_not_a_wait(monkeypatch):
    monkeypatch.setattr(workers, "STARTUP_TIMEOUT_S", 3.0)
    _extractor_context(default_model())  # the server this process forks extractors from
    server = forkserver._forkserver._forkserver_pid
    os.kill(server, signal.SIGSTOP)  # alive, but it never forks
    try:
        started = time.monotonic()
        with (WorkerPool(Settings(workers=1), target=_serve_misbehaving, reader=None) as pool,
              pytest.raises(WorkerStartError, match="did not start in 3 s")):
            list(pool.map([Job("a", b"a")]))
        assert time.monotonic() - started < 30  # 3 s, and room for a loaded machine
    finally:
        os.kill(server, signal.SIGKILL)  # the next pool starts a new one
