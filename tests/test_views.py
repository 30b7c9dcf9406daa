"""Migration 0002: the analyst views, full-text search kept in step by triggers, query indexes."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import text

from pipeline import migrations
from pipeline.database import make_engine
from pipeline.records import (
    ArticleContent,
    Attribution,
    Claims,
    Event,
    Extraction,
    Quantity,
    Source,
    Weapon,
)
from pipeline.sources.files import SourceFile
from pipeline.store import Store

KOKSAN = Weapon(category="self-propelled artillery", name="M1978 Koksan", system_id="koksan",
                calibre_mm=170.0)
SHELLS = Weapon(category="ammunition", name="artillery shells")
SEARCH_TABLES = ("article_search", "evidence_search")


@pytest.fixture
def store(tmp_path):
    engine = make_engine(str(tmp_path / "v.db"))
    migrations.upgrade(engine)
    yield Store(engine)
    engine.dispose()


def _event(sentence: str, weapon: Weapon | None = None, quantity: Quantity | None = None,
           source: Source | None = None, certainty: str = "asserted",
           kind: str = "arms_transfer", supplier: str = "North Korea") -> Event:
    return Event(type=kind, sentence=sentence, start=0, end=len(sentence), supplier=supplier,
                 recipient="Russia", weapon=weapon, quantity=quantity, source=source,
                 certainty=certainty)


def _save(store: Store, path: str, content_hash: str, title: str, body: str,
          published: dt.date | None, *events: Event,
          attributions: tuple[Attribution, ...] = ()) -> None:
    run = store.start_run("test", "0", "r1")
    content = ArticleContent(text=body, kind="text", encoding="utf-8", title=title,
                             published=published, site="Harbour Daily", url=f"https://x/{title}")
    extraction = Extraction(content, Claims(events=events, attributions=attributions))
    store.save(run, SourceFile(path, 10, 1), content_hash, "r1", extraction)


def _rows(store: Store, sql: str, **params: object) -> list[tuple]:
    with store.engine.connect() as conn:
        return [tuple(row) for row in conn.execute(text(sql), params)]


def _koksan_reports(store: Store) -> None:
    """Two articles on Koksan guns with different counts and sources, one on shells."""
    nis = Source(name="National Intelligence Service", via=("Kim Do-hyun",), cue="said")
    _save(store, "/c/b.txt", "h1", "Guns for Russia", "North Korea sent 50 Koksan guns.",
          dt.date(2024, 11, 1),
          _event("North Korea sent 50 Koksan guns.", KOKSAN, Quantity(50, "50"), nis, "hedged"),
          attributions=(Attribution(speaker="National Intelligence Service", cue="said",
                                    direct=False, quote="50 guns", start=0, end=10,
                                    via=("Kim Do-hyun",)),))
    store.link_path(SourceFile("/c/a.txt", 10, 1), "h1")
    _save(store, "/c/c.txt", "h2", "More guns", "About 120 to 150 Koksan guns went.",
          dt.date(2025, 1, 5),
          _event("About 120 to 150 Koksan guns went.", KOKSAN,
                 Quantity(120, "120 to 150", approximate=True, upper=150),
                 Source(name="military intelligence")),
          _event("152mm shells went too.", Weapon("ammunition", "artillery shells", None, 152)),
          _event("122mm shells went too.", Weapon("ammunition", "artillery shells", None, 122)),
          _event("11,000 soldiers went.", quantity=Quantity(11000, "11,000"),
                 kind="troop_deployment"))


def test_event_facts_flattens_the_article_and_the_source(store):
    _koksan_reports(store)
    rows = _rows(store, "SELECT title, published, site, url, source_path, source, weapon_key, "
                        "quantity_high FROM event_facts ORDER BY event_id")
    assert len(rows) == 5
    assert rows[0] == ("Guns for Russia", "2024-11-01", "Harbour Daily",
                       "https://x/Guns for Russia", "/c/a.txt",
                       "National Intelligence Service via Kim Do-hyun", "koksan", 50)
    assert rows[1][5:] == ("military intelligence", "koksan", 150)
    assert rows[2][6] == "artillery shells / ammunition / 152mm"
    assert rows[4][5:7] == (None, None)  # no source, no weapon


def test_attribution_facts(store):
    _koksan_reports(store)
    assert _rows(store, "SELECT speaker_chain, quote, title, source_path FROM attribution_facts") \
        == [("National Intelligence Service via Kim Do-hyun", "50 guns", "Guns for Russia",
             "/c/a.txt")]


def test_weapon_summary_tracks_estimates_over_time(store):
    _koksan_reports(store)
    rows = _rows(store, "SELECT weapon_key, weapon, reports, articles, min_quantity, "
                        "max_quantity, latest_quantity, first_reported, last_reported, sources, "
                        "source_names, suppliers FROM weapon_summary")
    assert rows[0] == ("koksan", "M1978 Koksan", 2, 2, 50, 150, 120, "2024-11-01", "2025-01-05",
                       2, "National Intelligence Service; military intelligence", "North Korea")
    assert {row[0] for row in rows[1:]} == {"artillery shells / ammunition / 122mm",
                                            "artillery shells / ammunition / 152mm"}


def test_supplier_recipient_summary(store):
    _koksan_reports(store)
    rows = _rows(store, "SELECT supplier, recipient, type, events, articles, weapons, "
                        "max_quantity, asserted, hedged, denied, sources "
                        "FROM supplier_recipient_summary")
    assert rows == [("North Korea", "Russia", "arms_transfer", 4, 2, 3, 150, 3, 1, 0, 2),
                    ("North Korea", "Russia", "troop_deployment", 1, 1, 0, 11000, 1, 0, 0, 0)]


def _search(store: Store, table: str, words: str) -> list[int]:
    return [row[0] for row in _rows(store, f"SELECT rowid FROM {table} WHERE {table} MATCH :q "
                                           "ORDER BY rowid", q=words)]


def _assert_search_in_step(store: Store) -> None:
    """FTS5's own check that each external-content index matches its table exactly."""
    with store.engine.begin() as conn:
        for table in SEARCH_TABLES:
            conn.exec_driver_sql(f"INSERT INTO {table} ({table}, rank) "
                                 "VALUES ('integrity-check', 1)")


def test_search_follows_inserts_updates_and_deletes_through_the_store(store):
    _save(store, "/a/one.txt", "h1", "Koksan guns for Russia", "Guns crossed the border.",
          None, _event("Koksan guns crossed the border."))
    assert _search(store, "article_search", "koksan") == [1]
    assert _search(store, "article_search", "border") == [1]
    assert len(_search(store, "evidence_search", "koksan")) == 1
    _assert_search_in_step(store)

    # The same content extracted again (new rules): the article is updated, events replaced.
    _save(store, "/a/one.txt", "h1", "Shells for Russia", "Shells crossed the river.",
          None, _event("Artillery shells crossed the river."))
    assert _search(store, "article_search", "koksan") == []
    assert _search(store, "article_search", "shell") == [1]  # porter stemming: shells
    assert _search(store, "evidence_search", "koksan") == []
    assert len(_search(store, "evidence_search", "artillery")) == 1
    _assert_search_in_step(store)

    # The file changed: the path moves to a new article and the orphan is deleted.
    _save(store, "/a/one.txt", "h2", "Drones for Niger", "Drones landed.", None,
          _event("Bayraktar drones landed.", supplier="Turkey"))
    assert _search(store, "article_search", "shells") == []
    assert _search(store, "evidence_search", "artillery") == []
    assert _search(store, "article_search", "drones") == [2]
    assert len(_search(store, "evidence_search", "bayraktar")) == 1
    _assert_search_in_step(store)


def test_upgrade_indexes_rows_stored_before_the_search_existed(tmp_path):
    engine = make_engine(str(tmp_path / "old.db"))
    migrations.upgrade(engine)
    store = Store(engine)
    _save(store, "/a/one.txt", "h1", "Koksan guns", "Guns.", None, _event("Koksan guns went."))
    migrations.downgrade(engine, "0001")  # the rows stay, the search goes
    migrations.upgrade(engine)
    assert _search(store, "article_search", "koksan") == [1]
    assert len(_search(store, "evidence_search", "koksan")) == 1
    _assert_search_in_step(store)
    engine.dispose()


def _schema_names(engine) -> set[str]:
    with engine.connect() as conn:
        return {row[0] for row in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type IN ('view', 'trigger', 'index', 'table')")}


def test_downgrade_to_0001_removes_everything_0002_added_and_upgrade_restores_it(store):
    _koksan_reports(store)
    added = {"event_facts", "attribution_facts", "weapon_summary", "supplier_recipient_summary",
             "article_search", "article_search_insert", "evidence_search_delete",
             "ix_query_events_flow", "ix_query_articles_site"}
    assert added <= _schema_names(store.engine)
    migrations.check(store.engine)
    migrations.downgrade(store.engine, "0001")
    names = _schema_names(store.engine)
    assert not added & names
    assert not {n for n in names if "_search" in n or n.startswith("ix_query_")}
    migrations.upgrade(store.engine)
    migrations.check(store.engine)
    assert len(_rows(store, "SELECT * FROM event_facts")) == 5
    assert _search(store, "article_search", "koksan") == [1, 2]


@pytest.mark.parametrize(("sql", "index"), [
    ("SELECT * FROM event_facts WHERE supplier = 'North Korea' AND recipient = 'Russia'",
     "ix_query_events_flow"),
    ("SELECT * FROM event_facts WHERE source_name = 'NIS'", "ix_query_events_source"),
    ("SELECT weapon, count(*) FROM event_facts WHERE weapon_category = 'tank' GROUP BY weapon",
     "ix_query_events_weapon"),
    ("SELECT * FROM event_facts WHERE site = 'Harbour Daily' ORDER BY published",
     "ix_query_articles_site"),
    ("SELECT * FROM event_facts WHERE weapon_system_id = 'koksan' ORDER BY published",
     "ix_events_weapon_system_id"),
], ids=["flow", "source", "weapon-category", "site", "system"])
def test_documented_queries_use_their_index(store, sql, index):
    _koksan_reports(store)
    with store.engine.connect() as conn:
        plan = " ".join(row[3] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))
    assert f"USING INDEX {index}" in plan


def test_views_are_readable_by_plain_sqlite3(store, tmp_path):
    """Analysts open the file with sqlite3, Datasette or pandas: no salvo code involved."""
    _koksan_reports(store)
    store.engine.dispose()
    with sqlite3.connect(tmp_path / "v.db") as conn:
        assert conn.execute("SELECT count(*) FROM weapon_summary").fetchone() == (3,)
