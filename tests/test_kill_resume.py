"""A run killed with SIGKILL loses at most the document in flight; the next run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES, ROOT, article_count, query, salvo


def _distinct_corpus(folder: Path, copies: int) -> int:
    """Copies of the text fixtures, each made distinct by a closing paragraph."""
    folder.mkdir()
    sources = sorted(p for p in FIXTURES.iterdir() if p.suffix == ".txt")
    for i in range(copies):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8-sig")
        (folder / f"{i:03d}-{src.name}").write_text(
            f"{text}\nThis is copy number {i} of the story.\n", encoding="utf-8")
    return copies


def test_sigkill_mid_run_then_rerun_completes_without_duplicates(tmp_path):
    corpus, db = tmp_path / "corpus", tmp_path / "k.db"
    total = _distinct_corpus(corpus, 24)
    for kill_after in (2, 9):  # kill at two points of the run
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "ingest", str(corpus), "--db", str(db),
             "--workers", "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        deadline = time.monotonic() + 240
        while (article_count(db) < kill_after and proc.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.05)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        assert article_count(db) < total, "the run finished before it could be killed"
    result = salvo("ingest", str(corpus), "--db", str(db), "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert query(db, "PRAGMA integrity_check") == [("ok",)]
    assert article_count(db) == total
    assert query(db, "SELECT count(*) FROM article_paths") == [(total,)]
    assert query(db, "SELECT count(DISTINCT content_hash) FROM articles") == [(total,)]
    statuses = [row[0] for row in query(db, "SELECT status FROM runs ORDER BY id")]
    assert statuses == ["aborted", "aborted", "ok"]
