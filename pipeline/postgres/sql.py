"""Read-only SQL on PostgreSQL, for `salvo sql`: one statement in a read-only transaction with
a statement timeout, its rows out as `pipeline.sql.QueryResult`.

The transaction is `READ ONLY` (the server refuses every write, `nextval` and DDL included) and
rolled back at the end; the statement is prepared, which PostgreSQL refuses for more than one
statement, so `SELECT 1; COMMIT; DELETE ...` cannot step out of it; `statement_timeout` stops
it on the server. The rows are fetched whole before they are written. On a shared server, give
analysts a role that may only SELECT as well: that is the server's own guard.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
from psycopg import errors
from sqlalchemy import Engine

from pipeline.sql import MULTIPLE, QueryError, QueryRefused, QueryResult, unique_names


@contextmanager
def run_query(engine: Engine, statement: str, timeout_s: float) -> Iterator[QueryResult]:
    """Run one statement read-only; raises QueryRefused for writes and several statements,
    QueryError for SQL that PostgreSQL rejects or that runs over `timeout_s`."""
    raw = engine.raw_connection()
    conn: psycopg.Connection = raw.driver_connection
    try:
        conn.read_only = True
        with conn.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)",
                           (f"{int(timeout_s * 1000)}ms",))
            _execute(cursor, statement, timeout_s)
            columns = unique_names([d.name for d in cursor.description or ()])
            yield QueryResult(columns, iter(cursor.fetchall() if cursor.description else ()))
    finally:
        conn.rollback()
        conn.read_only = False
        raw.close()


def _execute(cursor: psycopg.Cursor, statement: str, timeout_s: float) -> None:
    try:
        cursor.execute(statement, prepare=True)
    except errors.ReadOnlySqlTransaction as exc:
        raise QueryRefused(f"salvo sql only reads; this statement would write "
                           f"({exc.diag.message_primary})") from None
    except errors.QueryCanceled:
        raise QueryError(f"stopped after {timeout_s:g} s (--timeout); narrow the statement or "
                         "allow it more time") from None
    except psycopg.Error as exc:
        if "multiple commands" in str(exc):
            raise QueryRefused(f"{MULTIPLE}: remove everything after the first ';'") from None
        raise QueryError(exc.diag.message_primary or str(exc)) from None
