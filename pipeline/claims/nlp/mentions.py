"""The `salvo_mentions` component: raw ruler matches in, clean mentions out.

Input: a Doc whose `spans["salvo"]` holds every match of the span rulers (they overlap) and
whose `ents` come from the model. Output: `spans["salvo_mentions"]`, non-overlapping mentions
where a weapon system and the generic noun after it are one mention ("M-1978 "Koksan"
self-propelled howitzers"), as are adjacent troop nouns ("special forces troops"), and
`spans["salvo_calibres"]` with calibre phrases. A country name that only starts an
organisation's name ("Washington" in "The Washington Post") is dropped.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.claims.nlp.lexicon import Lexicon, load_lexicon
from pipeline.claims.nlp.patterns import BODY, CALIBRE, COUNTRY, NOUN, SEAT, TROOP, WEAPON

RAW_KEY, MENTIONS_KEY, CALIBRES_KEY = "salvo", "salvo_mentions", "salvo_calibres"
_GAP_TAGS = {"JJ", "VBN", "VBG", "``", "''", "HYPH", "NNP", "NN", "CD"}
_QUOTES = {'"', "'", "\u201c", "\u201d", "\u2018", "\u2019"}
_MAX_GAP = 4


def _is_org_prefix(span: Span, institutions: frozenset[str]) -> bool:
    """Whether a country or seat name only begins a longer organisation name that is not one
    of the state's institutions ("the Pakistan Navy" is Pakistan's)."""
    if span.label_ not in (COUNTRY, SEAT) or span.end >= len(span.doc):
        return False
    following = span.doc[span.end]
    return (following.ent_type_ in ("ORG", "WORK_OF_ART") and following.ent_iob_ == "I"
            and following.is_title and following.ent_type_ == span[-1].ent_type_
            and following.lower_ not in institutions)


def _gap_ok(doc: Doc, start: int, end: int) -> bool:
    """Whether the tokens between a system name and a noun can sit inside one noun phrase."""
    if end - start > _MAX_GAP:
        return False
    return all(t.text in _QUOTES or t.tag_ in _GAP_TAGS or t.text == "-" or not t.tag_
               for t in doc[start:end])


def _merge(doc: Doc, spans: list[Span]) -> list[Span]:
    """Join a weapon system with the weapon noun or same-system alias that follows it."""
    merged: list[Span] = []
    for span in spans:
        last = merged[-1] if merged else None
        weapon = (last is not None and last.label_ == WEAPON
                  and (span.label_ == NOUN or (span.label_ == WEAPON and span.id == last.id))
                  and _gap_ok(doc, last.end, span.start))
        troops = (last is not None and last.label_ == TROOP == span.label_
                  and last.end == span.start)  # "special forces troops"
        if weapon or troops:
            merged[-1] = Span(doc, last.start, span.end, label=last.label_, span_id=last.id_)
        else:
            merged.append(span)
    return merged


class MentionResolver:
    """The `salvo_mentions` component."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.institutions = lexicon.terms.get("institution_nouns", frozenset())
        self.excluded = {noun.id: frozenset(noun.not_preceded_by)
                         for noun in lexicon.nouns.values() if noun.not_preceded_by}

    def _excluded(self, span: Span) -> bool:
        """"think tank", "fuel tank": a noun after a word that makes it no weapon."""
        words = self.excluded.get(span.id_) if span.label_ == NOUN else None
        return bool(words) and span.start > 0 and span.doc[span.start - 1].lower_ in words

    def __call__(self, doc: Doc) -> Doc:
        """Resolve overlapping ruler matches into mentions and calibres."""
        # a body's name before a seat's ("the Pentagon" speaks as a body, stands for its country)
        raw = sorted(doc.spans.get(RAW_KEY, []), key=lambda s: s.label_ != BODY)
        calibres = [s for s in raw if s.label_ == CALIBRE]
        others = [s for s in raw
                  if s.label_ != CALIBRE and not _is_org_prefix(s, self.institutions)]
        others = [s for s in others if not any(c.start <= s.start < c.end for c in calibres)]
        spans = sorted(filter_spans(others), key=lambda s: s.start)
        doc.spans[MENTIONS_KEY] = _merge(doc, [s for s in spans if not self._excluded(s)])
        doc.spans[CALIBRES_KEY] = filter_spans(calibres)
        return doc


@Language.factory("salvo_mentions")
def make_mention_resolver(nlp: Language, name: str) -> MentionResolver:
    """Build the component with the vocabulary from the data files."""
    return MentionResolver(load_lexicon())
