"""The run lock: one ingest per database at a time, released by the kernel if the process dies."""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from pathlib import Path

from pipeline.database import DatabaseError, database_url, sqlite_path


class LockHeld(RuntimeError):
    """Another salvo run holds the lock on this database."""


class RunLock:
    """An exclusive, non-blocking `flock` on a file beside the database."""

    def __init__(self, db: str) -> None:
        url = database_url(db)
        path = sqlite_path(url)
        if path is None:
            digest = hashlib.sha256(url.encode()).hexdigest()[:16]
            path = Path(tempfile.gettempdir()) / f"salvo-{digest}.db"
        self.path = path.with_name(path.name + ".lock")
        self._fd: int | None = None

    def __enter__(self) -> RunLock:
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Take the lock or raise `LockHeld`; `DatabaseError` if the lock file cannot be made."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise DatabaseError(f"cannot create the lock file {self.path}: "
                                f"{exc.strerror or exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockHeld(f"another salvo run is using this database (lock {self.path})") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
