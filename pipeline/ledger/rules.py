"""The ledger's rules, read from `ledger/data/ledger.yaml`, and their version."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from pipeline.yaml_data import load_yaml

# 1: first ledger
# 2: words hashed from their bytes in numpy (sketches differ from those of 1)
# 3: sources by their canonical name
LEDGER_CODE_VERSION = "3"
DELIVERY, COMMITMENT = "delivery", "commitment"


@dataclass(frozen=True)
class BasisRules:
    window_words: int
    total_before: re.Pattern[str]
    total_after: re.Pattern[str]
    additional_before: re.Pattern[str]
    additional_after: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    family: dict[str, str]  # category -> family
    broad: frozenset[str]  # categories that stand for their whole family
    noun_keyed: frozenset[str]  # categories whose items are told apart by their noun
    container_units: frozenset[str]  # counts of these are not counts of the item
    phase: dict[str, str]  # stage -> phase
    stage_rank: dict[str, int]  # stage -> place in stage_order, 0 the furthest
    step: dict[str, str]  # stage -> commitments column
    basis: BasisRules
    increment_tolerance: float
    increment_window_days: int
    conflict_days: int
    conflict_tolerance: float
    shingle_words: int
    sketch_size: int
    anchors: int
    min_similarity: float
    min_words: int
    version: str


def _text() -> str:
    return resources.files("pipeline.ledger").joinpath("data", "ledger.yaml").read_text("utf-8")


def _phrases(words: list[str], cancel: list[str] = ()) -> re.Pattern[str]:
    """One pattern for any of the phrases, on word boundaries, unless a `cancel` word follows."""
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    tail = rf"(?!\s+(?:{'|'.join(map(re.escape, cancel))})\b)" if cancel else ""
    return re.compile(rf"\b(?:{alternatives})\b{tail}", re.IGNORECASE)


@cache
def rules() -> Rules:
    text = _text()
    data: dict[str, Any] = load_yaml(text)
    family = {member: name for name, fam in data["families"].items() for member in fam["members"]}
    broad = frozenset(b for fam in data["families"].values() for b in fam.get("broad", []))
    phase = {stage: name for name, stages in data["phases"].items() for stage in stages}
    step = {stage: name for name, stages in data["steps"].items() for stage in stages}
    b = data["basis"]
    cancel = b["additional"].get("not_followed_by", [])
    basis = BasisRules(b["window_words"], _phrases(b["total"]["before"]),
                       _phrases(b["total"]["after"]),
                       _phrases(b["additional"]["before"], cancel),
                       _phrases(b["additional"]["after"], cancel))
    inc, flags, copies = data["increments"], data["flags"], data["copies"]
    digest = hashlib.sha256((LEDGER_CODE_VERSION + text).encode()).hexdigest()[:12]
    return Rules(
        family=family, broad=broad, noun_keyed=frozenset(data["noun_keyed"]),
        container_units=frozenset(u.lower() for u in data["container_units"]), phase=phase,
        stage_rank={s: i for i, s in enumerate(data["stage_order"])}, step=step, basis=basis,
        increment_tolerance=float(inc["value_tolerance"]),
        increment_window_days=int(inc["window_days"]),
        conflict_days=int(flags["conflict_days"]),
        conflict_tolerance=float(flags["value_tolerance"]),
        shingle_words=int(copies["shingle_words"]), sketch_size=int(copies["sketch_size"]),
        anchors=int(copies["anchors"]), min_similarity=float(copies["min_similarity"]),
        min_words=int(copies["min_words"]), version=f"{LEDGER_CODE_VERSION}-{digest}")


def phase_of(stage: str | None) -> str:
    return rules().phase.get(stage or "", DELIVERY)
