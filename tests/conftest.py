"""Shared test helpers: the fixture articles, and running the salvo command as a user would."""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from pipeline.postgres.server import TemporaryServer

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


def copy_database(template: Path, db: Path) -> None:
    """A private copy of a stored database, made with SQLite's backup (WAL content included)."""
    with contextlib.closing(sqlite3.connect(template)) as source, \
            contextlib.closing(sqlite3.connect(db)) as target:
        source.backup(target)


def article_count(db: Path) -> int:
    """Articles stored so far; 0 while the database or its schema does not exist yet."""
    try:
        return query(db, "SELECT count(*) FROM articles")[0][0]
    except sqlite3.Error:
        return 0


def slow_page() -> str:
    """5 MB of ordinary markup (100,000 short paragraphs around a one-line article) that
    content extraction needs some 20 s for, far past the time limits the tests set."""
    filler = "<div class='x'><span>filler text here</span></div>\n" * 100_000
    return ("<html><body><article><p>Germany delivered 18 Leopard 2 tanks to Ukraine.</p>"
            f"</article>{filler}</body></html>")


def descendants(pid: int) -> set[int]:
    """The processes under `pid` now (children, grandchildren...), from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def running(pids: set[int]) -> set[int]:
    """Those of `pids` that still run (a zombie waiting to be reaped does not)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state not in ("Z", "X"):
            alive.add(pid)
    return alive


def wait_until_gone(pids: set[int], seconds: float) -> set[int]:
    """Wait up to `seconds` for `pids` to end; those still running then."""
    deadline = time.monotonic() + seconds
    while (left := running(pids)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return left


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


@pytest.fixture
def start_ingest() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Starts `salvo ingest FOLDER --db DB ...` in the background, in a session of its own (as
    a terminal's job); what is left of it is killed when the test ends."""
    started: list[subprocess.Popen[str]] = []

    def start(folder: Path, db: Path, *extra: str) -> subprocess.Popen[str]:
        started.append(subprocess.Popen(
            [sys.executable, "-m", "pipeline", "ingest", str(folder), "--db", str(db), *extra],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True))
        return started[-1]

    yield start
    for proc in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.fixture(scope="session")
def pg_server() -> Iterator[TemporaryServer]:
    """A throwaway PostgreSQL server for the session (installed with apt-get if missing)."""
    with TemporaryServer() as server:
        yield server


@pytest.fixture
def pg_url(pg_server: TemporaryServer) -> str:
    """The URL of a new, empty PostgreSQL database on the session's server."""
    return pg_server.create_database(f"test_{next(_DATABASE_NUMBERS)}")


_DATABASE_NUMBERS = itertools.count(1)


def wait_for_workers(proc: subprocess.Popen[str], count: int, seconds: float = 120) -> set[int]:
    """Wait until `proc` has `count` processes under it; their pids."""
    deadline = time.monotonic() + seconds
    while len(found := descendants(proc.pid)) < count:
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, f"only {found} started"
        time.sleep(0.05)
    return found


WEB_ARTICLES = ("caesar-armenia.html", "north-korea-troops-shells.txt",
                "leopard-tanks-ukraine.html")


@pytest.fixture(scope="session")
def web_template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three fixture articles, fixtures/web/hostile.html (markup and javascript: in its title,
    text and source) and an empty file (a failed document), ingested once per session for the
    web tests; copy it (`web_db`) before writing."""
    folder = tmp_path_factory.mktemp("web")
    corpus = folder / "corpus"
    corpus.mkdir()
    for name in WEB_ARTICLES:
        shutil.copy(FIXTURES / name, corpus / name)
    shutil.copy(ROOT / "fixtures" / "web" / "hostile.html", corpus / "hostile.html")
    (corpus / "empty.html").write_bytes(b"")
    db = folder / "web.db"
    result = salvo("ingest", str(corpus), "--db", str(db), "--workers", "2")
    assert result.returncode == 1, result.stderr  # the empty file fails
    return db


@pytest.fixture
def web_db(web_template_db: Path, tmp_path: Path) -> Path:
    """A private copy of the web tests' database."""
    db = tmp_path / "web.db"
    copy_database(web_template_db, db)
    return db
