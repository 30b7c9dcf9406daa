"""Batch ingest end to end through the CLI: idempotent re-runs, changes, duplicates, --force."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, copy_database, query, salvo, slow_page


def _article_count() -> int:
    return sum(1 for p in FIXTURES.iterdir() if p.is_file())


def _ingest(corpus: Path, db: Path, *extra: str, env: dict[str, str] | None = None):
    return salvo("ingest", str(corpus), "--db", str(db), "--workers", "1", *extra, env=env)


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture articles ingested once, for the tests that start from a first run."""
    root = tmp_path_factory.mktemp("first-run")
    corpus, db = root / "corpus", root / "s.db"
    shutil.copytree(FIXTURES, corpus)
    result = _ingest(corpus, db)
    assert result.returncode == 0, result.stderr
    return corpus, db


@pytest.fixture
def ingested(first_run: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the first run's database, its corpus restored at the paths it stored
    (with the fixtures' times, so that the files read as unchanged)."""
    corpus, template = first_run
    shutil.rmtree(corpus)
    shutil.copytree(FIXTURES, corpus)
    db = tmp_path / "s.db"
    copy_database(template, db)
    return corpus, db


def test_rerun_over_unchanged_folder_stores_nothing_and_loads_no_model(ingested):
    corpus, db = ingested
    n = _article_count()
    assert query(db, "SELECT count(*) FROM articles")[0][0] == n
    before = query(db, "SELECT id, content_hash, extracted_at FROM articles ORDER BY id")
    # a model that cannot load proves the re-run never loads one
    second = _ingest(corpus, db, env={"SALVO_SPACY_MODEL": "no_such_model_installed"})
    assert second.returncode == 0, second.stderr
    assert f"{n} files, 0 extracted, {n} unchanged" in second.stderr
    assert query(db, "SELECT id, content_hash, extracted_at FROM articles ORDER BY id") == before
    assert query(db, "SELECT status, files_seen, unchanged FROM runs ORDER BY id") == [
        ("ok", n, 0), ("ok", n, n)]


def test_changed_file_is_reextracted_and_its_old_article_replaced(ingested):
    corpus, db = ingested
    story = next(p for p in sorted(corpus.iterdir()) if p.suffix == ".txt")
    old_hash = query(db, "SELECT a.content_hash FROM articles a JOIN article_paths p "
                         "ON p.article_id = a.id WHERE p.path = ?", str(story))[0][0]
    lines = story.read_text(encoding="utf-8-sig").splitlines()
    lead = next(i for i, line in enumerate(lines) if len(line.split()) >= 20)  # in the body
    lines.insert(lead + 1, "\nA spokesman declined to comment further.")
    story.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _ingest(corpus, db)
    assert result.returncode == 0, result.stderr
    assert "1 extracted" in result.stderr
    assert query(db, "SELECT count(*) FROM articles")[0][0] == _article_count()
    assert query(db, "SELECT count(*) FROM articles WHERE content_hash = ?", old_hash) == [(0,)]
    text = query(db, "SELECT a.text FROM articles a JOIN article_paths p ON p.article_id = a.id "
                     "WHERE p.path = ?", str(story))[0][0]
    assert "declined to comment further" in text


def test_same_content_under_two_names_is_stored_once_with_both_paths(corpus, tmp_path):
    db = tmp_path / "s.db"
    original = next(p for p in sorted(corpus.iterdir()) if p.suffix == ".html")
    shutil.copy(original, corpus / "copy of the same page.html")
    result = _ingest(corpus, db)
    assert result.returncode == 0, result.stderr
    assert "1 duplicates" in result.stderr
    assert query(db, "SELECT count(*) FROM articles")[0][0] == _article_count()
    rows = query(db, "SELECT count(*) FROM article_paths GROUP BY article_id HAVING count(*) > 1")
    assert rows == [(2,)]
    exported = salvo("export", "--db", str(db))
    paths = [json.loads(line)["source_paths"] for line in exported.stdout.splitlines()]
    assert sorted([str(original), str(corpus / "copy of the same page.html")]) in paths


def test_force_reextracts_everything_without_duplicating(ingested):
    corpus, db = ingested
    events = query(db, "SELECT count(*) FROM events")[0][0]
    result = _ingest(corpus, db, "--force")
    assert result.returncode == 0, result.stderr
    assert f"{_article_count()} extracted" in result.stderr
    assert query(db, "SELECT count(*) FROM articles")[0][0] == _article_count()
    assert query(db, "SELECT count(*) FROM events")[0][0] == events


def test_bad_documents_are_recorded_and_the_run_goes_on(corpus, tmp_path):
    db = tmp_path / "s.db"
    (corpus / "binary.html").write_bytes(os.urandom(4096))
    (corpus / "empty.txt").write_bytes(b"")
    result = _ingest(corpus, db)
    assert result.returncode == 1, result.stderr
    assert "2 failed" in result.stderr
    errors = dict(query(db, "SELECT path, error FROM document_errors"))
    assert errors[str(corpus / "binary.html")] == "binary data, not text"
    assert errors[str(corpus / "empty.txt")] == "empty document"
    assert query(db, "SELECT count(*) FROM articles WHERE status = 'ok'")[0][0] >= (
        _article_count() - 1)  # the non-English fixture is stored as not_english
    assert query(db, "SELECT status, exit_code FROM runs") == [("partial", 1)]


def test_missing_model_is_fatal_and_a_run_with_it_completes_the_rest(corpus, tmp_path):
    db = tmp_path / "s.db"
    missing = _ingest(corpus, db, env={"SALVO_SPACY_MODEL": "no_such_model_installed"})
    assert missing.returncode == 3, missing.stderr
    assert "cannot load the spaCy pipeline" in missing.stderr
    assert query(db, "SELECT status, exit_code FROM runs") == [("fatal", 3)]
    kept = query(db, "SELECT count(*) FROM articles")[0][0]  # finished without the model
    assert kept < _article_count()
    result = _ingest(corpus, db)
    assert result.returncode == 0, result.stderr
    assert f"{_article_count() - kept} extracted, {kept} unchanged" in result.stderr
    assert query(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [
        (_article_count(), _article_count())]


def test_timed_out_document_is_tried_again_on_later_runs_up_to_max_attempts(tmp_path):
    folder, db = tmp_path / "in", tmp_path / "s.db"
    folder.mkdir()
    (folder / "slow.html").write_text(slow_page())
    tries = [_ingest(folder, db, "--timeout", "1", "--max-attempts", "2") for _ in range(3)]
    assert [t.returncode for t in tries] == [1, 1, 0], tries[-1].stderr
    assert "1 files, 0 extracted, 1 unchanged" in tries[-1].stderr  # given up after two
    assert query(db, "SELECT status, attempts FROM articles") == [("timed_out", 2)]
    assert query(db, "SELECT run_id, stage FROM document_errors") == [(1, "timeout"),
                                                                      (2, "timeout")]
    errors = salvo("errors", "--db", str(db), "--format", "csv")
    assert errors.returncode == 0
    assert [(row["stage"], row["attempts"]) for row in csv.DictReader(
        io.StringIO(errors.stdout))] == [("timeout", "2"), ("timeout", "2")]


def test_attribution_mode_is_recorded_and_a_new_mode_reextracts(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "s.db"
    corpus.mkdir()
    (corpus / "bridge.txt").write_text(
        "Bridge to open in May\n\nThe mayor of Tartu said the new bridge would open in May, "
        "and the council said it had cost less than planned.\n", encoding="utf-8")
    assert _ingest(corpus, db).returncode == 0  # default: arms; the text names no arms
    assert query(db, "SELECT count(*) FROM attributions") == [(0,)]
    assert _ingest(corpus, db, "--attributions", "all").returncode == 0
    assert _ingest(corpus, db, "--attributions", "all").returncode == 0  # unchanged now
    runs = query(db, "SELECT attributions, extracted, unchanged, command FROM runs ORDER BY id")
    assert [r[:3] for r in runs] == [("arms", 1, 0), ("all", 1, 0), ("all", 0, 1)]
    assert "--attributions all" in runs[-1][3]
    said = query(db, "SELECT speaker, source_id, kind FROM attributions ORDER BY start")
    assert said[0][0] == "mayor of Tartu" and {s for s, _, _ in said} >= {"mayor of Tartu"}
    assert all(source_id for _, source_id, _ in said)
    assert query(db, "SELECT count(*) FROM sources WHERE id IN (SELECT source_id FROM "
                     "attributions)") == [(len({s for _, s, _ in said}),)]


def test_unknown_attribution_mode_is_a_usage_error(tmp_path):
    result = _ingest(FIXTURES, tmp_path / "s.db", "--attributions", "everything")
    assert result.returncode == 2 and "everything" in result.stderr
