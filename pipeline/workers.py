"""Worker processes that extract documents, with a per-document time limit.

Each worker loads the spaCy pipeline once, then extracts the documents it is sent; the parent
stays the single writer. A worker that exceeds the time limit is killed and replaced, and its
document comes back as `timed_out`; a worker that dies comes back as `failed`. Workers start only
when the first document needs extracting, so a run with nothing new never loads the model.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing as mp
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from pipeline.records import Extraction
from pipeline.settings import Settings

STARTUP_TIMEOUT_S = 300.0
READY = "ready"


class WorkerStartError(RuntimeError):
    """A worker could not start (the spaCy model failed to load, say)."""


@dataclass(frozen=True)
class Job:
    key: str
    data: bytes


# A worker's main loop: sends (READY, None) once it can work, or ("error", message) if it
# cannot; then answers every `Job` it receives with (job.key, Extraction) until it gets None.
Serve = Callable[[Connection, Settings], None]


def _serve(conn: Connection, settings: Settings) -> None:
    """Worker main loop: load the pipeline, then extract what the parent sends until None."""
    from pipeline.language import load_classifier_in_background

    load_classifier_in_background()  # overlaps the imports and model load below
    from pipeline.extract import extract_document
    from pipeline.nlp.factory import load_pipeline

    try:
        nlp = load_pipeline(settings.spacy_model)
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which stops the run
        conn.send(("error", f"cannot load the spaCy pipeline: {type(exc).__name__}: {exc}"))
        return
    conn.send((READY, None))
    while (job := conn.recv()) is not None:
        conn.send((job.key, extract_document(job.data, settings, lambda: nlp)))


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Keep a spawned child from re-importing the parent's `__main__`.

    multiprocessing's spawn imports it in every child, so that targets defined there can be
    found; ours are not, and `__main__` is the CLI or the benchmark, whose SQLAlchemy and
    Alembic imports cost each worker half a second and some 40 MB for nothing.
    """
    main = sys.modules["__main__"]
    names = ("__spec__", "__file__")
    saved = {name: main.__dict__[name] for name in names if name in main.__dict__}
    main.__spec__ = None
    main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        main.__dict__.update(saved)


class _Worker:
    def __init__(self, ctx: mp.context.SpawnContext, settings: Settings, target: Serve) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=target, args=(child, settings), daemon=True)
        with _main_module_hidden():
            self.process.start()
        child.close()
        self.job: Job | None = None
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

    def send(self, job: Job, timeout_s: float) -> None:
        self.job, self.deadline = job, time.monotonic() + timeout_s
        self.conn.send(job)

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.kill()


class WorkerPool:
    """Runs `Job`s on `settings.workers` processes and yields (job, extraction) as they finish.

    `target` is the worker's main loop; tests give one that misbehaves on purpose.
    """

    def __init__(self, settings: Settings, target: Serve = _serve) -> None:
        self.settings = settings
        self._target = target
        self._ctx = mp.get_context("spawn")
        self._workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers.clear()

    def map(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, Extraction]]:
        """Each job with its extraction, in the order they finish.

        A worker is given its next job before its finished one is handed back, so it keeps
        working while the caller stores the result.
        """
        pending = iter(jobs)
        busy: dict[Connection, _Worker] = {}
        idle: list[_Worker] = list(self._workers)
        self._dispatch(pending, busy, idle)
        while busy:
            finished = list(self._collect(busy, idle))
            self._dispatch(pending, busy, idle)
            yield from finished

    def _dispatch(self, pending: Iterator[Job], busy: dict[Connection, _Worker],
                  idle: list[_Worker]) -> None:
        """Send jobs to idle workers, starting workers (all at once) up to the limit."""
        free = len(idle) + self.settings.workers - len(self._workers)
        jobs = list(itertools.islice(pending, free))
        idle += self._spawn(len(jobs) - len(idle))
        for job in jobs:
            worker = idle.pop()
            worker.send(job, self.settings.timeout_s)
            busy[worker.conn] = worker

    def _spawn(self, count: int) -> list[_Worker]:
        """Start `count` workers side by side, then wait until each has loaded its pipeline."""
        workers = [_Worker(self._ctx, self.settings, self._target) for _ in range(count)]
        self._workers += workers
        for worker in workers:
            worker.wait_ready()
        return workers

    def _collect(self, busy: dict[Connection, _Worker], idle: list[_Worker]
                 ) -> Iterator[tuple[Job, Extraction]]:
        timeout = max(0.0, min(w.deadline for w in busy.values()) - time.monotonic())
        for conn in wait(list(busy), timeout=timeout):
            worker = busy.pop(conn)
            job = worker.job
            try:
                _key, extraction = conn.recv()
            except (EOFError, OSError):
                self._replace(worker)  # joins the process, so its exit code is known
                code = worker.process.exitcode
                extraction = Extraction(None, status="failed", stage="worker",
                                        error=f"worker process died (exit code {code})")
            else:
                idle.append(worker)
            yield job, extraction
        now = time.monotonic()
        for conn, worker in list(busy.items()):
            if worker.deadline <= now:
                del busy[conn]
                job = worker.job
                self._replace(worker)
                yield job, Extraction(None, status="timed_out", stage="timeout",
                                      error=f"extraction took over {self.settings.timeout_s:g} s")

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._workers.remove(worker)
