"""What the reports say of one claim: the row of `ledger_claims`.

Input: the claim's readings and, per article, the outlet its text counts for (the outlet of
its copy group's original). Output: a dict of `ledger_claims` columns.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pipeline.ledger.reading import Reading
from pipeline.ledger.rules import Rules
from pipeline.ledger.series import history_order

ADDITIONAL_CLAIM, TOTAL_CLAIM = "additional", "total"


def outlet_key(reading: Reading) -> str:
    """The outlet, or for an article of unknown outlet a key of its own."""
    return reading.event.outlet or f"#{reading.event.content_hash[:12]}"


def summarize(claim_id: str, unit: str, readings: Sequence[Reading],
              independent: Mapping[int, str], rules: Rules) -> dict[str, Any]:
    """The claim's row; `readings` in report order (earliest first)."""
    first, item = readings[0], readings[0].item
    sources = _distinct(r.event.source for r in readings)
    outlets = {outlet_key(r) for r in readings}
    figures = [r for r in readings if r.value is not None]
    latest = max(figures, key=history_order) if figures else None
    reported = [r.reported_on for r in readings if r.reported_on]
    certainty = [r.event.certainty for r in readings]
    return {
        "claim_id": claim_id, "unit": unit, "type": first.event.type,
        "supplier": first.event.supplier, "recipient": first.event.recipient,
        "item_key": item.key, "item": item.label, "weapon_system_id": item.system_id,
        "category": item.category, "calibre_mm": item.calibre_mm, "phase": first.phase,
        "stage": _furthest(readings, rules),
        "basis": ADDITIONAL_CLAIM if first.increment else TOTAL_CLAIM,
        "events": len(readings), "articles": len({r.event.article_id for r in readings}),
        "outlets": len(outlets),
        "independent_outlets": len({independent.get(r.event.article_id, outlet_key(r))
                                    for r in readings}),
        "sources": len(sources), "source_names": "; ".join(sources) or None,
        "outlet_names": "; ".join(sorted(o for o in outlets if not o.startswith("#"))) or None,
        "first_source": next((r.event.source for r in readings if r.event.source), None),
        "quantity_low": min((r.value_low for r in figures if r.value_low is not None),
                            default=None),
        "quantity_high": max((r.value_high for r in figures if r.value_high is not None),
                             default=None),
        "quantity_latest": latest.value if latest else None,
        "first_reported": min(reported, default=None),
        "last_reported": max(reported, default=None),
        "asserted": certainty.count("asserted"), "hedged": certainty.count("hedged"),
        "denied": certainty.count("denied"),
    }


def _distinct(names) -> list[str]:
    """Distinct names, case-insensitively, alphabetical; the first spelling of each kept."""
    kept: dict[str, str] = {}
    for name in names:
        if name and name.strip():
            kept.setdefault(name.strip().casefold(), name.strip())
    return sorted(kept.values(), key=str.casefold)


def _furthest(readings: Sequence[Reading], rules: Rules) -> str | None:
    stages = [r.event.stage for r in readings if r.event.stage in rules.stage_rank]
    return min(stages, key=rules.stage_rank.__getitem__, default=None)
