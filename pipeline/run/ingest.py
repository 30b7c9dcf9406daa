"""Batch ingest: discovery, change detection, extraction in workers, one writer.

Input: paths and `Settings`. Output: the database brought up to date and an `IngestReport`
with the run's counts and exit code. Unchanged files (same path, size, mtime and ruleset) are
skipped without being read; known content under a new path is linked without extraction; every
document is written in its own transaction, so a killed run loses at most the one in flight.
A WARC file's HTML responses are documents of their own (`pipeline.sources.warc`), checked the
same way before their payload is read; its other responses are counted as skipped. The
extraction runs in local worker processes, or on a Dask cluster (`pipeline.cluster`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from pipeline import __version__, exit_codes, migrations
from pipeline.cluster import ClusterError
from pipeline.database import DatabaseError, check_integrity, make_engine
from pipeline.migrations import SchemaError
from pipeline.records import Extraction
from pipeline.ruleset import ruleset_version
from pipeline.run.interrupt import Interrupted
from pipeline.run.lock import RunLock
from pipeline.run.workers import Job, WorkerPool, WorkerStartError
from pipeline.settings import Settings
from pipeline.sources.files import SourceFile, SourceProblem, discover, is_warc_name
from pipeline.sources.warc import SKIPPED, WarcError, read_warc
from pipeline.store import ArticleState, PathState, Store

if TYPE_CHECKING:
    from pipeline.cluster.pool import DaskPool


class ReadError(OSError):
    """A file could not be read whole and unchanged."""


@dataclass
class Counts:
    files_seen: int = 0
    extracted: int = 0
    unchanged: int = 0
    duplicates: int = 0
    failed: int = 0
    events: int = 0
    skipped: int = 0  # WARC responses that are not HTML pages with status 200

    def as_dict(self) -> dict[str, int]:
        return dict(vars(self))


@dataclass
class IngestReport:
    run_id: int
    counts: Counts = field(default_factory=Counts)

    @property
    def exit_code(self) -> int:
        return exit_codes.PARTIAL if self.counts.failed else exit_codes.OK


Tick = Callable[[str], None]


class Ingest:
    """One ingest run over a store; `tick` is called once per file, for progress display."""

    def __init__(self, store: Store, settings: Settings, tick: Tick | None = None) -> None:
        self.store = store
        self.settings = settings
        self.ruleset = f"{ruleset_version()}/{settings.attributions}"  # rules and speech mode
        self.tick = tick or (lambda _path: None)
        self.paths: dict[str, PathState] = {}
        self.articles: dict[str, ArticleState] = {}
        self.waiting: dict[str, list[SourceFile]] = {}  # content in flight -> later paths
        self.done: set[str] = set()  # content extracted by this run
        self.run_id: int | None = None
        self.counts = Counts()

    def run(self, files: list[SourceFile | SourceProblem], command: str) -> IngestReport:
        self.run_id = self.store.start_run(command, __version__, self.ruleset,
                                           self.settings.attributions)
        report = IngestReport(self.run_id, self.counts)
        self.paths = self.store.known_paths()
        self.articles = self.store.known_articles()
        with _pool(self.settings) as pool:
            jobs = self._jobs(files, report)
            for job, extraction in pool.map(jobs):
                self._save(report, job, extraction)
        return report

    def _jobs(self, files: list[SourceFile | SourceProblem], report: IngestReport
              ) -> Iterator[Job]:
        for item in files:
            if isinstance(item, SourceProblem):
                self._fail(report, item.path, "read", item.reason)
                continue
            if is_warc_name(item.path):
                yield from self._warc_jobs(item, report)
                continue
            report.counts.files_seen += 1
            if self._unchanged(item):
                report.counts.unchanged += 1
                self.tick(item.path)
                continue
            try:
                item, data = read_file(item, self.settings.max_file_bytes)
            except ReadError as exc:
                self._fail(report, item.path, "read", str(exc))
                continue
            digest = hashlib.sha256(data).hexdigest()
            if self._known(report, item, digest):
                continue
            self.waiting[digest] = [item]
            yield Job(digest, data)

    def _warc_jobs(self, warc: SourceFile, report: IngestReport) -> Iterator[Job]:
        """The HTML responses of a WARC file not stored yet; a payload is read only then."""
        try:
            for document in read_warc(warc.path):
                if document == SKIPPED:
                    report.counts.skipped += 1
                    continue
                report.counts.files_seen += 1
                item, digest = document.source, document.digest
                if self._unchanged(item):
                    report.counts.unchanged += 1
                    self.tick(item.path)
                elif not self._known(report, item, digest):
                    try:
                        data = document.read(self.settings.max_file_bytes)
                    except WarcError as exc:
                        self._fail(report, item.path, "read", str(exc))
                        continue
                    self.waiting[digest] = [item]
                    yield Job(digest, data)
        except WarcError as exc:
            self._fail(report, warc.path, "read", f"{exc}; the records before were read")

    def _known(self, report: IngestReport, item: SourceFile, digest: str) -> bool:
        """Link `item` to its content when that is stored already or being extracted."""
        if digest in self.waiting:
            self.waiting[digest].append(item)
        elif self._current(digest):
            self.store.link_path(item, digest)
            report.counts.duplicates += 1
            self.tick(item.path)
        else:
            return False
        return True

    def _save(self, report: IngestReport, job: Job, extraction: Extraction) -> None:
        first, *others = self.waiting.pop(job.key)
        report.counts.events += self.store.save(report.run_id, first, job.key, self.ruleset,
                                                extraction)
        self.done.add(job.key)
        report.counts.extracted += 1
        if extraction.status in ("no_article", "failed", "timed_out"):
            report.counts.failed += 1
        for item in others:
            self.store.link_path(item, job.key)
            report.counts.duplicates += 1
        for item in (first, *others):
            self.tick(item.path)

    def _unchanged(self, item: SourceFile) -> bool:
        known = self.paths.get(item.path)
        return (not self.settings.force and known is not None
                and (known.size, known.mtime_ns) == (item.size, item.mtime_ns)
                and self._current(known.content_hash))

    def _current(self, digest: str) -> bool:
        """Whether the content is stored as this run would store it: extracted by this run, or
        before with these rules, unless `--force` or a transient failure with tries left."""
        if digest in self.done:
            return True
        state = self.articles.get(digest)
        return (not self.settings.force and state is not None
                and state.ruleset_version == self.ruleset and not self._retry(state))

    def _retry(self, state: ArticleState) -> bool:
        return state.transient and state.attempts < self.settings.max_attempts

    def _fail(self, report: IngestReport, path: str, stage: str, error: str) -> None:
        self.store.record_error(report.run_id, path, stage, error)
        report.counts.failed += 1
        self.tick(path)


def _pool(settings: Settings) -> WorkerPool | DaskPool:
    """Local worker processes, or the Dask cluster `--cluster` names."""
    if settings.cluster is None:
        return WorkerPool(settings)
    try:
        from pipeline.cluster.pool import DaskPool
    except ImportError as exc:
        raise ClusterError(f"--cluster needs Dask: pip install 'salvo[scale]' ({exc})") from exc
    return DaskPool(settings)


def read_file(item: SourceFile, max_bytes: int) -> tuple[SourceFile, bytes]:
    """The file as it is now and its bytes; refuses files over `max_bytes` or changing as read."""
    try:
        # O_NONBLOCK: a path swapped for a FIFO since discovery must not block the run
        with open(os.open(item.path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                raise ReadError("not a regular file")
            if before.st_size > max_bytes:
                raise ReadError(f"file is {before.st_size} bytes, over the limit of {max_bytes}")
            data = handle.read(max_bytes + 1)
            after = os.fstat(handle.fileno())
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise ReadError(f"file grew past the limit of {max_bytes} bytes while being read")
    if ((before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns)
            or len(data) != after.st_size):
        raise ReadError("file changed while being read; it will be read again next run")
    return SourceFile(item.path, after.st_size, after.st_mtime_ns), data


def collect(paths: list[str], follow_symlinks: bool = False
            ) -> list[SourceFile | SourceProblem]:
    """All files under `paths`, listed before the run so that progress has a total."""
    return list(discover(paths, follow_symlinks))


class FatalError(RuntimeError):
    """The run cannot go on: database unreachable or full, schema too new, model missing."""


def run_ingest(paths: list[str], settings: Settings, command: str,
               tick_factory: Callable[[int | None], Tick] | None = None) -> IngestReport:
    """Lock the database, bring its schema to head, ingest `paths` and close the run.

    Raises `LockHeld` when another run holds the lock, `FatalError` when the run cannot go on,
    `Interrupted` (the run marked `interrupted`) when a signal stopped it.
    """
    lock = RunLock(settings.db)
    try:
        lock.acquire()
    except DatabaseError as exc:
        raise FatalError(str(exc)) from exc
    try:
        return _run_locked(paths, settings, command, tick_factory)
    finally:
        lock.release()


def _run_locked(paths: list[str], settings: Settings, command: str,
                tick_factory: Callable[[int | None], Tick] | None) -> IngestReport:
    try:
        engine = make_engine(settings.db)
        check_integrity(engine)
        migrations.upgrade(engine)
    except (DatabaseError, SchemaError, SQLAlchemyError, OSError) as exc:
        raise FatalError(_fatal_message(exc)) from exc
    store = Store(engine)
    files = collect(paths, settings.follow_symlinks)
    # a WARC file holds an unknown number of documents: then the progress has no total
    total = None if any(is_warc_name(f.path) for f in files) else len(files)
    ingest = Ingest(store, settings, tick_factory(total) if tick_factory else None)
    try:
        report = ingest.run(files, command)
        _refresh_ledger(engine)
        status = "partial" if report.counts.failed else "ok"
        store.finish_run(report.run_id, status=status, exit_code=report.exit_code,
                         counts=report.counts.as_dict())
    except (SQLAlchemyError, WorkerStartError, ClusterError, OSError) as exc:
        _close(store, ingest, "fatal", exit_codes.FATAL, _fatal_message(exc))
        raise FatalError(_fatal_message(exc)) from exc
    except Interrupted as exc:
        _close(store, ingest, "interrupted", exc.exit_code, f"stopped by {exc}")
        exc.run_id = ingest.run_id
        raise
    finally:
        engine.dispose()
    return report


def _refresh_ledger(engine) -> None:
    """The claims of the articles added, changed or removed, in one transaction (imported here:
    numpy and the ledger's rules stay out of a run's start)."""
    from pipeline.ledger.refresh import refresh_ledger

    refresh_ledger(engine)


def _close(store: Store, ingest: Ingest, status: str, exit_code: int, message: str) -> None:
    """Best effort: mark the open run ended; the database itself may be what failed."""
    if ingest.run_id is None:
        return
    with contextlib.suppress(SQLAlchemyError):
        store.finish_run(ingest.run_id, status=status, exit_code=exit_code,
                         counts=ingest.counts.as_dict(), message=message[:2000])


def _fatal_message(exc: BaseException) -> str:
    if isinstance(exc, SQLAlchemyError) and getattr(exc, "orig", None) is not None:
        return f"database error: {exc.orig}"
    return str(exc)
