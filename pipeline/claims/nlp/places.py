"""Countries and places named in a parsed Doc.

Input: a Doc with `spans["salvo_mentions"]` and model entities. Output: per-token lookups:
which country a token's phrase names (a country, a capital or seat used as a metonym, a
demonym, or a national body: "the NIS" is South Korea's), and which place a phrase names
("Russia's Kursk region" is in Russia, at Kursk).
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Span, Token

from pipeline.claims.nlp.lexicon import Lexicon
from pipeline.claims.nlp.mentions import MENTIONS_KEY
from pipeline.claims.nlp.patterns import BODY, COUNTRY, DEMONYM, SEAT

COUNTRY_LABELS = (COUNTRY, SEAT, DEMONYM)
_CLAUSES = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis"})
_CORE = frozenset({"poss", "compound", "amod", "nmod", "case", "det", "conj", "cc", "flat",
                   "npadvmod"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PLACE_WORDS = frozenset({"region", "oblast", "province", "border", "area", "city", "front",
                          "base", "range", "port", "airfield", "district", "camp", "garrison",
                          "airport", "airbase", "capital", "state", "island", "islands"})


class Places:
    """Country and place lookups for one Doc."""

    def __init__(self, doc: Doc, lexicon: Lexicon) -> None:
        self.doc = doc
        self.institutions = lexicon.terms.get("institution_nouns", frozenset())
        self.country_at: dict[int, str] = {}
        self.mention_at: dict[int, Span] = {}
        self.mentions = sorted(doc.spans.get(MENTIONS_KEY, []), key=lambda s: s.start)
        self.ents = list(doc.ents)  # read once: each access to doc.ents builds new spans
        self._ent_at = {i: e for e in self.ents for i in range(e.start, e.end)}
        self._mention_starts = [m.start for m in self.mentions]
        self._ent_starts = [e.start for e in self.ents]
        for span in self.mentions:
            for i in range(span.start, span.end):
                self.mention_at[i] = span
            name = _country_name(span, lexicon)
            if name:
                for i in range(span.start, span.end):
                    self.country_at[i] = name

    def entity(self, i: int) -> Span | None:
        """The model's entity covering token `i`, if any."""
        return self._ent_at.get(i)

    def ents_in(self, span: Span) -> list[Span]:
        """The entities that start inside `span`."""
        lo = bisect_left(self._ent_starts, span.start)
        hi = bisect_left(self._ent_starts, span.end)
        return self.ents[lo:hi]

    def mentions_in(self, span: Span, labels: tuple[str, ...]) -> list[Span]:
        """The mentions with one of `labels` that start inside `span`."""
        lo = bisect_left(self._mention_starts, span.start)
        hi = bisect_left(self._mention_starts, span.end)
        return [m for m in self.mentions[lo:hi] if m.label_ in labels]

    def country_in(self, tokens: list[Token]) -> str | None:
        """The first country named among `tokens`."""
        for token in tokens:
            if token.i in self.country_at:
                return self.country_at[token.i]
        return None

    def country_of(self, head: Token) -> str | None:
        """The country a noun phrase names, not looking into its clauses."""
        return self.country_in(phrase(head))

    def country_near(self, head: Token) -> str | None:
        """The country a phrase names in its own words ("Russia's Kursk region"), not in its
        prepositions ("its war on Ukraine"), except the "of" of a state's institution ("the
        Armed Forces of Belarus")."""
        found = self.country_in(core(head))
        if found is None and head.lower_ in self.institutions:
            found = self._country_after(head, "of")
        if found is None and (head.lower_ in _PLACE_WORDS or self._is_place(head)):
            found = self._country_after(head, "in")  # "Cabo Delgado Province in Mozambique"
        return found

    def _country_after(self, head: Token, preposition: str) -> str | None:
        owners = [o for c in head.children if c.dep_ == "prep" and c.lower_ == preposition
                  for o in c.children if o.dep_ == "pobj"]
        return next((c for c in (self.country_in(core(o)) for o in owners) if c), None)

    def place_of(self, head: Token) -> str | None:
        """A place below country level named in the phrase ("Kursk" in "Russia's Kursk region")."""
        for token in phrase(head):
            if self._is_place(token):
                ent = self.entity(token.i)
                words = ent if ent is not None and ent.label_ in _PLACE_LABELS else [token]
                kept = [t.text for t in words if t.lower_ not in _PLACE_WORDS and not t.is_stop]
                return " ".join(kept) or None
        return None

    def _is_place(self, token: Token) -> bool:
        """A proper noun the model tags as a place, or leaves untyped, that is no country."""
        if token.i in self.country_at or token.i in self.mention_at or token.pos_ != "PROPN":
            return False
        if token.ent_type_ == "PERSON":  # "the Rudninkai training area": a name before a place
            return token.head.lower_ in _PLACE_WORDS
        return token.ent_type_ in _PLACE_LABELS or token.ent_type_ in ("", "PRODUCT", "ORG")


def _country_name(span: Span, lexicon: Lexicon) -> str | None:
    if span.label_ in COUNTRY_LABELS and span.id_ in lexicon.countries:
        return lexicon.countries[span.id_].name
    if span.label_ == BODY and span.id_ in lexicon.bodies:
        body = lexicon.bodies[span.id_]
        if body.kind == "media":
            return None  # "Kyodo reported" speaks of Japan no more than of anywhere
        return body.country if body.country and body.country in _names(lexicon) else None
    return None


def _names(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(c.name for c in lexicon.countries.values())


def core(head: Token) -> list[Token]:
    """The noun phrase headed by `head` without its prepositions and clauses."""
    out = [head]
    for child in head.children:
        if child.dep_ in _CORE:
            out.extend(core(child))
    return sorted(out, key=lambda t: t.i)


def phrase(head: Token) -> list[Token]:
    """The tokens of the noun phrase headed by `head`, without its clauses."""
    out = [head]
    for child in head.children:
        if child.dep_ not in _CLAUSES:
            out.extend(phrase(child))
    return sorted(out, key=lambda t: t.i)
