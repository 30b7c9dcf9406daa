"""The indexed attribute ruler: the same matches and token attributes as the model's ruler."""

from __future__ import annotations

import pytest
import spacy
from conftest import FIXTURES

from pipeline.claims.nlp.attributes import FACTORY, NAME, index_attribute_ruler
from pipeline.read import read_document
from pipeline.settings import Settings, default_model

pytestmark = pytest.mark.slow

TRICKY = ["I'm gonna say it: let's go, y'all.", "Ain't nothin' there, he gotta know.",
          "There's one tank and there are 3 more; there were none.", "  spaced \n\n out  ",
          "C'mon, Mr. O'Neill's guns weren't sold.", "THE U.S. SAID IT WOULD SEND F-16S.",
          "What a day! Whose drones were they? The ones that came."]


def _texts() -> list[str]:
    texts = list(TRICKY)
    for path in sorted(FIXTURES.iterdir()):
        content = read_document(path.read_bytes(), Settings()).content
        if content is not None:
            texts += [line for line in content.text.splitlines() if line.strip()]
    return texts


@pytest.fixture(scope="module")
def pipelines():
    return spacy.load(default_model()), index_attribute_ruler(spacy.load(default_model()))


def _attributes(doc) -> list[tuple]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_) for t in doc]


def test_tokens_get_the_attributes_the_models_ruler_gives(pipelines) -> None:
    original, indexed = pipelines
    assert type(indexed.get_pipe(NAME)).__name__ == "IndexedAttributeRuler"
    texts = _texts()
    assert len(texts) > 100
    for mine, theirs in zip(indexed.pipe(texts), original.pipe(texts), strict=True):
        assert _attributes(mine) == _attributes(theirs), mine.text


def test_matches_are_the_models_in_the_same_order(pipelines) -> None:
    original, indexed = pipelines
    with original.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        docs = list(original.pipe(_texts()))
    theirs, mine = original.get_pipe(NAME), indexed.get_pipe(NAME)
    assert sum(len(theirs.match(doc)) for doc in docs) > 1000
    assert [mine.match(doc) for doc in docs] == [theirs.match(doc) for doc in docs]


def test_without_parse_the_matcher_decides() -> None:
    nlp = index_attribute_ruler(spacy.load(default_model()))
    with nlp.select_pipes(disable=["parser"]):
        doc = nlp("The tanks were sent.")
    assert [t.pos_ for t in doc] == ["DET", "NOUN", "AUX", "VERB", "PUNCT"]


def test_pipelines_without_a_ruler_or_already_indexed_are_left_alone(pipelines) -> None:
    blank = spacy.blank("en")
    assert index_attribute_ruler(blank).pipe_names == []
    _, indexed = pipelines
    ruler = indexed.get_pipe(NAME)
    assert index_attribute_ruler(indexed).get_pipe(NAME) is ruler
    assert indexed.get_pipe_meta(NAME).factory == FACTORY
