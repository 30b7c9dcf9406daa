"""Certainty of a claim: asserted, hedged or denied.

Input: the predicate token of a frame (or the mention head) and the statement's reporting cue.
Output: `asserted`, `hedged` ("likely sent", "suspected of sending", "purportedly showing",
"may have delivered", "reportedly shipped") or `denied` ("Moscow denied sending", "rejected
claims", "did not send"). Cue words: data/cues.yaml (`hedges`, `denials`).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.claims.nlp.lexicon import Lexicon
from pipeline.records import ASSERTED, DENIED, HEDGED


def _scope(predicate: Token) -> list[Token]:
    """The predicate, its ancestors, and the modifiers of each."""
    chain = [predicate, *predicate.ancestors]
    return chain + [c for t in chain for c in t.children
                    if c.dep_ in ("advmod", "aux", "acomp", "amod", "auxpass", "mark")]


def certainty(predicate: Token, lexicon: Lexicon) -> str:
    """How firmly the sentence states the claim governed by `predicate`."""
    scope = _scope(predicate)
    words = {t.lower_ for t in scope} | {t.lemma_.lower() for t in scope}
    if any(lexicon.has("denials", w) for w in words):
        return DENIED
    if any(c.dep_ == "neg" for c in predicate.children):
        return DENIED
    if any(lexicon.has("hedges", w) for w in words):
        return HEDGED
    return ASSERTED
