"""The run lock on PostgreSQL: a session advisory lock, held on a connection of its own for
the run; the server releases it when that connection ends, a killed run's included."""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import SQLAlchemyError

from pipeline.database import DatabaseError, make_engine

LOCK_KEY = 0x5A1F0_17  # salvo's ingest lock, one per database (advisory locks are per database)


class AdvisoryLock:
    """`pg_try_advisory_lock` on `url`; `acquire` returns False when another session holds it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._conn: Connection | None = None

    def acquire(self) -> bool:
        engine = make_engine(self.url)
        try:
            conn = engine.connect()
            taken = conn.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY})
            conn.commit()
        except SQLAlchemyError as exc:
            engine.dispose()
            raise DatabaseError(f"cannot reach the database for the run lock: "
                                f"{getattr(exc, 'orig', None) or exc}") from exc
        if not taken:
            conn.close()
            engine.dispose()
            return False
        self._conn = conn
        return True

    def release(self) -> None:
        if self._conn is not None:
            engine = self._conn.engine
            self._conn.close()  # the session ends: the lock with it
            engine.dispose()
            self._conn = None
