"""A cheap pre-filter: which articles and paragraphs can hold a claim and are worth the parser.

Input: plain text. Output: `names_arms` is True when the text names a weapon or a troop noun
(an article without one cannot hold a claim and skips the model altogether); `is_candidate` is
True when a paragraph names a weapon, a troop noun, a transfer or reporting cue, or a number.
Built from the same data files as the rulers; words are looked up in sets, with their
inflections stripped, so the cost is one pass over the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.nlp.lexicon import Lexicon, load_lexicon

_CUE_FAMILIES = ("reporting_verbs", "source_phrases", "transfer_verbs", "transfer_nouns",
                 "deployment_verbs", "deployment_nouns", "irregular_forms", "number_words",
                 "vague_numbers")
_WORD = re.compile(r"\w+(?:[-/.]\w+)*")
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("ed", ""),
             ("ed", "e"), ("s", ""), ("d", ""))


@dataclass(frozen=True)
class Vocabulary:
    """Terms by their first word, for arms (weapons, troops) and for cues."""

    arms: dict[str, tuple[str, ...]]
    cues: dict[str, tuple[str, ...]]


def _index(terms: set[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for term in terms:
        words = _WORD.findall(term)
        if words:
            index.setdefault(words[0], []).append(" ".join(words))
    return {k: tuple(v) for k, v in index.items()}


@lru_cache(maxsize=4)
def vocabulary(lexicon: Lexicon) -> Vocabulary:
    """The screening vocabulary built from the lexicon (cached per lexicon)."""
    arms = {a.lower() for s in lexicon.weapons.values()
            for a in (s.name, *s.aliases, *s.aliases_cased)}
    arms |= {t.lower() for n in lexicon.nouns.values() for t in n.terms}
    arms |= set(lexicon.terms.get("troop_nouns", ()))
    cues = {t for family in _CUE_FAMILIES for t in lexicon.terms.get(family, ())}
    return Vocabulary(arms=_index(arms), cues=_index(cues))


def _forms(word: str) -> list[str]:
    """The word and the stems its inflection may hide: "supplied" -> "supply"."""
    forms = [word]
    for suffix, ending in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + ending
            forms += [stem, stem[:-1]] if len(stem) > 3 and stem[-1] == stem[-2] else [stem]
    return forms


def _names(text: str, index: dict[str, tuple[str, ...]]) -> bool:
    lower = text.lower()
    flat = " ".join(_WORD.findall(lower))
    for word in _WORD.findall(lower):
        for form in _forms(word):
            terms = index.get(form)
            if terms and any(" " not in t or t in flat for t in terms):
                return True
    return False


def names_arms(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether `text` names a weapon system, a weapon noun or a troop noun."""
    return _names(text, vocabulary(lexicon or load_lexicon()).arms)


def is_candidate(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a paragraph may hold a claim or an attribution."""
    vocab = vocabulary(lexicon or load_lexicon())
    return any(c.isdigit() for c in text) or _names(text, vocab.arms) or _names(text, vocab.cues)
