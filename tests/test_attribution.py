"""Attribution: speakers, chains of intermediaries, quotes and references back to people."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from pipeline.claims.events import extract_claims
from pipeline.claims.nlp.factory import shared_pipeline
from pipeline.records import ArticleContent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def nlp():
    return shared_pipeline()  # built once per test session


def claims_for(nlp, text: str):
    content = ArticleContent(text=text, kind="text", encoding="utf-8",
                             published=dt.date(2024, 11, 20))
    return extract_claims(nlp, content)


SOURCES = [
    pytest.param("Iran has sent drones to Russia, US officials said on Tuesday.",
                 "US officials", (), id="said-after"),
    pytest.param("The Pentagon said Iran had sent drones to Russia.", "Pentagon", (),
                 id="body-before"),
    pytest.param("Russia received more than 400 drones from Iran, according to the Institute "
                 "for the Study of War.", "Institute for the Study of War", (),
                 id="according-to"),
    pytest.param("North Korea sent artillery to Russia, South Korea's spy agency told lawmakers.",
                 "South Korea's spy agency", (), id="body-by-kind-and-country"),
    pytest.param("Pyongyang exported 170mm self-propelled guns to Russia, the National "
                 "Intelligence Service said in a briefing, according to lawmaker Lee "
                 "Seong-kweun who was in attendance.",
                 "National Intelligence Service", ("Lee Seong-kweun",), id="chain-according"),
    pytest.param("Iran shipped ballistic missiles to Russia, Reuters reported, citing European "
                 "sources.", "European sources", ("Reuters",), id="chain-citing"),
    pytest.param("North Korea is believed to have sent shells to Russia, the Wall Street Journal "
                 "reported, quoting US officials.", "US officials", ("Wall Street Journal",),
                 id="chain-quoting"),
    pytest.param("North Korea has exported 240mm howitzers to Russia, said the National "
                 "Intelligence Service, or NIS, as cited by South Korean lawmakers.",
                 "National Intelligence Service", ("South Korean lawmakers",),
                 id="chain-as-cited-by"),
    pytest.param("The ministry quoted Defence Minister Rustem Umerov as saying that Denmark had "
                 "sent F-16s to Ukraine.", "Rustem Umerov", ("ministry",),
                 id="chain-quoted-as-saying"),
    pytest.param("North Korea exported 240mm rocket launchers to Russia, Seoul said.",
                 "Seoul", (), id="seat-as-written"),
    pytest.param("Iran sent drones to Russia, a senior US official told reporters, speaking on "
                 "condition of anonymity.", "senior US official", (), id="anonymous"),
    pytest.param("Russia received 40 drones from Iran, the Center for Strategic and "
                 "International Studies said.", "Center for Strategic and International Studies",
                 (), id="speaker-the-parser-missed"),
    pytest.param("North Korea sent 50 howitzers to Russia, a spokesperson for the Pentagon said.",
                 "spokesperson for the Pentagon", (), id="spokesperson-for-body"),
    pytest.param("\u201cWe will send more Leopard tanks to Ukraine,\u201d the German chancellor "
                 "Olaf Scholz said.", "Olaf Scholz", (), id="untyped-name"),
    pytest.param("Swedish arms maker Saab has handed over two radars to Ukraine, the company "
                 "said.", "Saab", (), id="the-company-named-before"),
]


@pytest.mark.parametrize(("text", "name", "via"), SOURCES)
def test_event_source(nlp, text: str, name: str, via: tuple) -> None:
    events = claims_for(nlp, text).events
    assert events
    assert {(e.source.name, e.source.via) for e in events} == {(name, via)}


def test_according_to_outranks_a_side_clause(nlp) -> None:
    text = ("According to the report, Russia's Wagner Group had earlier supplied "
            "surface-to-air missiles to Sudan, though Moscow has rejected any involvement.")
    claims = claims_for(nlp, text)
    (event,) = claims.events
    assert (event.source.name, event.certainty) == ("report", "asserted")
    assert {a.speaker for a in claims.attributions} == {"report", "Moscow"}


def test_we_is_the_speakers_country(nlp) -> None:
    text = ("\u201cWe will send more Leopard tanks to Ukraine,\u201d the German chancellor "
            "Olaf Scholz said.")
    (event,) = claims_for(nlp, text).events
    assert (event.supplier, event.recipient) == ("Germany", "Ukraine")


def test_short_attribution_after_the_claim(nlp) -> None:
    text = ("North Korea has sent 11,000 troops to Russia. That is according to South Korea's "
            "spy agency.")
    (event,) = claims_for(nlp, text).events
    assert event.source.name == "South Korea's spy agency"


def test_intermediaries_are_speakers_too(nlp) -> None:
    text = ("North Korea sent shells to Russia, the Wall Street Journal reported, quoting US "
            "officials.")
    speakers = {a.speaker for a in claims_for(nlp, text).attributions}
    assert speakers == {"US officials", "Wall Street Journal"}


def test_mr_lee_is_the_lawmaker_named_before(nlp) -> None:
    text = ("The NIS said so, according to lawmaker Lee Seong-kweun.\n"
            "Mr Lee also said that there were around 10,900 North Korean soldiers in Kursk.")
    claims = claims_for(nlp, text)
    (event,) = claims.events
    assert event.source.name == "Lee Seong-kweun"


def test_the_lawmaker_and_he(nlp) -> None:
    text = ("Another lawmaker, Park Sun-won, spoke after the briefing.\n"
            "The lawmaker said Pyongyang had sent 3,000 more troops to Russia.\n"
            "He said North Korea had also sent KN-23 missiles to Russia.")
    sources = [e.source.name for e in claims_for(nlp, text).events]
    assert sources == ["Park Sun-won", "Park Sun-won"]


def test_the_newspaper_is_the_outlet_named_before(nlp) -> None:
    text = ("The Washington Post reported on Tuesday that the decision was made.\n"
            "Citing unidentified American officials, the newspaper said the United States "
            "would send land mines to Ukraine.")
    (event,) = claims_for(nlp, text).events
    assert (event.source.name, event.source.via) == ("unidentified American officials",
                                                     ("Washington Post",))


def test_quote_over_two_sentences_has_the_speaker_after_it(nlp) -> None:
    text = ("\u201cGermany has delivered 18 Leopard 2 tanks to Ukraine. More tanks will follow "
            "soon,\u201d the defence minister Boris Pistorius said.")
    claims = claims_for(nlp, text)
    direct = [a for a in claims.attributions if a.direct]
    assert [a.speaker for a in direct] == ["Boris Pistorius"]
    assert direct[0].quote.startswith("Germany has delivered")
    assert text[direct[0].start:direct[0].end] == direct[0].quote
    assert {e.source.name for e in claims.events} == {"Boris Pistorius"}


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("The Kremlin called the deployment of 5,000 German troops a provocation and "
                 "said Russia would respond.", "Kremlin", id="conjoined-said"),
    pytest.param("Lithuania's defence minister, Rasa Zemaitiene, said 1,000 German troops had "
                 "arrived.", "Rasa Zemaitiene", id="apposed-name"),
    pytest.param("The government in Prague said it had delivered 1,000 shells to Ukraine.",
                 "government in Prague", id="placed-body"),
    pytest.param("The Ministry of Defence said 1,000 British troops would be sent to Estonia.",
                 "Ministry of Defence", id="name-with-of"),
    pytest.param("One of the sources said Iran had sent 200 missiles to Russia.", "sources",
                 id="one-of-the-sources"),
    pytest.param("A panel of UN experts said the UAE had sent drones to Sudan.",
                 "panel of UN experts", id="group-of"),
])
def test_speaker_phrases(nlp, text: str, speaker: str) -> None:
    assert speaker in {a.speaker for a in claims_for(nlp, text).attributions}


def test_the_agency_is_the_latest_agency(nlp) -> None:
    text = ("South Korea's spy agency said North Korea had sent 11,000 troops to Russia.\n"
            "Ukraine's military intelligence agency said North Korea had supplied 120 Koksan "
            "guns to Russia.\n"
            "Roughly 60 240mm rocket launchers were delivered to Russia, the agency said.")
    sources = [e.source.name for e in claims_for(nlp, text).events]
    assert sources[-1] == "Ukraine's military intelligence agency"


def test_quote_with_speaker_before(nlp) -> None:
    text = ("Defence Secretary Lloyd Austin said: \u201cThe United States will send Patriot "
            "systems to Ukraine to defend its skies.\u201d")
    claims = claims_for(nlp, text)
    (attribution,) = claims.attributions
    assert (attribution.speaker, attribution.direct) == ("Lloyd Austin", True)
    assert claims.events[0].source.name == "Lloyd Austin"


def test_denial_speaker(nlp) -> None:
    (attribution,) = claims_for(nlp, "Tehran denied sending drones to Moscow.").attributions
    assert (attribution.speaker, attribution.cue) == ("Tehran", "denied")


def test_scare_quotes_are_not_statements(nlp) -> None:
    text = "Russian officials dismissed the reports as \u201cfibs and hype.\u201d"
    assert all(not a.direct for a in claims_for(nlp, text).attributions)


@pytest.mark.parametrize("text", [
    pytest.param("The authorisation is also claimed to be a response to the decision.",
                 id="passive-claimed"),
    pytest.param("North Korea showed off its new missile at a parade.", id="show-off"),
    pytest.param("The Kremlin declined to comment.", id="declined"),
    pytest.param("The US did not say when it would send 31 tanks to Ukraine.", id="did-not-say"),
])
def test_no_speaker(nlp, text: str) -> None:
    assert claims_for(nlp, text).attributions == ()


TABLE = yaml.safe_load((Path(__file__).parent / "data" / "attribution_sentences.yaml")
                       .read_text(encoding="utf-8"))


def _said_in(nlp, case: dict) -> list:
    """The attributions read from the case's text (its context paragraphs go first)."""
    context = case.get("context", [])
    text = "\n".join([*context, case["text"]])
    content = ArticleContent(text=text, kind="text", encoding="utf-8")
    start = len(text) - len(case["text"])
    return [a for a in extract_claims(nlp, content, attributions="all").attributions
            if a.start >= start]


def _matches(attribution, want: dict) -> bool:
    identity = attribution.identity
    return (attribution.speaker == want["speaker"]
            and ("via" not in want or list(attribution.via) == want["via"])
            and ("source_id" not in want or identity.id == want["source_id"])
            and ("kind" not in want or identity.kind == want["kind"]))


@pytest.mark.parametrize("case", TABLE, ids=[c["id"] for c in TABLE])
def test_attribution_table(nlp, case: dict) -> None:
    said = _said_in(nlp, case)
    for want in case.get("said", []):
        assert any(_matches(a, want) for a in said), (want, said)
    if case.get("said") == []:
        assert said == []
    spoken = {a.speaker for a in said}
    assert not spoken & set(case.get("not_said", []))


def test_every_attribution_has_an_identity(nlp) -> None:
    said = [a for case in TABLE[:6] for a in _said_in(nlp, case)]
    assert said and all(a.identity and a.identity.id for a in said)


def test_arms_mode_reads_every_paragraph_of_an_article_with_events(nlp) -> None:
    text = ("Germany sent 20 Leopard tanks to Lithuania, the Bundeswehr said.\n"
            "The crews trained near Rukla for a month before the move.\n"
            "The weather was mild.\n"
            "A statement by the Lithuanian Armed Forces welcomed the crews warmly.")
    content = ArticleContent(text=text, kind="text", encoding="utf-8")
    said = {mode: {a.speaker for a in extract_claims(nlp, content, attributions=mode)
                   .attributions} for mode in ("claims", "arms", "all")}
    assert said["claims"] == {"Bundeswehr"}
    assert said["arms"] == said["all"] == {"Bundeswehr", "Lithuanian Armed Forces"}


def test_only_all_mode_reads_articles_without_events(nlp) -> None:
    content = ArticleContent(text="The Leopard tanks on display in Riga were old, the curator "
                             "said.\nNobody asked to buy one, he added.", kind="text",
                             encoding="utf-8")
    for mode in ("claims", "arms"):
        assert extract_claims(nlp, content, attributions=mode).attributions == ()
    claims = extract_claims(nlp, content, attributions="all")
    assert {a.speaker for a in claims.attributions} == {"curator"} and claims.events == ()
