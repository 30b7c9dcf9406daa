"""Page data kept between requests while the database stays the same.

The pages that summarise every event (the flows, the claims list) cost a scan of all events.
Their data is kept, per filter, until the database changes: a new run, an article extracted
(during a run too), a review, a ledger refresh. `state()` reads that in a few milliseconds.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Any

from sqlalchemy import Connection, func, select

from models import Article, LedgerState, Review, Run

SIZE = 256  # filter combinations kept


def state(conn: Connection) -> tuple:
    """What changes whenever the data behind the pages changes."""
    runs = conn.execute(select(func.max(Run.id), func.max(Run.finished_at))).one()
    articles = conn.execute(select(func.count(), func.max(Article.extracted_at))).one()
    reviews = conn.execute(select(func.max(Review.id))).scalar()
    ledger = tuple(conn.execute(select(LedgerState.key, LedgerState.value)
                                .order_by(LedgerState.key)).all())
    return (*runs, *articles, reviews, ledger)


class PageCache:
    """The latest results of `compute`, by key, valid while `state` is unchanged."""

    def __init__(self) -> None:
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = Lock()

    def get(self, conn: Connection, key: Hashable, compute: Callable[[], Any]) -> Any:
        full = (id(conn.engine), key, state(conn))
        with self._lock:
            if full in self._data:
                self._data.move_to_end(full)
                return self._data[full]
        value = compute()
        with self._lock:
            self._data[full] = value
            while len(self._data) > SIZE:
                self._data.popitem(last=False)
        return value
