"""Items and units: a system named, or described by category and calibre, is one item."""

from __future__ import annotations

import pytest
from ledger_factory import event, koksan, troops

from pipeline.ledger.items import resolve_items, unit_of
from pipeline.ledger.rules import rules

RULES = rules()


def _keys(*events) -> list[str]:
    items = resolve_items(events, RULES)
    return [items[e.event_id].key for e in events]


def test_a_category_and_calibre_join_the_one_system_of_that_calibre():
    assert _keys(koksan(), event(weapon_name="self-propelled guns", calibre_mm=170.0)) \
        == ["m1978-koksan", "m1978-koksan"]


def test_a_broad_category_with_a_calibre_joins_the_system_too():
    assert _keys(koksan(), event(weapon_name="howitzers", weapon_category="artillery",
                                 calibre_mm=170.0))[1] == "m1978-koksan"


def test_two_systems_of_one_calibre_leave_the_description_apart():
    keys = _keys(event(weapon_system_id="m1991-mrl", weapon_category="multiple rocket launcher",
                       calibre_mm=240.0),
                 event(weapon_system_id="m1985-mrl", weapon_category="multiple rocket launcher",
                       calibre_mm=240.0),
                 event(weapon_category="multiple rocket launcher", calibre_mm=240.0))
    assert keys == ["m1991-mrl", "m1985-mrl", "multiple rocket launcher / 240mm"]


def test_a_broad_word_joins_the_one_narrower_category_of_its_calibre():
    """"240mm howitzers" beside "240mm multiple rocket launchers", no system named."""
    keys = _keys(event(weapon_category="multiple rocket launcher", calibre_mm=240.0),
                 event(weapon_category="artillery", calibre_mm=240.0))
    assert keys == ["multiple rocket launcher / 240mm"] * 2


@pytest.mark.parametrize(("other", "expected"), [
    (dict(calibre_mm=152.0), "self-propelled artillery / 152mm"),
    (dict(calibre_mm=None), "self-propelled artillery"),
    (dict(weapon_category="towed artillery", calibre_mm=170.0), "towed artillery / 170mm"),
], ids=["other-calibre", "no-calibre", "other-category"])
def test_descriptions_that_do_not_match_the_system_stay_apart(other, expected):
    assert _keys(koksan(), event(**other))[1] == expected


def test_nouns_tell_apart_items_of_the_catch_all_categories():
    assert _keys(event(weapon_category="other", weapon_name="Radars"),
                 event(weapon_category="other", weapon_name="trucks")) \
        == ["other / radars", "other / trucks"]


def test_counts_of_containers_are_an_item_of_their_own():
    keys = _keys(event(weapon_category="unspecified", weapon_name="weapons", quantity=7000,
                       quantity_unit="containers"),
                 event(weapon_category="unspecified", weapon_name="weapons"))
    assert keys == ["unspecified / weapons / containers", "unspecified / weapons"]


def test_troops_are_one_item():
    assert _keys(troops(quantity=10000), troops()) == ["troops", "troops"]


def test_units_group_an_item_family_of_one_flow():
    assert unit_of(koksan(), RULES) == "arms_transfer|North Korea|Russia|artillery"
    assert unit_of(event(weapon_category="multiple rocket launcher"), RULES) \
        == "arms_transfer|North Korea|Russia|artillery"
    assert unit_of(event(weapon_category="drone", recipient=None), RULES) \
        == "arms_transfer|North Korea||drone"
    assert unit_of(troops(), RULES) == "troop_deployment|North Korea|Russia|troops"
