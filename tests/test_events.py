"""Claim extraction on sentences from several conflicts: events, sides, counts, certainty."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.claims.events import ArticleReader, extract_claims, paragraphs
from pipeline.claims.nlp.factory import shared_pipeline
from pipeline.claims.nlp.lexicon import load_lexicon
from pipeline.records import ArticleContent, Event

pytestmark = pytest.mark.slow

PUBLISHED = dt.date(2024, 11, 20)  # a Wednesday
ARMS, TROOPS = "arms_transfer", "troop_deployment"


@pytest.fixture(scope="module")
def nlp():
    return shared_pipeline()  # built once per test session


def claims_for(nlp, text: str, title: str | None = None, published: dt.date | None = PUBLISHED):
    content = ArticleContent(text=text, kind="text", encoding="utf-8", title=title,
                             published=published)
    return extract_claims(nlp, content)


def summary(event: Event) -> tuple:
    weapon = event.weapon
    return (event.type, event.supplier, event.recipient, weapon.category if weapon else None,
            event.quantity.value if event.quantity else None,
            weapon.calibre_mm if weapon else None)


EVENTS = [
    # Iran to Russia
    pytest.param("Iran has supplied Russia with Shahed-136 drones, the White House said.",
                 {(ARMS, "Iran", "Russia", "drone", None, None)}, id="iran-supply-with"),
    pytest.param("Russia has received more than 1,000 Shahed drones from Iran since August 2022.",
                 {(ARMS, "Iran", "Russia", "drone", 1000, None)}, id="iran-received-from"),
    pytest.param("Iran is believed to have shipped around 200 Fateh-360 missiles to Russia.",
                 {(ARMS, "Iran", "Russia", "ballistic missile", 200, None)}, id="iran-fateh"),
    pytest.param("Tehran denied sending drones to Moscow.",
                 {(ARMS, "Iran", "Russia", "drone", None, None)}, id="iran-metonyms"),
    pytest.param("Russia has bought hundreds of Iranian Shahed drones.",
                 {(ARMS, "Iran", "Russia", "drone", None, None)}, id="iran-demonym-origin"),
    pytest.param("Iran's exports of Mohajer-6 drones to Russia began in 2022.",
                 {(ARMS, "Iran", "Russia", "drone", None, None)}, id="iran-exports-noun"),
    pytest.param("Russia may have received Fateh-110 missiles from Iran, the Pentagon said.",
                 {(ARMS, "Iran", "Russia", "ballistic missile", None, None)}, id="iran-may"),
    pytest.param("Iran reportedly transferred Ababil drones to Sudan's army.",
                 {(ARMS, "Iran", "Sudan", "drone", None, None)}, id="iran-sudan"),
    pytest.param("Iran shipped a batch of ballistic missiles to Russia last week.",
                 {(ARMS, "Iran", "Russia", "ballistic missile", None, None)}, id="iran-batch"),
    # the United States and Europe to Ukraine
    pytest.param("The United States will send 31 Abrams tanks to Ukraine.",
                 {(ARMS, "United States", "Ukraine", "tank", 31, 120.0)}, id="us-abrams"),
    pytest.param("Washington's latest military aid package for Kyiv includes HIMARS launchers "
                 "and 155mm artillery rounds.",
                 {(ARMS, "United States", "Ukraine", "multiple rocket launcher", None, 227.0),
                  (ARMS, "United States", "Ukraine", "ammunition", None, 155.0)},
                 id="us-package-includes"),
    pytest.param("The Pentagon announced a $400 million package that includes 20 Bradley "
                 "fighting vehicles for Ukraine.",
                 {(ARMS, "United States", "Ukraine", "armoured vehicle", 20, 25.0)},
                 id="us-package-price-not-count"),
    pytest.param("The United States has sent Ukraine more than 2 million 155mm artillery shells.",
                 {(ARMS, "United States", "Ukraine", "ammunition", 2000000, 155.0)},
                 id="us-shells-million"),
    pytest.param("Germany has delivered 18 Leopard 2A6 tanks to Ukraine.",
                 {(ARMS, "Germany", "Ukraine", "tank", 18, 120.0)}, id="de-leopard"),
    pytest.param("Ukraine will receive 12 IRIS-T air defence systems from Germany by the end "
                 "of the year.",
                 {(ARMS, "Germany", "Ukraine", "air defence system", 12, None)}, id="de-iris-t"),
    pytest.param("France will supply Ukraine with up to 40 SCALP cruise missiles.",
                 {(ARMS, "France", "Ukraine", "cruise missile", 40, None)}, id="fr-scalp"),
    pytest.param("Poland handed over 14 Leopard 2 tanks to Ukraine in February.",
                 {(ARMS, "Poland", "Ukraine", "tank", 14, 120.0)}, id="pl-handed-over"),
    pytest.param("The Netherlands has provided Ukraine with two Patriot launchers.",
                 {(ARMS, "Netherlands", "Ukraine", "air defence system", 2, None)},
                 id="nl-patriot-word-number"),
    pytest.param("Sweden will donate 50 CV90 infantry fighting vehicles to Ukraine.",
                 {(ARMS, "Sweden", "Ukraine", "armoured vehicle", 50, 40.0)}, id="se-cv90"),
    pytest.param("Two dozen Leopard 1A5 tanks arrived in Ukraine from Denmark.",
                 {(ARMS, "Denmark", "Ukraine", "tank", 24, 105.0)}, id="dk-two-dozen-arrived"),
    pytest.param("Denmark said it would give all 19 of its CAESAR howitzers to Ukraine.",
                 {(ARMS, "Denmark", "Ukraine", "self-propelled artillery", 19, 155.0)},
                 id="dk-pronoun-partitive"),
    pytest.param("The UK transferred 14 AS-90 self-propelled guns to Ukraine.",
                 {(ARMS, "United Kingdom", "Ukraine", "self-propelled artillery", 14, 155.0)},
                 id="uk-as90"),
    pytest.param("Britain became the first country to send Western main battle tanks when it "
                 "pledged 14 Challenger 2 tanks to Kyiv.",
                 {(ARMS, "United Kingdom", "Ukraine", "tank", 14, 120.0),
                  (ARMS, "United Kingdom", "Ukraine", "tank", None, None)}, id="uk-challenger"),
    pytest.param("The Czech Republic has supplied 122-millimetre rockets to Ukraine.",
                 {(ARMS, "Czech Republic", "Ukraine", "missile", None, 122.0)},
                 id="cz-calibre-not-count"),
    pytest.param("Denmark and the Netherlands pledged to give F-16 jets to Ukraine.",
                 {(ARMS, "Denmark", "Ukraine", "aircraft", None, None),
                  (ARMS, "Netherlands", "Ukraine", "aircraft", None, None)},
                 id="two-suppliers"),
    pytest.param("Slovakia handed 13 MiG-29 fighter jets to Ukraine.",
                 {(ARMS, "Slovakia", "Ukraine", "aircraft", 13, None)}, id="sk-mig29"),
    # North Korea to Russia
    pytest.param("Nearly 50 170-mm Koksan guns have been shipped to Russia by North Korea.",
                 {(ARMS, "North Korea", "Russia", "self-propelled artillery", 50, 170.0)},
                 id="kp-passive-calibre"),
    pytest.param("North Korea had delivered nearly 50 M-1978 \"Koksan\" self-propelled "
                 "howitzers and 20 upgraded 240mm multiple rocket launchers.",
                 {(ARMS, "North Korea", "Russia", "self-propelled artillery", 50, 170.0),
                  (ARMS, "North Korea", "Russia", "multiple rocket launcher", 20, 240.0)},
                 id="kp-two-systems-inferred-recipient"),
    pytest.param("North Korea exported 240mm rocket launchers to Russia, Seoul said.",
                 {(ARMS, "North Korea", "Russia", "multiple rocket launcher", None, 240.0)},
                 id="kp-240mm"),
    pytest.param("North Korea has continued to supply Russia with self-propelled howitzers "
                 "and multiple rocket launchers.",
                 {(ARMS, "North Korea", "Russia", "self-propelled artillery", None, None),
                  (ARMS, "North Korea", "Russia", "multiple rocket launcher", None, None)},
                 id="kp-continued-to-supply"),
    pytest.param("Russia received about 100 KN-23 missiles from Pyongyang.",
                 {(ARMS, "North Korea", "Russia", "ballistic missile", 100, None)},
                 id="kp-kn23"),
    pytest.param("Pyongyang had sent about 7,000 containers of suspected weapons to Russia.",
                 {(ARMS, "North Korea", "Russia", "unspecified", 7000, None)},
                 id="kp-containers"),
    pytest.param("North Korea may have supplied as many as 5 million artillery shells to Russia.",
                 {(ARMS, "North Korea", "Russia", "ammunition", 5000000, None)},
                 id="kp-shells"),
    # troops
    pytest.param("Around 12,000 North Korean troops have been sent to Russia.",
                 {(TROOPS, "North Korea", "Russia", None, 12000, None)}, id="kp-troops-sent"),
    pytest.param("Approximately 10,900 North Korean soldiers have been deployed to Russia's "
                 "Kursk region.",
                 {(TROOPS, "North Korea", "Russia", None, 10900, None)}, id="kp-troops-kursk"),
    pytest.param("Pyongyang dispatched about 3,000 more troops to Russia in January.",
                 {(TROOPS, "North Korea", "Russia", None, 3000, None)}, id="kp-dispatched"),
    pytest.param("Several thousand North Korean soldiers have arrived in Russia, NATO said.",
                 {(TROOPS, "North Korea", "Russia", None, None, None)}, id="kp-several-thousand"),
    pytest.param("Belarus allowed Russia to station 5,000 troops on its territory.",
                 {(TROOPS, "Russia", None, None, 5000, None)}, id="allowed-to-station"),
    pytest.param("Russia has deployed 50,000 troops near Kursk.",
                 {(TROOPS, "Russia", None, None, 50000, None)}, id="ru-own-troops"),
    # arms sales elsewhere
    pytest.param("South Korea signed a deal to sell 180 K2 tanks and 212 K9 howitzers to Poland.",
                 {(ARMS, "South Korea", "Poland", "tank", 180, 120.0),
                  (ARMS, "South Korea", "Poland", "self-propelled artillery", 212, 155.0)},
                 id="kr-pl-deal"),
    pytest.param("Saudi Arabia purchased Patriot missile batteries from the United States.",
                 {(ARMS, "United States", "Saudi Arabia", "air defence system", None, None)},
                 id="sa-purchase"),
    pytest.param("India bought five S-400 air defence systems from Russia for $5.4 billion.",
                 {(ARMS, "Russia", "India", "air defence system", 5, None)}, id="in-s400"),
    pytest.param("Egypt ordered 30 more Rafale jets from France.",
                 {(ARMS, "France", "Egypt", "aircraft", 30, None)}, id="eg-rafale"),
    pytest.param("The US approved the sale of 40 F-16 jets to Turkey.",
                 {(ARMS, "United States", "Turkey", "aircraft", 40, None)}, id="tr-f16-sale"),
    pytest.param("Turkey delivered Bayraktar TB2 drones to Ukraine in 2022.",
                 {(ARMS, "Turkey", "Ukraine", "drone", None, None)}, id="tr-tb2"),
    # frames around a transfer noun or a relative clause
    pytest.param("Ukraine took delivery of the first Abrams tanks in September.",
                 {(ARMS, "United States", "Ukraine", "tank", None, 120.0)}, id="took-delivery"),
    pytest.param("Kyiv is awaiting the delivery of F-16s from Norway.",
                 {(ARMS, "Norway", "Ukraine", "aircraft", None, None)}, id="awaiting-delivery"),
    pytest.param("The howitzers, which Germany sent to Ukraine last year, have been destroyed.",
                 {(ARMS, "Germany", "Ukraine", "artillery", None, None)}, id="relative-clause"),
    pytest.param("Spain agreed to send six Leopard 2A4 tanks to Ukraine.",
                 {(ARMS, "Spain", "Ukraine", "tank", 6, 120.0)}, id="agreed-to-send"),
    pytest.param("North Korea has around 12,000 troops in Russia, the Pentagon said.",
                 {(TROOPS, "North Korea", "Russia", None, 12000, None)}, id="has-troops-in"),
    pytest.param("Islamabad flies about 20 J-10C fighters bought from China in 2022.",
                 {(ARMS, "China", "Pakistan", "aircraft", 20, None)}, id="bought-from-clause"),
    pytest.param("Between 30 and 40 Leopard 1A5 tanks are to follow from Denmark this year.",
                 {(ARMS, "Denmark", None, "tank", None, 105.0)}, id="are-to-follow"),
    pytest.param("Ukraine was sent about two dozen Leopard 2A4 tanks by Poland.",
                 {(ARMS, "Poland", "Ukraine", "tank", 24, 120.0)}, id="passive-recipient"),
    pytest.param("Britain will equip Ukraine with 14 Challenger 2 tanks.",
                 {(ARMS, "United Kingdom", "Ukraine", "tank", 14, 120.0)}, id="equip-with"),
    pytest.param("France is close to a deal to supply India with nearly 100 Meteor missiles to "
                 "arm its Rafale jets.",
                 {(ARMS, "France", "India", "missile", 100, None)}, id="deal-to-supply-to-arm"),
    pytest.param("A further contingent of between 40 and 60 Russian personnel arrived in Niger "
                 "in January.", {(TROOPS, "Russia", "Niger", None, None, None)},
                 id="contingent-arrived"),
    pytest.param("Germany's package includes 10 Gepard anti-aircraft guns, 20,000 rounds of "
                 "35mm ammunition and 50 Marder infantry fighting vehicles for Ukraine.",
                 {(ARMS, "Germany", "Ukraine", "air defence system", 10, 35.0),
                  (ARMS, "Germany", "Ukraine", "ammunition", 20000, 35.0),
                  (ARMS, "Germany", "Ukraine", "armoured vehicle", 50, 20.0)}, id="long-list"),
    pytest.param("The Netherlands completed the transfer of all 24 F-16s it had pledged to "
                 "Ukraine.", {(ARMS, "Netherlands", "Ukraine", "aircraft", 24, None)},
                 id="it-in-relative-clause"),
    pytest.param("A Czech-led initiative delivered more than 1.5 million artillery rounds to "
                 "Ukraine.", {(ARMS, "Czech Republic", "Ukraine", "ammunition", 1500000, None)},
                 id="czech-led"),
    # constructions of issue 13: lists, designations, coordination, institutions, places
    pytest.param("Austria's aid for Ghana includes:\n12 armoured vehicles;\n4 patrol boats.",
                 {(ARMS, "Austria", "Ghana", "armoured vehicle", 12, None),
                  (ARMS, "Austria", "Ghana", "ship", 4, None)}, id="list-lines"),
    pytest.param("Chile sent Peru 300 rockets, mostly of the Grad type.",
                 {(ARMS, "Chile", "Peru", "multiple rocket launcher", 300, 122.0)},
                 id="count-then-designation"),
    pytest.param("Chile sent Peru 300 rockets, including Grad and Uragan variants.",
                 {(ARMS, "Chile", "Peru", "missile", 300, None)}, id="examples-keep-the-count"),
    pytest.param("Ireland will send 105mm and 155mm artillery shells to Ukraine.",
                 {(ARMS, "Ireland", "Ukraine", "ammunition", None, 105.0),
                  (ARMS, "Ireland", "Ukraine", "ammunition", None, 155.0)},
                 id="coordinated-calibres"),
    pytest.param("Ukraine received ten F-16 jets from Denmark and Norway.",
                 {(ARMS, "Denmark", "Ukraine", "aircraft", 10, None),
                  (ARMS, "Norway", "Ukraine", "aircraft", 10, None)}, id="from-two-suppliers"),
    pytest.param("The radars were handed over to the Armed Forces of Kenya by Italy.",
                 {(ARMS, "Italy", "Kenya", "other", None, None)}, id="institution-of-state"),
    pytest.param("Rwanda deployed 500 soldiers to Cabo Delgado Province in Mozambique.",
                 {(TROOPS, "Rwanda", "Mozambique", None, 500, None)}, id="place-in-country"),
    pytest.param("Ukraine took possession of most of the 49 tanks given by Australia.",
                 {(ARMS, "Australia", "Ukraine", "tank", None, None)}, id="part-of-a-count"),
]


@pytest.mark.parametrize(("text", "expected"), EVENTS)
def test_events(nlp, text: str, expected: set) -> None:
    title = "North Korea sends artillery to Russia" if "North Korea had" in text else None
    claims = claims_for(nlp, text, title=title)
    assert {summary(e) for e in claims.events} == expected


NOTHING = [
    pytest.param("Switzerland cannot agree to a request for the transfer of war materiel to "
                 "Ukraine.", id="refusal"),
    pytest.param("Britain sent 2,000 troops to Norway for a winter exercise.", id="exercise"),
    pytest.param("The Vietnamese army is weighing a purchase of BrahMos missiles from India.",
                 id="weighing"),
    pytest.param("The United States paused deliveries of 2,000-pound bombs to Israel.",
                 id="paused"),
    pytest.param("The Archer howitzer is equipped with a Swedish FH-77 gun.", id="fitted"),
    pytest.param("Germany is considering sending Taurus missiles to Ukraine.", id="considering"),
    pytest.param("North Korea displayed Hwasong-17 missiles at a military parade in Pyongyang.",
                 id="parade"),
    pytest.param("The T-34 tanks were paraded through Red Square on Victory Day.",
                 id="paraded"),
    pytest.param("In 1950, the Soviet Union sent hundreds of T-34 tanks to North Korea.",
                 id="history-1950"),
    pytest.param("The Soviet Union supplied thousands of tanks to Egypt in 1973.",
                 id="history-1973"),
    pytest.param("The war has lasted 1,000 days.", id="days"),
    pytest.param("Ukraine has been at war for more than 1,000 days.", id="days-approximate"),
    pytest.param("The howitzer has a range of 40 kilometres.", id="distance"),
    pytest.param("The contract is worth $3 billion over ten years.", id="price-years"),
    pytest.param("The drones cost about $20,000 each.", id="unit-price"),
    pytest.param("Russia fired 90 missiles and 60 drones at Ukraine overnight.", id="strike"),
    pytest.param("Ukrainian forces destroyed 12 Russian tanks near Bakhmut.", id="losses"),
    pytest.param("Some 500 Ukrainian soldiers were captured near Avdiivka.", id="captured"),
    pytest.param("About 3,000 North Korean soldiers were killed or wounded in Kursk.",
                 id="casualties"),
    pytest.param("Russia has been using Iranian-made drones against Ukrainian cities.",
                 id="use-not-transfer"),
    pytest.param("Putin ordered the use of Iskander missiles against Kyiv.", id="use-of"),
    pytest.param("Kim Jong Un inspected a factory producing artillery shells.", id="factory"),
    pytest.param("The think tank said the war had entered its third year.", id="think-tank"),
    pytest.param("North Korea showed off its new Hwasong-19 missile in 2024.", id="show-off"),
    pytest.param("Armenia turned to India after Russia failed to deliver weapons it had been "
                 "paid for.", id="failed-to-deliver"),
    pytest.param("Berlin refused to send Taurus cruise missiles to Ukraine.", id="refused"),
    pytest.param("A ballistic missile gives Ukraine's air defences minutes, not hours.",
                 id="weapon-as-giver"),
    pytest.param("More than a dozen countries fund the scheme, which buys ammunition abroad.",
                 id="buyer-is-no-state"),
    pytest.param("Since 2022, Berlin has provided military aid worth more than 28 billion euros.",
                 id="aid-is-no-weapon"),
    pytest.param("Kyiv asked Berlin to send Taurus missiles, but Scholz refused.", id="request"),
]


@pytest.mark.parametrize("text", NOTHING)
def test_sentences_without_claims(nlp, text: str) -> None:
    assert claims_for(nlp, text).events == ()


CERTAINTY = [
    pytest.param("Iran sent 40 Shahed drones to Russia.", "asserted", id="asserted"),
    pytest.param("Iran likely sent Shahed drones to Russia.", "hedged", id="likely"),
    pytest.param("Iran is suspected of sending Shahed drones to Russia.", "hedged",
                 id="suspected"),
    pytest.param("Iran may have shipped Fateh-110 missiles to Russia.", "hedged", id="may"),
    pytest.param("Iran reportedly shipped Fateh-110 missiles to Russia.", "hedged",
                 id="reportedly"),
    pytest.param("Tehran denied sending drones to Moscow.", "denied", id="denied"),
    pytest.param("Beijing has not sent any weapons to Moscow, the foreign ministry said.",
                 "denied", id="not-sent"),
    pytest.param("Moscow rejected claims that it had received KN-23 missiles from Pyongyang.",
                 "denied", id="rejected-claims"),
    pytest.param("It is not clear whether Iran sent drones to Russia.", "hedged", id="whether"),
    pytest.param("The US did not say when it would send 31 tanks to Ukraine.", "asserted",
                 id="negation-elsewhere"),
]


@pytest.mark.parametrize(("text", "expected"), CERTAINTY)
def test_certainty(nlp, text: str, expected: str) -> None:
    events = claims_for(nlp, text).events
    assert events and {e.certainty for e in events} == {expected}


def test_quantity_keeps_approximator_and_unit(nlp) -> None:
    (event,) = claims_for(nlp, "Russia received around 50 self-propelled howitzers from "
                               "North Korea.").events
    assert event.quantity.value == 50
    assert event.quantity.approximate and event.quantity.qualifier == "around"
    assert event.quantity.unit == "howitzers" and event.quantity.text == "around 50"


def test_among_them_continues_the_transfer_before(nlp) -> None:
    text = ("The Czech Republic delivered 1.5 million artillery rounds to Ukraine last year. "
            "Among them were about 180,000 122-millimetre shells for Soviet-designed D-30 "
            "howitzers.")
    events = claims_for(nlp, text).events
    assert {summary(e) for e in events} == {
        (ARMS, "Czech Republic", "Ukraine", "ammunition", 1500000, None),
        (ARMS, "Czech Republic", "Ukraine", "ammunition", 180000, 122.0)}
    assert [e.inferred for e in events] == [False, True]


def test_the_drones_are_those_named_just_before(nlp) -> None:
    text = ("The UAE sent armoured vehicles to Sudan. Sudan's army has received Iranian "
            "Mohajer-6 drones. About a dozen of the drones were flown to Port Sudan in January.")
    claims = claims_for(nlp, text, title="UAE shipped armoured vehicles to Sudan")
    last = claims.events[-1]
    assert (last.supplier, last.recipient, last.inferred) == ("Iran", "Sudan", True)
    assert last.quantity.value == 12


def test_a_dozen_is_approximate_with_about(nlp) -> None:
    (event,) = claims_for(nlp, "Turkey sold about a dozen TB2 drones to Niger.").events
    assert (event.quantity.value, event.quantity.approximate) == (12, True)
    assert (event.quantity.text, event.quantity.unit) == ("about a dozen", "drones")


def test_range(nlp) -> None:
    (event,) = claims_for(nlp, "Between 50 and 60 Leopard 1 tanks will be delivered by "
                               "Denmark to Ukraine.").events
    assert (event.quantity.value, event.quantity.low, event.quantity.upper) == (None, 50, 60)
    assert event.date is None


def test_missing_side_comes_from_the_headline(nlp) -> None:
    claims = claims_for(nlp, "Pyongyang exported 170mm self-propelled guns to aid the war.",
                        title="North Korea sent more artillery to Russia, Seoul says")
    (event,) = claims.events
    assert (event.supplier, event.recipient, event.inferred) == ("North Korea", "Russia", True)


def test_stated_sides_are_not_inferred(nlp) -> None:
    (event,) = claims_for(nlp, "Iran sent drones to Russia.", title="Iran arms Russia").events
    assert not event.inferred


def test_troop_location(nlp) -> None:
    text = "Mr Lee said there were around 10,900 North Korean soldiers in Kursk."
    (event,) = claims_for(nlp, text, title="North Korea sends troops to Russia").events
    assert (event.type, event.supplier, event.recipient, event.location) == (
        TROOPS, "North Korea", "Russia", "Kursk")
    assert event.quantity.value == 10900 and event.quantity.approximate


def test_event_date_resolved_against_publication(nlp) -> None:
    (event,) = claims_for(nlp, "On Tuesday, Iran sent 40 drones to Russia.").events
    assert (event.date.value, event.date.precision) == (dt.date(2024, 11, 19), "day")


def test_event_date_without_publication_keeps_words(nlp) -> None:
    (event,) = claims_for(nlp, "On Tuesday, Iran sent 40 drones to Russia.",
                          published=None).events
    assert (event.date.text, event.date.value) == ("Tuesday", None)


@pytest.mark.parametrize(("sentence", "date_text"), [
    ("Germany delivered 14 tanks to Ukraine, which was invaded in 2022.", None),
    ("Officials said 3,000 North Korean troops were in Kursk to repel an incursion launched "
     "in August.", None),
    ("The 20 howitzers, which arrived in May, were sent by Norway to Estonia.", "May"),
    ("In March, Poland sent 30 tanks to Ukraine that had been stored since 2019.", "March"),
])
def test_event_date_is_not_a_date_of_another_thing(nlp, sentence: str,
                                                   date_text: str | None) -> None:
    (event,) = claims_for(nlp, sentence).events
    assert (event.date.text if event.date else None) == date_text


def test_offsets_index_the_article_text(nlp) -> None:
    text = ("Caption without claims\nIran sent 40 drones to Russia. Germany sent 18 tanks to "
            "Ukraine.\n\nTAIPEI, Taiwan \u2013 Seoul said North Korea sent shells to Russia.")
    claims = claims_for(nlp, text)
    assert len(claims.events) == 3
    for event in claims.events:
        assert text[event.start:event.end] == event.sentence
    for attribution in claims.attributions:
        assert attribution.quote in text[attribution.start - 1:attribution.end + 1]


def test_long_text_is_read_in_pieces(nlp) -> None:
    sentence = "Iran sent 40 drones to Russia. "
    text = "Filler words here. " * 60 + sentence
    old = nlp.max_length
    nlp.max_length = 500
    try:
        claims = claims_for(nlp, text)
    finally:
        nlp.max_length = old
    (event,) = claims.events
    assert text[event.start:event.end] == event.sentence == sentence.strip()


def test_vocabulary_does_not_grow(nlp) -> None:
    claims_for(nlp, "Zorblat sent 40 drones to Quixania.")
    size = len(nlp.vocab.strings)
    for i in range(3):
        claims_for(nlp, f"Unseenname{i} sent {i} drones to Otherplace{i}, Xyzzy{i} said.")
    assert len(nlp.vocab.strings) == size


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("a\nbb\n\nccc", [(0, "a"), (2, "bb"), (6, "ccc")], id="lines"),
    pytest.param("KYIV (Reuters) - Text", [(17, "Text")], id="dateline-agency"),
    pytest.param("MOSCOW \u2014 Text", [(9, "Text")], id="dateline-dash"),
    pytest.param("US - not a dateline", [(0, "US - not a dateline")], id="short-caps"),
])
def test_paragraphs(text: str, expected: list) -> None:
    assert list(paragraphs(text, 1000)) == expected


@pytest.mark.parametrize("text", [
    pytest.param("My husband just purchased plane tickets to India.", id="plane-tickets"),
    pytest.param("Russia received reports of drone attacks on Kursk.", id="drone-attacks"),
])
def test_weapon_word_as_modifier(nlp, text: str) -> None:
    assert claims_for(nlp, text).events == ()


def test_pieces_that_may_claim_come_first_then_arms_neighbours_and_reports(nlp) -> None:
    lines = ["The match drew 40,000 fans in 2019.",  # a number alone, far from arms
             "Attendance reached 12,000.",  # far from arms
             "The hotel cost 90 euros a night.",  # far from arms
             "Prices rose by 5 percent.",  # next to arms
             "Germany sent 18 Leopard 2 tanks to Ukraine.",  # may claim
             "The tanks weigh 60 tonnes.",  # names arms, no claim word
             "The museum opened in 1887.",  # next to arms
             "Tickets cost 20 euros.",  # far from arms
             "The coach said the team was ready."]  # a report
    content = ArticleContent(text="\n".join(lines), kind="text", encoding="utf-8")
    claiming, others = ArticleReader(nlp, content, load_lexicon())._pieces()
    assert [(text, rank) for _, text, rank in claiming] == [(lines[4], 4)]
    assert [rank for _, _, rank in others] == [3, 5, 6, 8]


def test_lead_pieces_about_arms_come_first_without_a_claim_word(nlp) -> None:
    lines = ["The tanks are heavy.", "Germany sent 18 Leopard 2 tanks to Ukraine."]
    content = ArticleContent(text="\n".join(lines), kind="text", encoding="utf-8")
    claiming, others = ArticleReader(nlp, content, load_lexicon())._pieces()
    assert [rank for _, _, rank in claiming] == [0, 1] and others == []


@pytest.mark.parametrize(("claim", "read"), [
    pytest.param("Germany sent 18 Leopard 2 tanks to Ukraine.", True, id="event"),
    pytest.param("My husband just purchased plane tickets to India.", False, id="no-event"),
])
def test_arms_pieces_without_a_claim_word_are_read_only_beside_an_event(
        nlp, claim: str, read: bool) -> None:
    text = "\n".join(["The hotel cost 90 euros a night.", "The museum opened in 1887.",
                      "Tickets cost 20 euros.", claim, "The bus cost 2 euros.",
                      "The drones over the stadium were loud, Anna Berger said."])
    claims = claims_for(nlp, text)
    assert bool(claims.events) is read
    assert ("Anna Berger" in {a.speaker for a in claims.attributions}) is read


QUOTE = "Anna Berger, the club's spokeswoman, said the season had been a success."
FILLER = ["The hotel cost 90 euros a night.", "The museum opened in 1887."]  # candidates: numbers


def test_speech_far_from_arms_is_read_in_an_article_with_an_event(nlp) -> None:
    claims = claims_for(nlp, "\n".join(["Germany sent 18 Leopard 2 tanks to Ukraine.", *FILLER,
                                        QUOTE]))
    assert len(claims.events) == 1
    assert "Anna Berger" in {a.speaker for a in claims.attributions}


def test_speech_far_from_arms_is_not_parsed_in_an_article_without_events(nlp) -> None:
    text = "\n".join(["My husband just purchased plane tickets to India.", *FILLER, QUOTE])
    content = ArticleContent(text=text, kind="text", encoding="utf-8")
    reader = ArticleReader(nlp, content, load_lexicon())
    assert [len(pieces) for pieces in reader._pieces()] == [2, 1]  # the quote would be parsed...
    claims = reader.claims()
    assert claims.events == ()
    assert "Anna Berger" not in {a.speaker for a in claims.attributions}  # ...with an event


def test_article_without_a_transfer_sentence_is_not_parsed(nlp) -> None:
    claims = claims_for(nlp, "The drone is small and light, the reviewer said.\n"
                             "Germany's army said it had sent its thanks.")
    assert claims.events == () and claims.attributions == ()


def test_an_article_already_screened_is_not_screened_again(nlp) -> None:
    content = ArticleContent(text="The drone is small and light, the reviewer said.",
                             kind="text", encoding="utf-8")
    claims = extract_claims(nlp, content, screened=True)  # the caller vouches for it
    assert [a.speaker for a in claims.attributions] == ["reviewer"]


def test_next_paragraphs_rest_on_the_statement_before_them(nlp) -> None:
    text = ("Chile will send two frigates to Peru, the Chilean navy said on Monday.\n"
            "The first frigate arrived in Callao on Friday.\n"
            "Lima paid for both ships in 2023.\n"
            "The crews trained for six months.\n"
            "Their guns were overhauled in Valparaiso.\n"
            "A third frigate was delivered to Peru by Chile in June.")
    events = claims_for(nlp, text).events
    sources = [(e.sentence.split()[1], e.source.name if e.source else None) for e in events]
    assert sources[:2] == [("will", "Chilean navy"), ("first", "Chilean navy")]
    assert sources[-1] == ("third", None)  # four paragraphs on: no longer the navy's report


@pytest.mark.parametrize("text", [
    "Pakistan's army inducted a new regiment of locally built Al-Khalid tanks.",
    "Ghana received more military hardware last year.",
], ids=["made-at-home", "vague-one-side"])
def test_one_sided_events_that_say_nothing_are_dropped(nlp, text: str) -> None:
    assert claims_for(nlp, text).events == ()
