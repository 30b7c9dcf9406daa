"""How the ledger reads one event: its item, phase, basis, figure and dates.

Input: an `EventInput` and its `Item`. Output: a `Reading`, the row of `ledger_events` before
the claim, series position and flags are known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pipeline.ledger.basis import ADDITIONAL, basis_of
from pipeline.ledger.inputs import EventInput
from pipeline.ledger.items import Item
from pipeline.ledger.rules import Rules, phase_of


@dataclass(frozen=True)
class Reading:
    event: EventInput
    item: Item
    phase: str  # commitment or delivery
    step: str | None  # the column of `commitments`
    basis: str  # total, additional or unknown
    value: int | None  # the figure: the count, or the top of a range
    value_low: int | None
    value_high: int | None

    @property
    def as_of(self) -> dt.date | None:
        """The date the figure refers to: the event's date, else the publication's."""
        return self.event.event_date or self.event.published

    @property
    def reported_on(self) -> dt.date | None:
        return self.event.published

    @property
    def increment(self) -> bool:
        """A stated increment ("a further 20"): a transfer of its own, not a new total."""
        return self.basis == ADDITIONAL and self.value is not None

    @property
    def series(self) -> tuple[str | None, str | None, str]:
        return (self.event.supplier, self.event.recipient, self.item.key)


def read_event(event: EventInput, item: Item, rules: Rules) -> Reading:
    value = event.quantity if event.quantity is not None else event.quantity_upper
    low = event.quantity_low if event.quantity_low is not None else event.quantity
    high = event.quantity_upper if event.quantity_upper is not None else event.quantity
    basis = basis_of(event.sentence, event.quantity_text, event.weapon_text, rules.basis)
    return Reading(event, item, phase_of(event.stage), rules.step.get(event.stage or ""),
                   basis, value, low, high)
