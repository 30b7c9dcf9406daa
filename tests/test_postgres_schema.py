"""The migrations on PostgreSQL: upgrade to head, every view readable, models and migrations
agree, down to base and up again; full-text search through a GIN index.

Every view in the database at head is read, whichever migration made it, so that a migration
written for SQLite alone fails here.
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect, text

from models import Base
from pipeline import migrations
from pipeline.database import make_engine
from pipeline.records import ArticleContent, Claims, Event, Extraction, Quantity, Source, Weapon
from pipeline.sources.files import SourceFile
from pipeline.store import Store

KOKSAN = Weapon(category="self-propelled artillery", name="M1978 Koksan", system_id="koksan",
                calibre_mm=170.0, text="170mm Koksan guns")
TEXT = "North Korea sent 50 Koksan guns to Russia, the agency said.\\nMore may follow."


@pytest.fixture
def pg_engine(pg_url):
    engine = make_engine(pg_url)
    yield engine
    engine.dispose()


def _views(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.scalars(text(
            "SELECT table_name FROM information_schema.views WHERE table_schema = 'public' "
            "ORDER BY table_name")))


def _store_one(engine) -> None:
    event = Event(type="arms_transfer", sentence=TEXT.splitlines()[0], start=0, end=58,
                  supplier="North Korea", recipient="Russia", weapon=KOKSAN,
                  quantity=Quantity(50, "50"), source=Source("KCNA", ("Yonhap",), "said"),
                  stage="delivered")
    content = ArticleContent(TEXT, "text", "utf-8", title="Koksan guns for Russia",
                             published=dt.date(2025, 3, 4), language="en")
    store = Store(engine)
    run = store.start_run("test", "0", "r1")
    store.save(run, SourceFile("/a.txt", 10, 1), "a" * 64, "r1",
               Extraction(content, Claims(events=(event,))))


def test_upgrade_every_view_check_downgrade_upgrade(pg_engine):
    migrations.upgrade(pg_engine)
    assert migrations.current_revision(pg_engine) == migrations.head_revision(pg_engine)
    assert set(Base.metadata.tables) <= set(inspect(pg_engine).get_table_names())
    migrations.check(pg_engine)
    _store_one(pg_engine)
    views = _views(pg_engine)
    assert {"event_facts", "attribution_facts", "weapon_summary", "supplier_recipient_summary",
            "article_search", "evidence_search"} <= set(views)
    with pg_engine.connect() as conn:
        for view in views:
            conn.execute(text(f"SELECT * FROM {view}")).all()  # every view, any migration's
        weapon = conn.execute(text("SELECT weapon_key, weapon, reports, source_names, "
                                   "latest_quantity FROM weapon_summary")).one()
        flow = conn.execute(text("SELECT supplier, recipient, events, asserted FROM "
                                 "supplier_recipient_summary")).one()
        source = conn.execute(text("SELECT source, stage, weapon_text FROM event_facts")).one()
    assert tuple(weapon) == ("koksan", "M1978 Koksan", 1, "KCNA", 50)
    assert tuple(flow) == ("North Korea", "Russia", 1, 1)
    assert tuple(source) == ("KCNA via Yonhap", "delivered", "170mm Koksan guns")
    migrations.downgrade(pg_engine, "base")
    assert set(inspect(pg_engine).get_table_names()) <= {"alembic_version"}
    assert _views(pg_engine) == []
    migrations.upgrade(pg_engine)
    migrations.check(pg_engine)


def test_full_text_search_uses_the_gin_index(pg_engine):
    migrations.upgrade(pg_engine)
    _store_one(pg_engine)
    search = ("SELECT a.title FROM article_search s JOIN articles a ON a.id = s.rowid "
              "WHERE s.document @@ websearch_to_tsquery('english', :q) "
              "ORDER BY ts_rank(s.document, websearch_to_tsquery('english', :q)) DESC")
    with pg_engine.connect() as conn:
        assert conn.scalars(text(search), {"q": "koksan"}).all() == ["Koksan guns for Russia"]
        assert conn.scalars(text(search), {"q": "gun"}).all() == [
            "Koksan guns for Russia"]  # stemmed, as FTS5's porter tokenizer does
        assert conn.scalars(text(search), {"q": "howitzer"}).all() == []
        conn.execute(text("SET enable_seqscan = off"))
        plan = "\n".join(conn.scalars(text("EXPLAIN " + search), {"q": "koksan"}))
        evidence = "\n".join(conn.scalars(text(
            "EXPLAIN SELECT rowid FROM evidence_search "
            "WHERE document @@ websearch_to_tsquery('english', 'guns')")))
    assert "ix_query_articles_search" in plan
    assert "ix_query_events_search" in evidence
