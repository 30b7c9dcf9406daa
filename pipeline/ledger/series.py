"""Estimate history: the figures of one supplier, recipient and item in `as_of` order, flagged.

Order: `as_of`, undated reports first (so that the latest figure is a dated one), then the
publication date, the figure and the stable event key. Flags, comparing figures of the same
phase only (a pledge is not a revised delivery):
- `increment`: an additional figure ("a further 20"), never compared with totals;
- `revision`: a figure other than the one before it in the series;
- `conflict`: a figure other than one that a different source reported within
  `conflict_days` of it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from pipeline.ledger.reading import Reading
from pipeline.ledger.rules import Rules

INCREMENT, REVISION, CONFLICT = "increment", "revision", "conflict"


def history_order(reading: Reading) -> tuple:
    as_of, reported = reading.as_of, reading.reported_on
    return (as_of is not None, as_of or dt.date.min, reported is not None,
            reported or dt.date.min, reading.value if reading.value is not None else -1,
            reading.event.event_key)


def order_series(readings: Iterable[Reading]) -> dict[tuple, list[Reading]]:
    """Series key -> its readings in history order."""
    series: dict[tuple, list[Reading]] = defaultdict(list)
    for reading in readings:
        series[reading.series].append(reading)
    return {key: sorted(members, key=history_order) for key, members in series.items()}


def flag_series(ordered: list[Reading], rules: Rules) -> dict[int, list[str]]:
    """Event id -> its flags, for one series in history order."""
    flags: dict[int, list[str]] = {r.event.event_id: [] for r in ordered}
    compared: dict[str, list[Reading]] = defaultdict(list)
    for reading in ordered:
        if reading.value is None:
            continue
        if reading.increment:
            flags[reading.event.event_id].append(INCREMENT)
            continue
        earlier = compared[reading.phase]
        if earlier and _differ(earlier[-1].value, reading.value, rules):
            flags[reading.event.event_id].append(REVISION)
        earlier.append(reading)
    for members in compared.values():
        for event_id in sorted(_conflicting(members, rules)):
            flags[event_id].append(CONFLICT)
    return flags


def _conflicting(readings: list[Reading], rules: Rules) -> set[int]:
    """Ids of the readings in conflict with another: a sliding window over the report dates."""
    dated = sorted((r for r in readings if _day(r) is not None), key=_day)
    found: set[int] = set()
    for i, one in enumerate(dated):
        for other in dated[i + 1:]:
            if (_day(other) - _day(one)).days > rules.conflict_days:
                break
            if _conflict(one, other, rules):
                found.update((one.event.event_id, other.event.event_id))
    return found


def _day(reading: Reading) -> dt.date | None:
    return reading.reported_on or reading.as_of


def _differ(a: int | None, b: int | None, rules: Rules) -> bool:
    a, b = a or 0, b or 0
    return abs(a - b) > rules.conflict_tolerance * max(a, b)


def _conflict(one: Reading, other: Reading, rules: Rules) -> bool:
    """Different sources and different figures (the dates are the caller's)."""
    if not one.event.source or not other.event.source:
        return False
    if one.event.source.casefold() == other.event.source.casefold():
        return False
    return _differ(one.value, other.value, rules)
