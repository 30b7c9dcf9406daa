"""Faults: kills, hangs, oversized texts, locks, a full disk and an old database.

Each test drives salvo as a nightly job would (a subprocess, or the CLI in process where the
database must be tampered with) and then checks the database: `PRAGMA integrity_check` passes,
every good document is stored exactly once, and nothing is half written.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, article_count, copy_database, query, salvo, slow_page
from sqlalchemy import event
from typer.testing import CliRunner

from pipeline import migrations
from pipeline.claims.events import extract_claims
from pipeline.claims.nlp.factory import load_pipeline
from pipeline.cli import app
from pipeline.database import make_engine
from pipeline.records import ArticleContent
from pipeline.run import ingest as ingest_module

SUPPLIERS = ["Germany", "Poland", "France", "Norway", "Spain", "Italy", "Sweden", "Denmark"]
STORIES = 64  # enough that a run killed after 21 documents still has many to do
FILLER = "Markets in the region were calm and the weather stayed mild through the week. "


def good_story(i: int) -> str:
    """A distinct plain-text article with one arms transfer in it."""
    supplier = SUPPLIERS[i % len(SUPPLIERS)]
    return "\n\n".join([
        f"{supplier} sends tanks to Ukraine",
        f"{supplier} delivered {10 + i} Leopard 2 tanks to Ukraine on Monday, "
        f"the defence ministry said in a statement.",
        "The tanks arrived by rail after weeks of training for their crews, officials said.",
        f"This is report number {i} on the deliveries, filed from the capital."]) + "\n"


def write_stories(folder: Path, count: int, start: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"story-{i:03d}.txt"
        path.write_text(good_story(i), encoding="utf-8")
        paths.append(path)
    return paths


def ingest(folder: Path, db: Path, *extra: str, timeout: float = 300):
    return salvo("ingest", str(folder), "--db", str(db), "--workers", "1", *extra,
                 timeout=timeout)


def stored(db: Path) -> dict[str, tuple[str, int]]:
    """File name -> (status, number of events) for every stored path."""
    rows = query(db, "SELECT p.path, a.status, (SELECT count(*) FROM events e "
                     "WHERE e.article_id = a.id) FROM article_paths p "
                     "JOIN articles a ON a.id = p.article_id")
    return {Path(path).name: (status, events) for path, status, events in rows}


def assert_whole(db: Path, reference: dict[str, tuple[str, int]]) -> None:
    """Integrity holds, and every stored document is stored as a clean run stores it."""
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert query(db, "PRAGMA foreign_key_check") == []
    got = stored(db)
    assert {name: reference[name] for name in got} == got
    assert query(db, "SELECT count(*) FROM articles a WHERE NOT EXISTS "
                     "(SELECT 1 FROM article_paths p WHERE p.article_id = a.id)") == [(0,)]


@pytest.fixture(scope="module")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The database of a clean run over the `STORIES` good stories."""
    root = tmp_path_factory.mktemp("reference")
    write_stories(root / "in", STORIES)
    result = ingest(root / "in", root / "r.db")
    assert result.returncode == 0, result.stderr
    return root / "r.db"


@pytest.fixture(scope="module")
def reference(reference_db: Path) -> dict[str, tuple[str, int]]:
    """What a clean run stores for the `STORIES` good stories: file name -> (status, events)."""
    got = stored(reference_db)
    assert all(status == "ok" and events >= 1 for status, events in got.values()), got
    return got


@pytest.fixture(scope="module")
def two_stories_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A clean run over two good stories: their folder, a pristine copy of it, its database."""
    root = tmp_path_factory.mktemp("two-stories")
    write_stories(root / "in", 2)
    shutil.copytree(root / "in", root / "pristine")  # the same times, so unchanged to salvo
    result = ingest(root / "in", root / "two.db")
    assert result.returncode == 0, result.stderr
    return root / "in", root / "pristine", root / "two.db"


@pytest.fixture
def two_stored(two_stories_run: tuple[Path, Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """(folder, db) after that run: the folder as the run found it, a private database copy."""
    folder, pristine, template = two_stories_run
    shutil.rmtree(folder)
    shutil.copytree(pristine, folder)
    db = tmp_path / "two.db"
    copy_database(template, db)
    return folder, db


# -- SIGKILL ----------------------------------------------------------------------------------

def _start(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(db),
         "--workers", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


def test_sigkill_at_random_points_then_rerun_stores_every_document_once(tmp_path, reference):
    folder, db = tmp_path / "in", tmp_path / "k.db"
    write_stories(folder, STORIES)
    rng = random.Random(20261123)
    # kill points from start-up (imports, migration, model loading) to late in extraction: wait
    # until a number of documents is stored, then a random moment more, so that the kill also
    # lands inside a document's transaction
    targets = [0, *sorted(rng.sample(range(1, 22), 4))]
    for target in targets:
        proc = _start(folder, db)
        deadline = time.monotonic() + 120
        while article_count(db) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.3))
        if proc.poll() is not None:
            pytest.fail(f"the run ended before it could be killed after {target} documents")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if db.exists():
            assert query(db, "PRAGMA integrity_check") == [("ok",)]
    result = ingest(folder, db)
    assert result.returncode == 0, result.stderr
    assert_whole(db, reference)
    assert stored(db) == reference
    assert query(db, "SELECT count(DISTINCT content_hash) FROM articles") == [(STORIES,)]
    assert query(db, "SELECT count(*) FROM runs WHERE status = 'running'") == [(0,)]
    assert query(db, "SELECT status FROM runs ORDER BY id DESC LIMIT 1") == [("ok",)]


# -- a document that hangs, two runs at once ----------------------------------------------------

def test_slow_document_times_out_and_the_run_goes_on(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "t.db"
    write_stories(folder, 2)
    (folder / "slow.html").write_text(slow_page())
    began = time.monotonic()
    result = ingest(folder, db, "--timeout", "3")
    assert result.returncode == 1, result.stderr
    assert time.monotonic() - began < 90
    assert query(db, "SELECT a.status, a.error FROM articles a JOIN article_paths p "
                     "ON p.article_id = a.id WHERE p.path LIKE '%slow.html'") == [
        ("timed_out", "extraction took over 3 s")]
    assert query(db, "SELECT stage FROM document_errors") == [("timeout",)]
    assert [s for s, _ in stored(db).values()].count("ok") == 2


def test_second_run_while_the_first_works_exits_75_and_writes_nothing(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "two.db"
    write_stories(folder, 2)
    (folder / "slow.html").write_text(slow_page())
    first = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(db), "--workers",
         "1", "--timeout", "5"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True)
    lock = tmp_path / "two.db.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip() == str(first.pid)):
        assert time.monotonic() < deadline and first.poll() is None, "first run never locked"
        time.sleep(0.05)
    second = ingest(folder, db)
    assert second.returncode == 75, second.stderr
    assert "another salvo run is using this database" in second.stderr
    _out, first_err = first.communicate(timeout=120)
    assert first.returncode == 1, first_err
    assert query(db, "SELECT count(*) FROM runs") == [(1,)]


# -- texts longer than spaCy's max_length ----------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def test_paragraph_over_max_length_is_parsed_in_pieces_with_right_offsets(nlp, monkeypatch):
    monkeypatch.setattr(nlp, "max_length", 2000)
    text = ("Tanks for Ukraine\n" + FILLER * 60
            + "Germany delivered 18 Leopard 2 tanks to Ukraine on Monday, officials said. "
            + FILLER * 60 + "\nPoland sent 14 more tanks to Ukraine last week, officials said.")
    assert len(text.split("\n")[1]) > 3 * nlp.max_length  # one paragraph, several pieces
    content = ArticleContent(text=text, kind="text", encoding="utf-8", language="en")
    claims = extract_claims(nlp, content)
    got = [(e.supplier, e.quantity.value if e.quantity else None) for e in claims.events]
    assert got == [("Germany", 18), ("Poland", 14)]
    for ev in claims.events:
        assert 0 <= ev.start < ev.end <= len(text)
        assert text[ev.start:ev.end] == ev.sentence
    for at in claims.attributions:
        assert 0 <= at.start < at.end <= len(text)


def test_vocabulary_does_not_grow_over_a_long_run(nlp):
    """spaCy keeps every new string unless a memory zone frees it (1,274 to 78,165 measured)."""
    def article(i: int) -> ArticleContent:
        words = " ".join(f"Zorblat{i}x{j}" for j in range(40))  # strings spaCy never saw
        text = f"{good_story(i)}\n{words} said the Leopard 2 tanks reached Kharkiv{i}."
        return ArticleContent(text=text, kind="text", encoding="utf-8", language="en")

    extract_claims(nlp, article(0))
    before = len(nlp.vocab.strings)
    for i in range(1, 60):
        extract_claims(nlp, article(i))
    assert len(nlp.vocab.strings) - before < 100  # 59 articles bring 2,400 new words


def test_document_over_max_length_end_to_end(tmp_path, nlp):
    folder, db = tmp_path / "in", tmp_path / "long.db"
    folder.mkdir()
    filler = [f"Market report {i}: {FILLER}" for i in range(11_000)]
    text = "\n\n".join(["Tanks for Ukraine", good_story(1), *filler, good_story(2)])
    assert len(text) > nlp.max_length
    (folder / "long.txt").write_text(text)
    result = ingest(folder, db)
    assert result.returncode == 0, result.stderr
    rows = query(db, "SELECT a.text, e.sentence, e.start, e.end FROM events e "
                     "JOIN articles a ON a.id = e.article_id")
    assert len(rows) >= 2
    assert all(body[start:end] == sentence for body, sentence, start, end in rows)


# -- the database: locked, full, old ----------------------------------------------------------

def test_database_write_locked_by_another_connection_is_fatal_and_writes_nothing(two_stored):
    folder, db = two_stored
    before = stored(db), query(db, "SELECT count(*) FROM runs")
    write_stories(folder, 2, start=2)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        result = ingest(folder, db)
    finally:
        holder.rollback()
        holder.close()
    assert result.returncode == 3, result.stderr
    assert "database is locked" in result.stderr
    assert "Traceback" not in result.stderr
    assert (stored(db), query(db, "SELECT count(*) FROM runs")) == before
    assert query(db, "PRAGMA integrity_check") == [("ok",)]


def test_corrupt_database_page_is_fatal_before_anything_is_written(tmp_path, reference_db):
    folder, db = tmp_path / "in", tmp_path / "c.db"
    copy_database(reference_db, db)  # a copy of a run over `STORIES` stories
    page_size = query(db, "PRAGMA page_size")[0][0]
    pages = db.stat().st_size // page_size
    with open(db, "r+b") as handle:  # garbage over a page in the middle: a leaf of the text
        handle.seek(pages // 2 * page_size)
        handle.write(bytes(range(256)) * (page_size // 256))
    before = db.read_bytes()
    write_stories(folder, 2, start=STORIES)
    result = ingest(folder, db)
    assert result.returncode == 3, result.stderr
    assert "the database is corrupt" in result.stderr
    assert "Traceback" not in result.stderr
    assert db.read_bytes() == before


def test_open_reader_does_not_stop_the_run(two_stored):
    folder, db = two_stored
    write_stories(folder, 2, start=2)
    reader = sqlite3.connect(db, isolation_level=None)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT count(*) FROM articles").fetchone() == (2,)
        result = ingest(folder, db)
    finally:
        reader.close()
    assert result.returncode == 0, result.stderr
    assert len(stored(db)) == 4


def test_full_disk_is_fatal_and_leaves_no_half_written_document(two_stored, monkeypatch,
                                                                 reference):
    """SQLite's max_page_count stands in for a full disk: writes fail with SQLITE_FULL."""
    folder, db = two_stored
    pages = query(db, "PRAGMA page_count")[0][0]
    write_stories(folder, STORIES - 2, start=2)
    real_make_engine = ingest_module.make_engine

    def make_small_engine(url: str, **kwargs):
        engine = real_make_engine(url, **kwargs)

        @event.listens_for(engine, "connect")
        def _cap(dbapi_conn, _record) -> None:
            dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 6}")

        return engine

    monkeypatch.setattr(ingest_module, "make_engine", make_small_engine)
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(db), "--workers", "1",
                                      "--quiet"])
    assert result.exit_code == 3, result.output
    assert "database or disk is full" in result.output
    assert 2 < len(stored(db)) < STORIES  # some documents fitted, then the disk was full
    assert_whole(db, reference)
    monkeypatch.setattr(ingest_module, "make_engine", real_make_engine)
    assert ingest(folder, db).returncode == 0  # room again: the next run completes
    assert stored(db) == reference


def test_database_from_an_older_version_is_upgraded_with_its_data(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "old.db"
    write_stories(folder, 1)
    engine = make_engine(str(db))
    migrations.upgrade(engine, "0001")
    engine.dispose()
    old_rows = {
        "runs": "INSERT INTO runs (id, started_at, finished_at, status, exit_code, command, "
                "salvo_version, ruleset_version, files_seen, extracted, unchanged, duplicates, "
                "failed, events) VALUES (1, '2024-01-02 03:04:05', '2024-01-02 03:05:00', "
                "'ok', 0, 'ingest old', '0.0.1', 'old-rules', 1, 1, 0, 0, 0, 1)",
        "articles": "INSERT INTO articles (id, content_hash, status, kind, encoding, byte_size, "
                    "title, language, text, ruleset_version, extracted_at, run_id) VALUES "
                    "(1, 'feedface', 'ok', 'text', 'utf-8', 120, 'Old story', 'en', "
                    "'Norway delivered 12 howitzers to Ukraine.', 'old-rules', "
                    "'2024-01-02 03:04:30', 1)",
        "article_paths": "INSERT INTO article_paths (path, article_id, size, mtime_ns, "
                         "first_seen, last_read) VALUES ('/archive/old.txt', 1, 120, 1, "
                         "'2024-01-02 03:04:30', '2024-01-02 03:04:30')",
        "events": "INSERT INTO events (article_id, seq, type, supplier, recipient, inferred, "
                  "weapon_name, weapon_category, quantity, certainty, sentence, start, \"end\") "
                  "VALUES (1, 0, 'arms_transfer', 'Norway', 'Ukraine', 0, 'howitzers', "
                  "'artillery', 12, 'asserted', 'Norway delivered 12 howitzers to Ukraine.', "
                  "0, 41)",
    }
    with sqlite3.connect(db) as conn:
        for sql in old_rows.values():
            conn.execute(sql)
    snapshot = {table: query(db, f"SELECT * FROM {table} ORDER BY id") for table in old_rows}
    result = ingest(folder, db)
    assert result.returncode == 0, result.stderr
    head = migrations.head_revision(make_engine(str(db)))
    assert query(db, "SELECT version_num FROM alembic_version") == [(head,)]
    for table, rows in snapshot.items():
        kept = query(db, f"SELECT * FROM {table} WHERE id <= ? ORDER BY id", len(rows))
        assert [row[:len(rows[0])] for row in kept] == rows, table
    assert query(db, "SELECT count(*) FROM articles") == [(2,)]
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
