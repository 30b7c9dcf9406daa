"""The web benchmark: how long each page of `salvo serve` takes on a large database.

Input: a salvo database (`--db`), or one of `--docs` articles (default 10,000) built here from
the ingested fixtures (see `build`). Output, printed:
for each kind of page, the first request over HTTP to a running `salvo serve` (nothing kept from
an earlier one) and the median and slowest of `--repeat` more, and whether every request stays
under the target.
Run it with `make bench` (after the ingest benchmark) or `python -m pipeline.bench_web --help`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import text

from models import Event
from pipeline.bench import FIXTURES
from pipeline.database import make_engine
from pipeline.ledger.refresh import refresh_ledger
from pipeline.web.browser import served

TARGET_MS = 200.0
DEFAULT_DOCS = 10_000


def pages(db: Path) -> dict[str, str]:
    """A path for each kind of page, on the busiest claim, report and article of `db`."""
    engine = make_engine(str(db), read_only=True)
    with engine.connect() as conn:
        claim = conn.execute(text("SELECT claim_id FROM claims ORDER BY events DESC LIMIT 1")
                             ).scalar()
        event, article = conn.execute(text(
            "SELECT e.id, e.article_id FROM events e ORDER BY (SELECT count(*) FROM events x "
            "WHERE x.article_id = e.article_id) DESC, e.id LIMIT 1")).one()
        country = conn.execute(text("SELECT recipient FROM events GROUP BY recipient "
                                    "ORDER BY count(*) DESC LIMIT 1")).scalar()
    engine.dispose()
    return {
        "flows": "/",
        "flows, filtered by country and stage": f"/flows?country={quote(country)}"
                                                "&stage=delivered",
        "flows, full-text search": "/flows?q=shells",
        "claims": "/claims",
        "claims, filtered by item and date": "/claims?item=leopard&from=2024-01-01",
        "claims, last page": "/claims?page=1000000",
        "claim (most reports)": f"/claims/{claim}",
        "claim chart (SVG)": f"/claims/{claim}/chart.svg",
        "report": f"/events/{event}",
        "article (most events)": f"/articles/{article}",
        "runs and errors": "/runs",
    }


def timed(url: str, repeat: int) -> list[float]:
    """Milliseconds of 1 + `repeat` requests to `url`: the first one on a database the server
    has not read before (nothing kept yet), then the others."""
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        with urllib.request.urlopen(url, timeout=60) as response:
            response.read()
        times.append((time.perf_counter() - started) * 1000)
    return times


def build(folder: Path, docs: int) -> Path:
    """A database of at least `docs` articles: the fixture articles and the ledger story
    ingested by `salvo ingest`, then their rows copied (each copy with its own content hash,
    file path and a publication date moved back by a day a copy) until there are `docs`, and
    the ledger computed over all of them. Copying rows takes seconds where extracting 10,000
    documents takes minutes; the pages read rows, not files."""
    db = folder / "web-bench.db"
    subprocess.run([sys.executable, "-m", "pipeline", "ingest", *map(str, SOURCES), "--db",
                    str(db), "--quiet"], check=False)
    engine = make_engine(str(db))
    started = time.monotonic()
    with engine.begin() as conn:
        stored = conn.execute(text("SELECT count(*) FROM articles")).scalar()
        for copy in range(1, -(-docs // stored)):
            for statement in CLONE:
                conn.execute(text(statement), {"k": copy})
    refresh_ledger(engine, rebuild=True)
    engine.dispose()
    print(f"built {db} from {stored} ingested articles in {time.monotonic() - started:.0f} s",
          flush=True)
    return db


SOURCES = (FIXTURES, FIXTURES.parent / "ledger-story")
_ARTICLE_COLUMNS = ("status, error, kind, encoding, byte_size, url, title, standfirst, author, "
                    "site, language, text, ruleset_version, attempts, extracted_at, run_id")
_EVENT_COLUMNS = ", ".join(f'"{c.name}"' for c in Event.__table__.columns
                           if c.name not in ("id", "article_id"))
CLONE = (  # copy k of the original rows (ids below 1,000 articles and 100,000 rows)
    f"INSERT INTO articles (id, content_hash, published, {_ARTICLE_COLUMNS}) "
    f"SELECT id + :k * 1000, substr(content_hash, 1, 52) || printf('%012d', :k), "
    f"date(published, printf('-%d days', :k)), {_ARTICLE_COLUMNS} FROM articles WHERE id < 1000",
    "INSERT INTO article_paths (id, path, article_id, size, mtime_ns, first_seen, last_read) "
    "SELECT id + :k * 1000, path || '#' || :k, article_id + :k * 1000, size, mtime_ns, "
    "first_seen, last_read FROM article_paths WHERE id < 1000",
    f"INSERT INTO events (id, article_id, {_EVENT_COLUMNS}) "
    f"SELECT id + :k * 100000, article_id + :k * 1000, "
    f"{_EVENT_COLUMNS} FROM events WHERE id < 100000",
    "INSERT INTO attributions (id, article_id, seq, speaker, via, cue, direct, quote, start, "
    "\"end\") SELECT id + :k * 100000, article_id + :k * 1000, seq, speaker, via, cue, direct, "
    "quote, start, \"end\" FROM attributions WHERE id < 100000",
)


def report(db: Path, repeat: int) -> bool:
    """Print each page's times; whether all stay under the target."""
    engine = make_engine(str(db), read_only=True)
    with engine.connect() as conn:
        counts = conn.execute(text("SELECT (SELECT count(*) FROM articles), "
                                   "(SELECT count(*) FROM events), "
                                   "(SELECT count(*) FROM claims)")).one()
    engine.dispose()
    print(f"database: {db}: {counts[0]:,} articles, {counts[1]:,} events, {counts[2]:,} claims")
    slowest = 0.0
    with served(db) as base:
        for name, path in pages(db).items():
            first, *again = timed(base.rstrip("/") + path, repeat)
            slowest = max(slowest, first, *again)
            print(f"  {name:38s} first {first:6.1f} ms, then median "
                  f"{statistics.median(again):6.1f} ms, slowest {max(again):6.1f} ms  ({path})",
                  flush=True)
    load = os.getloadavg()[0]
    ok = slowest < TARGET_MS
    print(f"every request under {TARGET_MS:.0f} ms: {'yes' if ok else 'NO'} (slowest "
          f"{slowest:.1f} ms; load average {load:.2f} on {os.cpu_count()} cores)")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench_web", description=__doc__)
    parser.add_argument("--db", type=Path, help="A salvo database to serve (default: build one "
                        "of --docs replicated fixtures).")
    parser.add_argument("--docs", type=int, default=DEFAULT_DOCS)
    parser.add_argument("--repeat", type=int, default=5, help="Timed requests per page.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="salvo-bench-web-") as scratch:
        db = args.db or build(Path(scratch), args.docs)
        return 0 if report(db, args.repeat) else 1


if __name__ == "__main__":
    sys.exit(main())
