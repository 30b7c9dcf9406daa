"""A count and its designation in two phrases make one item."""

from __future__ import annotations

import pytest

from pipeline.claims.designations import Designations
from pipeline.claims.nlp.factory import shared_pipeline
from pipeline.claims.nlp.frames import FrameReader
from pipeline.claims.nlp.lexicon import load_lexicon
from pipeline.claims.nlp.patterns import NOUN, WEAPON
from pipeline.claims.nlp.places import Places
from pipeline.claims.quantities import quantity_before

pytestmark = pytest.mark.slow


def merged(text: str) -> list[tuple[str, int | None]]:
    """(mention text, count) of the items left after merging, for the first sentence."""
    lexicon = load_lexicon()
    doc = shared_pipeline()(text)
    places = Places(doc, lexicon)
    reader = FrameReader(lexicon, places)
    designations = Designations(lexicon)
    items = []
    for mention in places.mentions_in(doc[:], (WEAPON, NOUN)):
        frame = reader.read(mention.root, list(mention))
        if frame is None and items and designations.designates(items[-1][0], mention):
            frame = items[-1][1]  # as the article reader does
        count = quantity_before(doc, mention.start, mention[-1].lower_)
        if frame is not None:
            items.append((mention, frame, count))
    return [(m.text, q.value if q else None) for m, _, q in designations.merge(items)]


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Chile sent Peru 120 loitering munitions, mostly of the Switchblade type.",
                 [("Switchblade", 120)], id="mostly-names-the-count"),
    pytest.param("Chile sent Peru 300 rockets, including Grad and Uragan variants.",
                 [("rockets", 300)], id="examples-keep-the-generic"),
    pytest.param("Chile sent Peru a batch of helicopters, consisting of four Black Hawks.",
                 [("Black Hawks", 4)], id="consisting-of"),
    pytest.param("Chile sent Peru six aircraft: maritime patrol planes.",
                 [("aircraft", 6)], id="generic-restated-after-colon"),
    pytest.param("Chile sent Peru 12 howitzers and 30 Leopard 2 tanks.",
                 [("howitzers", 12), ("Leopard 2 tanks", 30)], id="two-items-stay-two"),
])
def test_merge(text: str, expected: list[tuple[str, int | None]]) -> None:
    assert merged(text) == expected
