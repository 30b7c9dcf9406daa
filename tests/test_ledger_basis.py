"""The basis of a figure from the words around it (phrases in ledger/data/ledger.yaml)."""

from __future__ import annotations

import pytest

from pipeline.ledger.basis import basis_of
from pipeline.ledger.rules import rules

CASES = [
    ("Berlin has delivered 60 howitzers so far, the ministry said.", "60", "howitzers", "total"),
    ("The new batch brings the total to 45 drones.", "45", "drones", "total"),
    ("In all, Seoul shipped 120 tanks to Warsaw last year.", "120", "tanks", "total"),
    ("Canberra has sent 120 vehicles in all.", "120", "vehicles", "total"),
    ("Ankara sold a total of 30 drones to Niamey.", "30", "drones", "total"),
    ("Paris will send a further 12 Caesar howitzers.", "12", "Caesar howitzers", "additional"),
    ("Another 3,000 soldiers arrived in Kursk this week.", "3,000", None, "additional"),
    ("Oslo approved an additional 20 launchers.", "20", "launchers", "additional"),
    ("Pyongyang sent 1,500 more troops.", "1,500", "troops", "additional"),
    ("Madrid pledged 6 more radars on Friday.", "6", "radars", "additional"),
    ("More than 10,000 soldiers had been sent, officials said.", "More than 10,000", None,
     "unknown"),
    ("The U.S. estimated more than 10,000 soldiers were there.", "10,000", "soldiers", "unknown"),
    ("North Korea sent more artillery systems to Russia.", None, "artillery systems",
     "additional"),
    ("Lisbon delivered 8 patrol boats, more or less on time.", "8", "patrol boats", "unknown"),
    ("Rome delivered 14 tanks in March.", "14", "tanks", "unknown"),
    ("Athens will send 10 tanks, and more later.", "10", "tanks", "unknown"),
]


@pytest.mark.parametrize(("sentence", "figure", "item", "basis"), CASES,
                         ids=[c[0][:40] for c in CASES])
def test_basis(sentence, figure, item, basis):
    assert basis_of(sentence, figure, item, rules().basis) == basis


def test_a_figure_not_found_in_its_sentence_has_no_basis():
    assert basis_of("A further shipment arrived.", "12", None, rules().basis) == "unknown"
