"""Near-copies: sketches, similarity, and groups named after their original."""

from __future__ import annotations

import datetime as dt
import random

from pipeline.ledger import copies
from pipeline.ledger.copies import Stored
from pipeline.ledger.rules import rules

RULES = rules()
WIRE = [
    "Sweden has delivered eight howitzers to its neighbour so far, the procurement agency said "
    "on Thursday, and the rest of the package will follow in batches.",
    "Each gun comes with a full load of shells, spare barrels and a team of mechanics who will "
    "stay near the border for the first months, according to the statement.",
    "Gunners have praised the system for its speed, which lets a crew fire and move before "
    "drones can find the position, and for a loader that needs only four people.",
    "The agency declined to say which route the guns had taken or where they would be used, "
    "citing the safety of the crews and of the people who drive the trains.",
]
OTHER = ("A ministry spokesman said the country had bought twelve radars from a domestic maker "
         "and would take delivery of the first two next spring, after trials at a northern "
         "range that were delayed by snow, a fire at the plant and a strike of the welders.")


def test_a_copy_with_its_own_last_line_is_similar_and_another_text_is_not():
    original = copies.sketch("\n".join(WIRE), RULES)
    copy = copies.sketch("\n".join([*WIRE, "This story was supplied by a wire service."]), RULES)
    other = copies.sketch(OTHER + " " + OTHER.replace("radars", "drones"), RULES)
    assert len(original) == RULES.sketch_size
    assert copies.similarity(original, copy, RULES.sketch_size) >= RULES.min_similarity
    assert copies.similarity(original, other, RULES.sketch_size) < 0.1


def test_a_sketch_is_the_same_in_every_process_and_short_texts_have_none():
    assert copies.sketch("\n".join(WIRE), RULES) == copies.sketch("\n".join(WIRE), RULES)
    assert copies.decode(copies.encode(copies.sketch(OTHER, RULES))) == copies.sketch(OTHER, RULES)
    assert copies.sketch("Too short to be anybody's copy.", RULES) == ()
    assert all(0 <= h < 2 ** 63 for h in copies.sketch(OTHER, RULES))


def _stored(article_id: int, text: str, published: dt.date | None) -> Stored:
    return Stored(article_id, f"{article_id:02d}" * 32, published, copies.sketch(text, RULES))


def test_groups_are_named_after_the_earliest_and_do_not_depend_on_order():
    articles = [
        _stored(1, "\n".join(WIRE[:3]), dt.date(2025, 4, 11)),
        _stored(2, "\n".join(WIRE), dt.date(2025, 4, 10)),
        _stored(3, OTHER, dt.date(2025, 4, 9)),
        _stored(4, "\n".join([*WIRE, OTHER]), None),
        _stored(5, "Short.", None),
    ]
    groups = copies.group_all(articles, RULES)
    assert groups[1] == groups[2] == groups[4] == articles[1].content_hash
    assert groups[3] == articles[2].content_hash
    assert groups[5] == articles[4].content_hash
    shuffled = articles[:]
    random.Random(3).shuffle(shuffled)
    assert copies.group_all(shuffled, RULES) == groups
