"""The stage of a transfer, from request to delivery, read from its predicate."""

from __future__ import annotations

import pytest

from pipeline.claims.events import extract_claims
from pipeline.claims.nlp.factory import shared_pipeline
from pipeline.claims.nlp.lexicon import load_lexicon
from pipeline.records import STAGES, ArticleContent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return shared_pipeline()


def test_every_stage_word_names_a_contract_stage() -> None:
    ids = {entry["id"] for entry in load_lexicon().cues["stage_words"]}
    assert ids <= set(STAGES)


STAGE_CASES = [
    pytest.param("Estonia delivered 12 howitzers to Ukraine in May.", "delivered", id="past"),
    pytest.param("Chile has handed over two frigates to Peru.", "delivered", id="perfect"),
    pytest.param("Ghana will receive four patrol boats from Germany.", "announced", id="future"),
    pytest.param("Spain is delivering 20 armoured vehicles to Ukraine.", "delivering",
                 id="progressive"),
    pytest.param("Britain is sending 14 Challenger 2 tanks to Ukraine.", "announced",
                 id="progressive-send"),
    pytest.param("Turkey continues to supply drones to Azerbaijan.", "delivering",
                 id="continues"),
    pytest.param("Portugal pledged three tanks to Ukraine.", "pledged", id="pledged"),
    pytest.param("Kenya plans to buy six helicopters from the United States.", "planned",
                 id="plans-to-buy"),
    pytest.param("Washington approved the sale of 40 tanks to Poland.", "approved",
                 id="approved-sale"),
    pytest.param("Morocco ordered 36 howitzers from France.", "ordered", id="ordered"),
    pytest.param("Brazil offered 20 armoured vehicles to Uruguay.", "offered", id="offered"),
    pytest.param("Taipei requested 66 F-16 jets from the United States.", "requested",
                 id="requested"),
    pytest.param("Norway handed over the eight NASAMS launchers it had promised to Ukraine.",
                 "delivered", id="pledge-is-a-modifier"),
    pytest.param("The company announced that it has delivered 24 drones to Poland.", "delivered",
                 id="reported-past"),
]


@pytest.mark.parametrize(("text", "stage"), STAGE_CASES)
def test_stage(nlp, text: str, stage: str) -> None:
    content = ArticleContent(text=text, kind="text", encoding="utf-8")
    events = extract_claims(nlp, content).events
    assert events and {e.stage for e in events} == {stage}
