"""`reviewed_events` (migration 0007) as a SQLAlchemy table, for typed Core queries.

It has the columns of `events`, with the reviewed values, plus `reviewed` (0 or 1) and `review`
(confirmed, corrected, rejected or null). Kept out of the models' metadata: it is a view, which
the migrations own and autogenerate must not try to create.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, MetaData, String, Table

from models import Event

reviewed_events = Table(
    "reviewed_events", MetaData(),
    *(Column(c.name, c.type, primary_key=c.primary_key) for c in Event.__table__.columns),
    Column("reviewed", Integer), Column("review", String(10)))
