"""The model's attribute ruler, with its one-token patterns looked up instead of matched.

spaCy's `AttributeRuler` (tag to part of speech and morphology, lemma exceptions) finds its
patterns with a token `Matcher`, which tries every pattern at every token: a tenth of the time
en_core_web_sm takes to parse. Nearly all of its patterns are one token long with plain values
(a tag, a lower-cased form, a dependency label, whether it is a space, or a set of these);
those are looked up per token in dictionaries here, and only the others go to a Matcher. The
matches, sorted as the ruler sorts them, go to the ruler's own `set_annotations`, so every
attribute comes out as the model's ruler sets it (a test compares the two).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from operator import itemgetter
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token

NAME = "attribute_ruler"
FACTORY = "salvo_attribute_ruler"
# what a one-token pattern may test to be looked up, in the order `_values` reads them
_NAMES = ("TAG", "LOWER", "ORTH", "DEP", "IS_SPACE")
Match = tuple[int, int, int, int]  # rule number, match id, start, end
Table = dict[Any, list[tuple[int, int]]]  # looked-up value(s) -> (rule number, match id)


def _values(token: Token) -> tuple[str, str, str, str, bool]:
    return token.tag_, token.lower_, token.text, token.dep_, token.is_space


class IndexedAttributeRuler(AttributeRuler):
    """An `AttributeRuler` whose one-token patterns with plain values are looked up."""

    def __init__(self, vocab: Any, name: str = NAME) -> None:
        super().__init__(vocab, name)
        self._tables: dict[tuple[str, ...], Table] = {}
        self._lookups: list[tuple[itemgetter, Table]] = []
        self._rest = Matcher(vocab)

    def clear(self) -> None:
        super().clear()
        self._tables, self._lookups, self._rest = {}, [], Matcher(self.vocab)

    def add(self, patterns: Iterable[list[dict[str, Any]]], attrs: dict, index: int = 0) -> None:
        patterns = list(patterns)
        super().add(patterns, attrs, index)
        rule = len(self.attrs) - 1
        match_id = self.vocab.strings[str(rule)]
        rest = []
        for pattern in patterns:
            keys = _lookup_keys(pattern)
            if keys is None:
                rest.append(pattern)
                continue
            names, values = keys
            if names not in self._tables:
                self._tables[names] = {}
                getter = itemgetter(*(_NAMES.index(n) for n in names))
                self._lookups.append((getter, self._tables[names]))
            for value in values:
                key = value if len(names) > 1 else value[0]  # as the getter gives it
                self._tables[names].setdefault(key, []).append((rule, match_id))
        if rest:
            self._rest.add(match_id, rest)

    def match(self, doc: Doc) -> list[Match]:
        if not (doc.has_annotation("TAG") and doc.has_annotation("DEP")):
            return super().match(doc)  # the Matcher skips what is missing; let it
        found = {(int(self.vocab.strings[m]), m, start, end)
                 for m, start, end in self._rest(doc, allow_missing=True, as_spans=False)}
        for token in doc:
            values = _values(token)
            for getter, table in self._lookups:
                for rule, match_id in table.get(getter(values), ()):
                    found.add((rule, match_id, token.i, token.i + 1))
        return sorted(found)


def _lookup_keys(pattern: list[dict[str, Any]]) -> tuple[tuple[str, ...], list[tuple]] | None:
    """The attribute names a one-token pattern tests and every combination of values it
    accepts; None for a pattern that must be matched."""
    if len(pattern) != 1 or not set(pattern[0]) <= set(_NAMES):
        return None
    names = tuple(sorted(pattern[0]))
    choices = []
    for name in names:
        value = pattern[0][name]
        if isinstance(value, dict):
            if set(value) != {"IN"} or not isinstance(value["IN"], list):
                return None
            choices.append(value["IN"])
        else:
            choices.append([value])
    return names, list(itertools.product(*choices))


@Language.factory(FACTORY)
def make_indexed_attribute_ruler(nlp: Language, name: str) -> IndexedAttributeRuler:
    return IndexedAttributeRuler(nlp.vocab, name)


def index_attribute_ruler(nlp: Language) -> Language:
    """Put an `IndexedAttributeRuler` with the same patterns in place of the model's ruler
    (a pipeline without one is returned as it is)."""
    if NAME not in nlp.pipe_names or nlp.get_pipe_meta(NAME).factory == FACTORY:
        return nlp
    patterns = nlp.get_pipe(NAME).patterns
    nlp.replace_pipe(NAME, FACTORY).add_patterns(patterns)
    return nlp
