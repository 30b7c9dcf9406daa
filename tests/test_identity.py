"""Canonical sources: one id for all the names of one body or person, in text and in the DB."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import query

from pipeline.claims.nlp.identity import Identities
from pipeline.claims.nlp.lexicon import load_lexicon
from pipeline.claims.nlp.speakers import Speakers


@pytest.fixture(scope="module")
def identities() -> Identities:
    lexicon = load_lexicon()
    return Identities(lexicon, Speakers(lexicon))


@pytest.mark.parametrize(("names", "source_id", "kind", "country"), [
    pytest.param(["NIS", "National Intelligence Service", "the National Intelligence Service",
                  "South Korea's National Intelligence Service", "South Korea's spy agency"],
                 "kr-nis", "intelligence", "South Korea", id="body-aliases-and-description"),
    pytest.param(["Seoul", "South Korea", "the Republic of Korea"], "government:south-korea",
                 "government", "South Korea", id="state-by-seat-and-name"),
    pytest.param(["the Kremlin", "Moscow", "Russia"], "government:russia", "government",
                 "Russia", id="kremlin"),
    pytest.param(["Russia's Foreign Ministry", "the Russian foreign ministry",
                  "Ministry of Foreign Affairs of Russia"], "government:russia:foreign-ministry",
                 "government", "Russia", id="office-not-in-data"),
    pytest.param(["the Ukrainian military", "Ukraine's military"], "military:ukraine:military",
                 "military", "Ukraine", id="military"),
    pytest.param(["two US officials", "a senior American official", "US officials"],
                 "anonymous:united-states:official", "anonymous", "United States",
                 id="anonymous-officials"),
    pytest.param(["people familiar with the matter", "a source"], "anonymous:unknown:source",
                 "anonymous", None, id="anonymous-sources"),
    pytest.param(["a UN report", "the UN report"], "document:un:document", "document", None,
                 id="document-of-a-body"),
    pytest.param(["Reuters"], "md-reuters", "media", "United Kingdom", id="outlet"),
    pytest.param(["The New York Times", "New York Times", "NYT"], "md-nyt", "media",
                 "United States", id="outlet-aliases"),
    pytest.param(["Russian Defense Ministry", "Russian Ministry of Defence"], "ru-mod",
                 "government", "Russia", id="spelling-variants"),
])
def test_one_id_for_every_name(identities: Identities, names: list[str], source_id: str,
                               kind: str, country: str | None) -> None:
    found = {identities.of(name) for name in names}
    assert {(i.id, i.kind, i.country) for i in found} == {(source_id, kind, country)}


def test_defence_spellings_meet(identities: Identities) -> None:
    assert identities.of("Germany's defense ministry").id == \
        identities.of("the German defence ministry").id == "government:germany:defence-ministry"


def test_people_across_articles_by_full_name() -> None:
    lexicon = load_lexicon()
    first, second = Speakers(lexicon), Speakers(lexicon)
    first.person_names.add("Lee Seong-kweun")
    second.person_names.add("Lee Seong-kweun")
    one = Identities(lexicon, first).of("Lee Seong-kweun")
    other = Identities(lexicon, second).of("Lee Seong-kweun")
    assert one == other and (one.id, one.kind) == ("person:lee-seong-kweun", "person")


# Bodies, states and people the fixture articles name in several ways, each one source.
DEMO_SOURCES = {
    "kr-nis": {"South Korea's National Intelligence Service", "NIS"},
    "government:russia": {"Kremlin", "Russia", "Moscow"},
    "government:germany:defence-ministry": {"defence ministry in Berlin",
                                            "German defence ministry"},
    "us-dod": {"Pentagon", "Pentagon's Defense Security Cooperation Agency"},
    "government:china": {"Beijing", "China"},
    "anonymous:germany:official": {"officials in Berlin"},
}


def test_demo_bodies_have_one_source_id(demo_db: Path) -> None:
    rows = query(demo_db, "SELECT speaker, source_id FROM attributions UNION "
                          "SELECT source_name, source_id FROM events WHERE source_name IS NOT NULL")
    ids: dict[str, set[str]] = {}
    for name, source_id in rows:
        ids.setdefault(name, set()).add(source_id)
    for source_id, names in DEMO_SOURCES.items():
        for name in names:
            assert ids.get(name) == {source_id}, (name, ids.get(name))
    assert all(None not in found for found in ids.values())


def test_source_views(demo_db: Path) -> None:
    (nis,) = query(demo_db, "SELECT name, kind, country, attributions, articles FROM "
                            "source_claims WHERE source_id = 'kr-nis'")
    assert nis[:3] == ("National Intelligence Service", "intelligence", "South Korea")
    assert nis[3] >= 2 and nis[4] >= 1
    flows = query(demo_db, "SELECT supplier, recipient, events FROM source_flows "
                           "WHERE source_id = 'kr-nis'")
    assert ("North Korea", "Russia") in {(s, r) for s, r, _ in flows}
    orphans = query(demo_db, "SELECT count(*) FROM events e LEFT JOIN sources s ON "
                             "s.id = e.source_id WHERE e.source_id IS NOT NULL AND s.id IS NULL")
    assert orphans == [(0,)]
