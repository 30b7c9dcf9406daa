"""Worker processes that extract documents, with a per-document time limit.

The parent stays the single writer. Extractors are forked from a fork server that has loaded
the spaCy pipeline once and run a warm-up document (`pipeline.run.preload`), so each starts at
once and they share the model's memory. While the server loads, a reader process, which needs
no spaCy, reads documents (`pipeline.read`): the ones that cannot hold a claim are finished
there, the others wait for an extractor to extract their claims. Once the extractors are up,
the reader stops. A worker that exceeds the time limit is killed (an extractor is replaced)
and its document comes back as `timed_out`; a worker that dies comes back as `failed`. Workers
start only when the first document needs extracting, so a run with nothing new never loads
the model.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing as mp
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext

from pipeline.records import WORKER_DIED, Extraction, ReadDocument
from pipeline.run.interrupt import ignore_interrupts
from pipeline.run.parent import die_with_parent, exit_if_run_gone
from pipeline.settings import MODEL_ENV, Settings, spacy_model

STARTUP_TIMEOUT_S = 300.0
READY = "ready"
PRELOAD = "pipeline.run.preload"  # imported by the fork server before it forks an extractor
BLAS_THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")  # 1 in the workers
_MAIN_LOCK = threading.Lock()  # processes are started from two threads (see `_Launch`)


class WorkerStartError(RuntimeError):
    """A worker could not start (the spaCy model failed to load, say)."""


@dataclass(frozen=True)
class Job:
    """A document to extract: its bytes, or its `ReadDocument` when only claims are left."""

    key: str
    data: bytes | ReadDocument
    time_s: float | None = None  # the time left for it; None: the whole per-document limit


# A worker's main loop: sends (READY, None) once it can work, or ("error", message) if it
# cannot; then answers every `Job` it receives with (job.key, result) until it gets None.
Serve = Callable[[Connection, Settings], None]


def _worker_main(serve: Serve, conn: Connection, settings: Settings) -> None:
    """Every worker process: it dies with its parent and leaves Ctrl-C to the run, then
    serves."""
    die_with_parent()
    exit_if_run_gone()
    ignore_interrupts()
    serve(conn, settings)


def _serve(conn: Connection, settings: Settings) -> None:
    """Extractor main loop: the pipeline (loaded by the fork server, or now), then extract
    what the parent sends until None."""
    from pipeline.claims.nlp.factory import shared_pipeline
    from pipeline.extract import extract_document

    try:
        nlp = shared_pipeline(settings.spacy_model)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send(("error", f"cannot load the spaCy pipeline: {type(exc).__name__}: {exc}"))
        return
    conn.send((READY, None))
    while (job := conn.recv()) is not None:
        conn.send((job.key, extract_document(job.data, settings, lambda: nlp)))


def _serve_reader(conn: Connection, settings: Settings) -> None:
    """Reader main loop: read what the parent sends, up to the claims, until None."""
    from pipeline.read import read_document

    gc.freeze()  # the imported modules stay out of the collections: a few per cent faster
    conn.send((READY, None))
    while (job := conn.recv()) is not None:
        conn.send((job.key, read_document(job.data, settings)))


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Keep a child from re-importing the parent's `__main__`.

    multiprocessing imports it in every spawned child, so that targets defined there can be
    found; ours are not, and `__main__` is the CLI or the benchmark, whose SQLAlchemy and
    Alembic imports cost each worker half a second and some 40 MB for nothing.
    """
    with _MAIN_LOCK:
        main = sys.modules["__main__"]
        names = ("__spec__", "__file__")
        saved = {name: main.__dict__[name] for name in names if name in main.__dict__}
        main.__spec__ = None
        main.__dict__.pop("__file__", None)
        try:
            yield
        finally:
            main.__dict__.update(saved)


@contextlib.contextmanager
def _worker_environment(model: str) -> Iterator[None]:
    """The environment the workers started meanwhile inherit: `model` named for `PRELOAD`, and
    one BLAS thread per process unless the user chose otherwise (the workers are the
    parallelism: two extractors on two cores, each with two BLAS threads, parsed four times
    slower)."""
    changes = {MODEL_ENV: model, **{name: "1" for name in BLAS_THREADS if name not in os.environ}}
    saved = {name: os.environ.get(name) for name in changes}
    os.environ.update(changes)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                del os.environ[name]
            else:
                os.environ[name] = value


def _extractor_context(model: str) -> BaseContext:
    """The fork server context, its server started (or already running) with
    `_worker_environment`."""
    context = mp.get_context("forkserver")
    context.set_forkserver_preload([PRELOAD])
    with _worker_environment(model), _main_module_hidden():
        forkserver.ensure_running()
    return context


class _Worker:
    def __init__(self, context: BaseContext, settings: Settings, target: Serve) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(target, child, settings),
                                       daemon=True)
        with _main_module_hidden():
            self.process.start()
        child.close()
        self.job: Job | None = None
        self.sent_at = 0.0
        self.deadline = 0.0

    def wait_ready(self) -> None:
        if not self.conn.poll(STARTUP_TIMEOUT_S):
            self.kill()
            raise WorkerStartError("worker did not start in time")
        try:
            tag, message = self.conn.recv()
        except EOFError:
            raise WorkerStartError("worker exited while starting") from None
        if tag != READY:
            raise WorkerStartError(message)

    def send(self, job: Job, default_time_s: float) -> None:
        self.job, self.sent_at = job, time.monotonic()
        self.deadline = self.sent_at + (default_time_s if job.time_s is None else job.time_s)
        self.conn.send(job)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def retire(self) -> None:
        """Ask the worker to exit once its job is done, without waiting for it."""
        with contextlib.suppress(OSError):
            self.conn.send(None)

    def stop(self) -> None:
        self.retire()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()


class _Launch:
    """Starts extractors on a thread, so that the parent goes on serving the reader while the
    fork server loads the model; `signal` becomes readable when they are ready or failed."""

    def __init__(self, context: BaseContext, settings: Settings, target: Serve,
                 count: int) -> None:
        self.signal, self._done = mp.Pipe(duplex=False)
        self.deadline = time.monotonic() + STARTUP_TIMEOUT_S
        self.workers: list[_Worker] = []
        self.error: WorkerStartError | None = None
        self._lock = threading.Lock()
        self._finished = self._cancelled = False
        self._thread = threading.Thread(target=self._start, args=(context, settings, target,
                                                                  count), daemon=True)
        self._thread.start()

    def _start(self, context: BaseContext, settings: Settings, target: Serve,
               count: int) -> None:
        try:
            for _ in range(count):
                self.workers.append(_Worker(context, settings, target))
            for worker in self.workers:
                worker.wait_ready()
        except WorkerStartError as exc:
            self.error = exc
        except Exception as exc:  # noqa: BLE001 - the thread's boundary: whatever ends the
            # start (an EOFError when the fork server dies, say) must reach the parent, which
            # would otherwise wait for `signal` forever
            self.error = WorkerStartError(f"cannot start an extractor: {type(exc).__name__}: "
                                          f"{exc}".rstrip(": "))
        with self._lock:
            self._finished = True
            cancelled = self._cancelled
        if cancelled:
            self._stop_all()
        self._done.send(None)

    def result(self) -> list[_Worker]:
        """The started workers; raises `WorkerStartError` if one could not start."""
        self._thread.join()
        self.signal.close()
        if self.error is not None:
            for worker in self.workers:
                worker.kill()
            raise self.error
        return self.workers

    def cancel(self) -> None:
        """Stop the workers, now if they have started, else as soon as they have."""
        with self._lock:
            self._cancelled = True
            finished = self._finished
        if finished:
            self._stop_all()

    def _stop_all(self) -> None:
        for worker in self.workers:
            worker.stop()


class _Backlog:
    """Jobs waiting for a worker: read documents (their claims only) first, then new ones,
    taken from the caller's iterable as needed."""

    def __init__(self, jobs: Iterable[Job]) -> None:
        self._new = iter(jobs)
        self._next: Job | None = None
        self._read: deque[Job] = deque()

    def add_read(self, job: Job) -> None:
        self._read.append(job)

    def empty(self) -> bool:
        if self._read or self._next is not None:
            return False
        self._next = next(self._new, None)
        return self._next is None

    def take(self) -> Job | None:
        """The next job of any kind, or None."""
        return self._read.popleft() if self._read else self.take_new()

    def take_new(self) -> Job | None:
        """The next document not read yet, or None."""
        job, self._next = self._next, None
        return job if job is not None else next(self._new, None)


class WorkerPool:
    """Runs `Job`s on `settings.workers` extractors (and a reader while they start) and yields
    (job, extraction) as they finish.

    `target` is the extractors' main loop and `reader` the reader's (None: no reader); tests
    give ones that misbehave on purpose.
    """

    def __init__(self, settings: Settings, target: Serve = _serve,
                 reader: Serve | None = _serve_reader) -> None:
        self._model = spacy_model(settings)
        self.settings = dataclasses.replace(settings, spacy_model=self._model)
        self._target = target
        self._reader_target = reader
        self._workers: list[_Worker] = []  # the extractors
        self._reader: _Worker | None = None
        self._retired: list[_Worker] = []  # the reader once the extractors are up
        self._launch: _Launch | None = None

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        """Stop the workers: let them finish, or kill them when the run ends on an
        exception (an interrupt, a fatal error), which must not wait for them."""
        if self._launch is not None:
            self._launch.cancel()
            self._launch = None
        for worker in [*self._workers, *([self._reader] if self._reader else []),
                       *self._retired]:
            if exc_type is None:
                worker.stop()
            else:
                worker.kill()
        self._workers.clear()
        self._retired.clear()
        self._reader = None

    def map(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Extraction]]:
        """Each job with its extraction, in the order they finish.

        A worker is given its next job before its finished one is handed back, so it keeps
        working while the caller stores the result.
        """
        backlog = _Backlog(jobs)
        busy: dict[Connection, _Worker] = {}
        finished: list[tuple[Job, Extraction]] = []
        while True:
            self._start(backlog)
            self._dispatch(backlog, busy)
            yield from finished
            if not busy and backlog.empty():
                return
            finished = list(self._collect(backlog, busy))

    def _start(self, backlog: _Backlog) -> None:
        """Launch the missing extractors, and the reader when there are none, if there is
        work."""
        missing = self.settings.workers - len(self._workers)
        if missing <= 0 or self._launch is not None or backlog.empty():
            return
        reader = None
        if self._reader_target is not None and not self._workers and self._reader is None:
            with _worker_environment(self._model):
                reader = self._reader = _Worker(mp.get_context("spawn"), self.settings,
                                                self._reader_target)
        context = _extractor_context(self._model)
        self._launch = _Launch(context, self.settings, self._target, missing)
        if reader is not None:
            reader.wait_ready()

    def _dispatch(self, backlog: _Backlog, busy: dict[Connection, _Worker]) -> None:
        """Give idle extractors jobs, read documents first, and the reader a new document
        while there are no extractors; once there are, the reader stops."""
        for worker in self._workers:
            if worker.conn not in busy and (job := backlog.take()) is not None:
                self._send(worker, job, busy)
        reader = self._reader
        if reader is None or reader.conn in busy:
            return
        if self._workers:
            reader.retire()  # joined when the pool closes: the extractors need the parent now
            self._retired.append(reader)
            self._reader = None
        elif (job := backlog.take_new()) is not None:
            self._send(reader, job, busy)

    def _send(self, worker: _Worker, job: Job, busy: dict[Connection, _Worker]) -> None:
        worker.send(job, self.settings.timeout_s)
        busy[worker.conn] = worker

    def _collect(self, backlog: _Backlog, busy: dict[Connection, _Worker]
                 ) -> Iterator[tuple[Job, Extraction]]:
        """Wait for results, or for the launched extractors; yield the finished documents and
        queue the read ones for their claims, in the time they have left."""
        waiting: list[Connection] = list(busy)
        deadlines = [w.deadline for w in busy.values()]
        if self._launch is not None:
            waiting.append(self._launch.signal)
            deadlines.append(self._launch.deadline)
        ready = wait(waiting, timeout=max(0.0, min(deadlines, default=0.0) - time.monotonic()))
        if self._launch is not None and self._launch.signal in ready:
            launch, self._launch = self._launch, None
            self._workers += launch.result()
        elif self._launch is not None and self._launch.deadline <= time.monotonic():
            raise WorkerStartError(f"the extractors did not start in {STARTUP_TIMEOUT_S:g} s")
        for conn in ready:
            worker = busy.pop(conn, None)
            if worker is None:
                continue
            job = worker.job
            try:
                _key, result = conn.recv()
            except (EOFError, OSError):
                self._replace(worker)  # joins the process, so its exit code is known
                code = worker.process.exitcode
                yield job, Extraction(None, status="failed", stage="worker",
                                      error=f"{WORKER_DIED} (exit code {code})")
                continue
            if isinstance(result, ReadDocument):
                time_left = self.settings.timeout_s - (time.monotonic() - worker.sent_at)
                backlog.add_read(Job(job.key, result, max(0.0, time_left)))
            else:
                yield job, result
        now = time.monotonic()
        for conn, worker in list(busy.items()):
            if worker.deadline <= now:
                del busy[conn]
                job = worker.job
                self._replace(worker)
                yield job, Extraction(None, status="timed_out", stage="timeout",
                                      error=f"extraction took over {self.settings.timeout_s:g} s")

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker; an extractor is launched anew when there is work for it."""
        worker.kill()
        if worker is self._reader:
            self._reader = None
        else:
            self._workers.remove(worker)
