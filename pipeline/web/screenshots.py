"""`make screenshots`: PNGs of the main pages of `salvo serve` over the fixtures' demo database.

Usage: python -m pipeline.web.screenshots --db DEMO.db --out docs/img. The database gets one
confirmation and one correction first (and the ledger is refreshed), so that the pages show a
review trail.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from sqlalchemy import text

from pipeline.database import make_engine
from pipeline.ledger.refresh import refresh_ledger
from pipeline.reviews.writer import ReviewRequest, record
from pipeline.web.browser import browser_page, served

PAGES = {  # file name: page
    "flows.png": "/",
    "claims.png": "/claims?country=Russia",
    "claim.png": "/claims/{claim}",
    "report.png": "/events/{koksan}",
    "article.png": "/articles/{article}",
    "runs.png": "/runs",
}


def _demo_reviews(db: Path) -> dict[str, int]:
    engine = make_engine(str(db))
    with engine.connect() as conn:
        koksan, article = conn.execute(text(
            "SELECT id, article_id FROM events WHERE weapon_system_id = 'm1978-koksan'")).one()
        claim = conn.execute(text("SELECT claim_id FROM claims "
                                  "ORDER BY events DESC, claim_id LIMIT 1")).scalar()
        reviewed = conn.execute(text("SELECT count(*) FROM reviews")).scalar()
    if not reviewed:
        record(engine, ReviewRequest(koksan, "confirm", "analyst", note="matches the NIS"))
        record(engine, ReviewRequest(koksan, "correct", "analyst", "certainty", "hedged",
                                     "one intelligence service, not confirmed elsewhere"))
    refresh_ledger(engine)
    engine.dispose()
    return {"koksan": koksan, "article": article, "claim": claim}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path("docs/img"))
    args = parser.parse_args(argv)
    ids = _demo_reviews(args.db)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile, served(args.db) as url, \
            browser_page(Path(profile), width=1280, height=860) as page:
        for name, path in PAGES.items():
            page.goto(url.rstrip("/") + path.format(**ids))
            page.screenshot(path=str(args.out / name), full_page=False)
            print(args.out / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
