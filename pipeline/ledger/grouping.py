"""Claims: the readings that state the same thing, with deterministic ids.

Readings of one type, supplier, recipient, item and phase state one claim: the transfer (or
the commitment to it) with every figure reported for it, however the estimates moved. A stated
increment ("a further 20 tanks") is a transfer of its own: reports of one increment, with
figures that agree and dates close together (`ledger.yaml` `increments`), make one more claim.
The id is a hash of the claim's key, and for an increment of its earliest report's stable key
(article content and sentence offsets), so it does not depend on the order of ingest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable

from pipeline.ledger.reading import Reading
from pipeline.ledger.rules import Rules

ClaimKey = tuple[str, str, str, str, str]  # type, supplier, recipient, item key, phase


def claim_key(reading: Reading) -> ClaimKey:
    event = reading.event
    return (event.type, event.supplier or "", event.recipient or "", reading.item.key,
            reading.phase)


def claim_id(key: ClaimKey, discriminator: str = "") -> str:
    text = "\x1f".join((*key, discriminator))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def group_claims(readings: Iterable[Reading], rules: Rules) -> dict[str, list[Reading]]:
    """Claim id -> its readings (in stable order), for the readings of one unit."""
    by_key: dict[ClaimKey, list[Reading]] = defaultdict(list)
    for reading in readings:
        by_key[claim_key(reading)].append(reading)
    claims: dict[str, list[Reading]] = {}
    for key, members in by_key.items():
        main = [r for r in members if not r.increment]
        if main:
            claims[claim_id(key)] = _stable(main)
        for cluster in _increments([r for r in members if r.increment], rules):
            claims[claim_id(key, "+" + cluster[0].event.event_key)] = cluster
    return claims


def _stable(readings: list[Reading]) -> list[Reading]:
    return sorted(readings, key=_report_order)


def _report_order(reading: Reading) -> tuple:
    """Earliest report first; undated ones last; then the stable event key."""
    day = reading.reported_on or reading.as_of
    return (day is None, day or dt.date.min, reading.event.event_key)


def _increments(readings: list[Reading], rules: Rules) -> list[list[Reading]]:
    """Reports of increments, clustered: figures within the tolerance of the cluster's first,
    dates within the window of it (an undated report joins on its figure alone)."""
    clusters: list[list[Reading]] = []
    for reading in _stable(readings):
        for cluster in clusters:
            if _same_increment(cluster[0], reading, rules):
                cluster.append(reading)
                break
        else:
            clusters.append([reading])
    return clusters


def _same_increment(first: Reading, other: Reading, rules: Rules) -> bool:
    a, b = first.value or 0, other.value or 0
    if abs(a - b) > rules.increment_tolerance * max(a, b):
        return False
    if first.as_of is None or other.as_of is None:
        return True
    return abs((other.as_of - first.as_of).days) <= rules.increment_window_days
