"""Shared test helpers: the fixture articles, and running the salvo command as a user would."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# no per-example deadline (a loaded CI machine is slow); in CI, the same examples every run
settings.register_profile("local", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "articles"
EXPECTED = ROOT / "fixtures" / "expected"


def salvo(*args: str, env: dict[str, str] | None = None, timeout: float = 300,
          cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `salvo ARGS` in a subprocess, as from a shell without a terminal."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("SALVO_DB", None)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, timeout=timeout, env=full_env, cwd=cwd or ROOT)


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True) as conn:
        return conn.execute(sql, params).fetchall()


def article_count(db: Path) -> int:
    """Articles stored so far; 0 while the database or its schema does not exist yet."""
    try:
        return query(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.Error:
        return 0


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A private copy of the fixture articles."""
    target = tmp_path / "corpus"
    shutil.copytree(FIXTURES, target)
    return target


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture articles ingested once per session, for tests that only read."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = salvo("ingest", str(FIXTURES), "--db", str(db), "--workers", "2")
    assert result.returncode == 0, result.stderr
    return db
