"""Alembic environment: runs migrations on the connection salvo hands over, or on a URL."""

from __future__ import annotations

import re

from alembic import context
from sqlalchemy import create_engine

from models import Base

config = context.config
target_metadata = Base.metadata

# Objects that migration 0002 creates for ad-hoc SQL and the models do not declare: FTS5 tables
# with their shadow tables, and the query indexes. Autogenerate must not report them as drift.
SEARCH_TABLE = re.compile(r"\w+_search(_(data|idx|docsize|config|content))?")
QUERY_INDEX_PREFIX = "ix_query_"


def include_name(name: str | None, type_: str, _parent_names: dict) -> bool:
    if type_ == "table" and name and SEARCH_TABLE.fullmatch(name):
        return False
    return not (type_ == "index" and name and name.startswith(QUERY_INDEX_PREFIX))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"),
                      target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations_online()
