"""The ledger's benchmark: claims and history for a large stored corpus, and the refresh after
an ingest that adds a few articles.

A database of `articles` synthetic articles is written directly (no extraction): texts of
random words, one in twenty a near-copy of another; four events each over 60 flows, 150 items
of the weapon list (with category-and-calibre descriptions of them), troops, 40 sources and
three years of dates, with figures, ranges, hedges, stages and "a further" increments. Then the
ledger is built from nothing (copy groups included), rebuilt (copy groups kept), and refreshed
after `added` more articles are stored, as `salvo ingest` does at the end of a run.
Run it with `python -m pipeline.bench_ledger` (`make bench` runs it after the ingest benchmark).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, insert, select

from models import Article, Event, Run
from pipeline import migrations
from pipeline.database import make_engine
from pipeline.ledger.refresh import RefreshReport, refresh_ledger

ARTICLES, ADDED = 10_000, 10
EVENTS_PER_ARTICLE = 4
VOCABULARY = (
    "army minister shells guns drones tanks border convoy report officials said spokesman front "
    "brigade deliveries package talks summit capital week month analysts satellite images "
    "factory contract budget parliament envoy defence ministry crews training winter spring "
    "radar battery missiles rail port harbour airfield bridge river village region province "
    "weapons supplies artillery troops soldiers attack offensive")
COUNTRIES = ("North Korea", "Russia", "Ukraine", "Iran", "United States", "Germany", "France",
             "Poland", "Sweden", "Turkey", "China", "Pakistan", "India", "Armenia", "Niger")
STAGES = ("delivered", "delivered", "delivered", "delivering", "pledged", "approved", "ordered",
          "announced")


@dataclass(frozen=True)
class LedgerBench:
    articles: int
    events: int
    from_nothing: RefreshReport
    rebuild: RefreshReport
    added: int
    refresh: RefreshReport
    cpu_s: tuple[float, float, float]  # CPU seconds of the three refreshes


def _systems(rng: random.Random, count: int) -> list[dict]:
    text = resources.files("pipeline").joinpath("claims", "nlp", "data", "weapons.jsonl")
    systems = [json.loads(line) for line in text.read_text("utf-8").splitlines() if line]
    return rng.sample(systems, count)


class Corpus:
    """Synthetic articles and their events, the same for the same seed."""

    def __init__(self, seed: int = 1) -> None:
        self.rng = random.Random(seed)
        self.systems = _systems(self.rng, 150)
        pairs = [(a, b) for a in COUNTRIES for b in COUNTRIES if a != b]
        self.flows = self.rng.sample(pairs, 60)
        self.sources = [f"Source {i}" for i in range(40)]
        self.texts: list[str] = []
        self.words = VOCABULARY.split()

    def article(self, number: int) -> tuple[dict, list[dict]]:
        rng = self.rng
        if self.texts and rng.random() < 0.05:  # a wire story carried again
            text = rng.choice(self.texts) + "\nThis story was supplied by a wire service."
        else:
            text = "\n".join(" ".join(rng.choices(self.words, k=60)) + "." for _ in range(5))
            self.texts.append(text)
        published = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(1095))
        article = {"content_hash": f"{number:064x}", "status": "ok", "kind": "text",
                   "byte_size": len(text), "title": f"Article {number}", "published": published,
                   "site": f"site{rng.randrange(300)}.example", "language": "en", "text": text,
                   "ruleset_version": "bench", "attempts": 1,
                   "extracted_at": dt.datetime(2026, 1, 1)}
        return article, [self.event(seq, published) for seq in range(EVENTS_PER_ARTICLE)]

    def event(self, seq: int, published: dt.date) -> dict:
        rng = self.rng
        supplier, recipient = rng.choice(self.flows)
        count = rng.choice([None, rng.randrange(2, 60), rng.randrange(1000, 20000)])
        further = count is not None and rng.random() < 0.1
        text = f"{'a further ' if further else ''}{count or ''}"
        sentence = f"{supplier} sent {text} items to {recipient}, officials said."
        row = {"seq": seq, "type": "arms_transfer", "supplier": supplier, "recipient": recipient,
               "inferred": False, "quantity": count, "quantity_text": text or None,
               "quantity_approximate": rng.random() < 0.3, "source_name": rng.choice(
                   self.sources), "certainty": "asserted", "stage": rng.choice(STAGES),
               "event_date": published - dt.timedelta(days=rng.randrange(30)),
               "date_precision": "day", "sentence": sentence, "start": 10 * seq,
               "end": 10 * seq + len(sentence), "weapon_name": None, "weapon_system_id": None,
               "weapon_category": None, "calibre_mm": None}
        if rng.random() < 0.15:
            row.update(type="troop_deployment")
            return row
        system = rng.choice(self.systems)
        if rng.random() < 0.2 and system.get("calibre_mm"):  # described, not named
            row.update(weapon_name="guns", weapon_category=system["category"],
                       calibre_mm=system["calibre_mm"])
        else:
            row.update(weapon_name=system["name"], weapon_system_id=system["id"],
                       weapon_category=system["category"], calibre_mm=system.get("calibre_mm"))
        return row


def store(engine: Engine, corpus: Corpus, first: int, count: int) -> int:
    """Write articles `first` .. `first + count - 1` with their events; the events written."""
    with engine.begin() as conn:
        run_id = conn.execute(insert(Run), {
            "started_at": dt.datetime(2026, 1, 1), "status": "ok", "command": "bench",
            "salvo_version": "bench", "ruleset_version": "bench"}).inserted_primary_key[0]
        articles, events = [], []
        for number in range(first, first + count):
            article, article_events = corpus.article(number)
            articles.append({**article, "run_id": run_id})
            events.append(article_events)
        conn.execute(insert(Article), articles)
        ids = dict(conn.execute(select(Article.content_hash, Article.id).where(
            Article.content_hash.in_([a["content_hash"] for a in articles]))).all())
        rows = [{**e, "article_id": ids[a["content_hash"]]}
                for a, article_events in zip(articles, events, strict=True)
                for e in article_events]
        conn.execute(insert(Event), rows)
    return len(rows)


def run(db: str, articles: int = ARTICLES, added: int = ADDED) -> LedgerBench:
    engine = make_engine(db)
    migrations.upgrade(engine)
    corpus = Corpus()
    events = store(engine, corpus, 0, articles)
    from_nothing, first_cpu = _timed(engine)
    rebuild, rebuild_cpu = _timed(engine, rebuild=True)
    store(engine, corpus, articles, added)
    refresh, refresh_cpu = _timed(engine)
    engine.dispose()
    return LedgerBench(articles, events, from_nothing, rebuild, added, refresh,
                       (first_cpu, rebuild_cpu, refresh_cpu))


def _timed(engine: Engine, rebuild: bool = False) -> tuple[RefreshReport, float]:
    """A refresh with its wall time (transaction and commit included) and CPU time."""
    wall, cpu = time.perf_counter(), time.process_time()
    report = refresh_ledger(engine, rebuild=rebuild)
    return (replace(report, seconds=time.perf_counter() - wall),
            time.process_time() - cpu)


def report(bench: LedgerBench) -> str:
    """Wall seconds, and CPU seconds in brackets (what an idle machine would take)."""
    first, again, after = bench.from_nothing, bench.rebuild, bench.refresh
    first_cpu, again_cpu, after_cpu = bench.cpu_s
    return "\n".join([
        f"ledger, {bench.articles:,} stored articles ({bench.events:,} events, "
        f"{first.claims:,} claims): claims and history "
        f"{first.seconds - first.copies_seconds:.2f} s (target < 10 s), near-copies "
        f"{first.copies_seconds:.2f} s more the first time, {first_cpu:.2f} s CPU in all; "
        f"salvo ledger --rebuild (both again): {again.seconds:.2f} s ({again_cpu:.2f} s CPU)",
        f"ledger after an ingest adding {bench.added} articles: {after.seconds:.2f} s "
        f"(target < 1 s; {after_cpu:.2f} s CPU), {after.units} groups recomputed, "
        f"{after.events:,} events regrouped"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.bench_ledger", description=__doc__)
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--added", type=int, default=ADDED)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="salvo-ledger-bench-") as scratch:
        print(report(run(str(Path(scratch) / "ledger.db"), args.articles, args.added)),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
