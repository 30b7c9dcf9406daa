"""The run lock: one ingest per database at a time, released by the kernel if the process dies.

The lock is keyed on the database file itself (its inode), not on the name it is given: a hard
link or a path through a symlink reaches the same lock, so two runs never write one file. The
pid of the holder is written beside it, in `<database>.lock`, for people to read. On
PostgreSQL the lock is an advisory lock in the database itself (`pipeline.postgres.lock`), so
that runs from several machines exclude each other too.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from pipeline.database import DatabaseError, database_url, sqlite_path
from pipeline.postgres.lock import AdvisoryLock


class LockHeld(RuntimeError):
    """Another salvo run holds the lock on this database."""


class RunLock:
    """An exclusive, non-blocking `flock` on the SQLite file (an empty file is a new database
    to SQLite), or on a file in the temporary folder for a database server's URL."""

    def __init__(self, db: str) -> None:
        url = database_url(db)
        path = sqlite_path(url)
        self._advisory = AdvisoryLock(url) if url.startswith("postgresql") else None
        if path is None:
            digest = hashlib.sha256(url.encode()).hexdigest()[:16]
            path = Path(tempfile.gettempdir()) / f"salvo-{digest}.db"
        self.target = path
        self.path = path.with_name(path.name + ".lock")
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock or raise `LockHeld`; `DatabaseError` if the file cannot be opened."""
        if self._advisory is not None:
            if not self._advisory.acquire():
                raise LockHeld("another salvo run is using this database (PostgreSQL advisory "
                               "lock held)")
            return
        fd = self._open(self.target, os.O_RDONLY | os.O_CREAT)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockHeld(f"another salvo run is using this database ({self.target})"
                           ) from None
        self._fd = fd
        pid_fd = self._open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        os.write(pid_fd, f"{os.getpid()}\n".encode())
        os.close(pid_fd)

    def release(self) -> None:
        if self._advisory is not None:
            self._advisory.release()
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def _open(self, path: Path, flags: int) -> int:
        try:
            return os.open(path, flags, 0o644)
        except OSError as exc:
            self.release()
            raise DatabaseError(f"cannot open {path} for the run lock: "
                                f"{exc.strerror or exc}") from exc
