"""The store: one article per content, paths moved and orphans removed, events replaced."""

import datetime as dt

import pytest
from sqlalchemy import func, select

from models import Article, ArticlePath, DocumentError, Event
from pipeline import migrations
from pipeline.database import make_engine
from pipeline.records import WORKER_DIED, ArticleContent, Claims, Extraction, Quantity
from pipeline.records import Event as EventRecord
from pipeline.sources.files import SourceFile
from pipeline.store import ArticleState, Store


@pytest.fixture
def store(tmp_path):
    engine = make_engine(str(tmp_path / "s.db"))
    migrations.upgrade(engine)
    yield Store(engine)
    engine.dispose()


def _extraction(n_events: int, title: str = "Shells for Russia") -> Extraction:
    text = "North Korea sent shells to Russia.\nThe ministry said so."
    content = ArticleContent(text=text, kind="text", encoding="utf-8", title=title,
                             published=dt.date(2024, 11, 20), language="en")
    events = tuple(EventRecord(type="arms_transfer", sentence=text[:34], start=0, end=34,
                               supplier="North Korea", recipient="Russia",
                               quantity=Quantity(value=50 + i, text=str(50 + i)))
                   for i in range(n_events))
    return Extraction(content, Claims(events=events))


def _count(store, model, *where):
    with store.engine.connect() as conn:
        return conn.scalar(select(func.count()).select_from(model).where(*where))


def test_same_content_twice_replaces_events(store):
    run = store.start_run("test", "0", "r1")
    src = SourceFile("/a/one.txt", 10, 1)
    assert store.save(run, src, "h1", "r1", _extraction(3)) == 3
    assert store.save(run, src, "h1", "r1", _extraction(1)) == 1
    assert _count(store, Article) == 1
    assert _count(store, Event) == 1


def test_duplicate_content_under_two_names_is_one_article(store):
    run = store.start_run("test", "0", "r1")
    store.save(run, SourceFile("/a/one.txt", 10, 1), "h1", "r1", _extraction(2))
    store.link_path(SourceFile("/b/copy.txt", 10, 2), "h1")
    assert _count(store, Article) == 1
    assert _count(store, ArticlePath) == 2


def test_changed_content_moves_the_path_and_drops_the_orphan(store):
    run = store.start_run("test", "0", "r1")
    src = SourceFile("/a/one.txt", 10, 1)
    store.save(run, src, "old", "r1", _extraction(2, "Old"))
    store.save(run, SourceFile("/a/one.txt", 12, 5), "new", "r1", _extraction(1, "New"))
    with store.engine.connect() as conn:
        titles = conn.scalars(select(Article.title)).all()
    assert titles == ["New"]
    assert _count(store, Event) == 1


def test_changed_content_keeps_an_article_another_path_still_has(store):
    run = store.start_run("test", "0", "r1")
    store.save(run, SourceFile("/a/one.txt", 10, 1), "old", "r1", _extraction(2))
    store.link_path(SourceFile("/a/two.txt", 10, 1), "old")
    store.save(run, SourceFile("/a/one.txt", 12, 5), "new", "r1", _extraction(1))
    assert _count(store, Article) == 2


def test_failed_extraction_is_recorded_with_its_reason(store):
    run = store.start_run("test", "0", "r1")
    failed = Extraction(None, status="failed", error="binary data, not text", stage="decode")
    store.save(run, SourceFile("/a/bin.html", 10, 1), "h", "r1", failed)
    with store.engine.connect() as conn:
        row = conn.execute(select(DocumentError.stage, DocumentError.error)).one()
        status = conn.scalar(select(Article.status))
    assert tuple(row) == ("decode", "binary data, not text")
    assert status == "failed"


def test_a_new_run_marks_runs_left_running_as_aborted(store):
    first = store.start_run("test", "0", "r1")
    store.start_run("test", "0", "r1")
    with store.engine.connect() as conn:
        from models import Run
        status = conn.scalar(select(Run.status).where(Run.id == first))
    assert status == "aborted"


@pytest.mark.parametrize(("status", "error", "transient"), [
    ("timed_out", "extraction took over 120 s", True),
    ("failed", f"{WORKER_DIED} (exit code -9)", True),
    ("failed", "binary data, not text", False),
    ("no_article", "no article found", False),
], ids=["timed-out", "worker-died", "unreadable", "no-article"])
def test_attempts_count_per_ruleset_and_transient_failures_are_marked(store, status, error,
                                                                      transient):
    run = store.start_run("test", "0", "r1")
    src = SourceFile("/a/one.txt", 10, 1)
    failure = Extraction(None, status=status, error=error)
    store.save(run, src, "h1", "r1", failure)
    store.save(run, src, "h1", "r1", failure)
    assert store.known_articles()["h1"] == ArticleState(status, "r1", 2, transient)
    store.save(run, src, "h1", "r2", failure)  # new rules: attempts start again
    assert store.known_articles()["h1"].attempts == 1
