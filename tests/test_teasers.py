"""Teasers glued to their blurbs: a title-case headline run into its first sentence."""

from __future__ import annotations

import pytest

from pipeline.content.teasers import glued_teasers, is_glued_teaser


@pytest.mark.parametrize(("line", "glued"), [
    ("Harbour Authority Opens New Container BerthThe port's fourth berth opened on Monday.", True),
    ("Rail Strike Called Off After Late Pay Offer 250,000The union accepted a new offer.", True),
    ("Customers Leave Without Paying Bill At Riverside CafeA party of twelve walked out.", True),
    ("He ordered a McDonald's burger and ate it in the car park on Tuesday.", False),
    ("The new iPhone was shown by the company in California on Tuesday morning.", False),
    ("Ministry Says Talks With The Shipyard Went Well", False),
], ids=["headline-then-blurb", "after-a-number", "blurb-starting-with-a", "name-with-capital",
        "product-name", "headline-alone"])
def test_is_glued_teaser(line: str, glued: bool) -> None:
    assert is_glued_teaser(line) is glued


def test_a_teaser_counts_only_in_a_list_of_them() -> None:
    one = "Council Votes To Rebuild The Old Market HallWork on the building starts in spring."
    two = "City Marathon Draws A Record Crowd This YearOrganisers thanked the sunny weather."
    prose = "The navy said the frigate would sail in May."
    assert glued_teasers([prose, one, prose]) == [False, False, False]
    assert glued_teasers([one, two, prose]) == [True, True, False]
