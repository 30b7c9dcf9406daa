"""The schema belongs to Alembic: upgrade, check against the models, downgrade and up again."""

import sqlite3

import pytest
from sqlalchemy import inspect, text

from models import Base
from pipeline import migrations
from pipeline.database import make_engine


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(str(tmp_path / "m.db"))
    yield engine
    engine.dispose()


def test_upgrade_check_downgrade_upgrade(engine):
    migrations.upgrade(engine)
    assert migrations.current_revision(engine) == migrations.head_revision(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    migrations.check(engine)  # raises when models and migrations disagree
    migrations.downgrade(engine, "base")
    assert migrations.current_revision(engine) is None
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrations.upgrade(engine)
    migrations.check(engine)


def test_schema_newer_than_code_is_refused(engine):
    migrations.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_future'"))
    with pytest.raises(migrations.SchemaError, match="newer"):
        migrations.upgrade(engine)


def test_sqlite_pragmas(tmp_path, engine):
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_read_only_engine_refuses_writes(tmp_path, engine):
    migrations.upgrade(engine)
    reader = make_engine(str(tmp_path / "m.db"), read_only=True)
    with reader.connect() as conn, pytest.raises(Exception, match="readonly"):
        conn.exec_driver_sql("DELETE FROM runs")
    reader.dispose()
    with sqlite3.connect(tmp_path / "m.db") as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
