"""Engines for salvo's database: SQLite tuned for a single writer, or any SQLAlchemy URL.

SQLite connections get WAL, foreign keys, a busy timeout, and `BEGIN IMMEDIATE` for every
transaction: a transaction that reads then writes would otherwise fail at once with
"database is locked", whatever the timeout.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.exc import DatabaseError as SQLDatabaseError

BUSY_TIMEOUT_MS = 10_000
DRIVER_PACKAGES = {"psycopg": "'psycopg[binary]'", "psycopg2": "psycopg2-binary",
                   "pymysql": "pymysql", "MySQLdb": "mysqlclient"}  # module -> package on PyPI


class DatabaseError(RuntimeError):
    """The database cannot be opened or used; the run is fatal."""


def database_url(db: str) -> str:
    """A SQLAlchemy URL for `db`, which is either a URL or a file path."""
    if "://" in db:
        try:
            make_url(db)
        except ArgumentError as exc:
            raise DatabaseError(f"invalid database URL {db!r}: {exc}") from exc
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, None for other databases or in-memory SQLite."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def make_engine(db: str, *, read_only: bool = False) -> Engine:
    """An engine for `db`; read-only SQLite engines open the file with mode=ro."""
    url = database_url(db)
    path = sqlite_path(url)
    if path is None:
        try:
            return create_engine(url)
        except ImportError as exc:
            package = DRIVER_PACKAGES.get(exc.name or "", exc.name)
            raise DatabaseError(f"{make_url(url).get_backend_name()} needs a driver that is not "
                                f"installed: pip install {package}") from exc
    if read_only:
        if not path.exists():
            raise DatabaseError(f"no database at {path}")
        engine = create_engine("sqlite://", creator=lambda: _connect_ro(path))
    else:
        if not path.parent.is_dir():
            raise DatabaseError(f"folder {path.parent} does not exist")
        engine = create_engine(url)
    _tune_sqlite(engine, read_only)
    return engine


def check_integrity(engine: Engine) -> None:
    """Raise `DatabaseError` when SQLite's `quick_check` finds a corrupt page (it reads every
    page once, without the slower index cross-checks); other databases are left to their server.
    """
    if engine.dialect.name != "sqlite":
        return
    try:
        with engine.connect() as conn:
            problems = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check(5)")]
    except SQLDatabaseError as exc:  # a page too broken for quick_check to report on
        if getattr(exc.orig, "sqlite_errorcode", 0) & 0xFF != sqlite3.SQLITE_CORRUPT:
            raise
        problems = [str(exc.orig)]
    if problems != ["ok"]:
        raise DatabaseError(f"the database is corrupt ({'; '.join(problems)[:300]}); nothing "
                            "was written: restore it from a backup, or try sqlite3's .recover")


def _connect_ro(path: Path):
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)


def _tune_sqlite(engine: Engine, read_only: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
