"""A count and its designation in two phrases, read as one item.

Input: the weapon mentions of one sentence that a transfer governs, each with its frame and its
count, and the lexicon. Output: the items that stand for distinct weapons: "over 120 loitering
munitions, mostly of the Switchblade type" is 120 Switchblades; "some 250 rockets, including
Grad and Uragan variants" is 250 rockets (the named ones only examples); "six aircraft: TC-90
maritime patrol planes" is six aircraft; "the operational-tactical missile system (OTRK)
Iskander-M" is the Iskander-M. The linking words are data (data/cues.yaml
`designation_links`).
"""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.claims.nlp.frames import Frame
from pipeline.claims.nlp.lexicon import Lexicon
from pipeline.claims.nlp.patterns import NOUN, WEAPON
from pipeline.records import Quantity

Item = tuple[Span, Frame, Quantity | None]  # a weapon mention, its frame and its count
LIST_GAP = 12  # tokens between two items of one list
_APPOSITION_GAP = 5  # tokens between a generic noun and the named system it describes
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


class Designations:
    """Merges the items of a sentence that name one weapon twice."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def merge(self, items: list[Item]) -> list[Item]:
        """One item for a count and its designation in two phrases: "over 120 loitering
        munitions, mostly of the Switchblade type" is 120 Switchblades; "some 250 rockets,
        including Grad and Uragan variants" is 250 rockets, the named ones only examples."""
        dropped: set[int] = set()
        counts: dict[int, Quantity] = {}
        for i, (generic, _, count) in enumerate(items):
            named = self._named(generic, items[i + 1:])
            if not named and self._restated(generic, items[i + 1:]):
                dropped.add(i + 1)  # "six aircraft: TC-90 maritime patrol planes"
            if not named:
                continue
            link = self._link(generic, items[i + 1 + named[0]][0])
            if len(named) > 1 and link == "example":
                dropped |= {i + 1 + j for j in named}
                continue
            dropped.add(i)
            if len(named) == 1 and count is not None and items[i + 1 + named[0]][2] is None:
                counts[i + 1 + named[0]] = count
        return [(m, f, counts.get(k, q)) for k, (m, f, q) in enumerate(items) if k not in dropped]

    def designates(self, generic: Span, named: Span) -> bool:
        """Whether the named system after a generic noun designates it ("a batch of
        helicopters, consisting of four Black Hawks"): it then shares the noun's frame."""
        return generic.label_ == NOUN and named.label_ == WEAPON \
            and self._link(generic, named) is not None

    def _named(self, generic: Span, later: list[Item]) -> list[int]:
        """The named systems after a generic noun that designate it: linked to it by a word
        such as "including", "mostly" or "consisting of", then coordinated with each other."""
        if generic.label_ != NOUN or not later or later[0][0].label_ != WEAPON \
                or self._link(generic, later[0][0]) is None:
            return []
        named = [0]
        for j in range(1, len(later)):
            previous, mention = later[j - 1][0], later[j][0]
            between = mention.doc[previous.end:mention.start]
            if mention.label_ != WEAPON or len(between) > LIST_GAP or any(
                    t.tag_ in _FINITE for t in between):
                break
            named.append(j)
        return named

    def _restated(self, generic: Span, later: list[Item]) -> bool:
        """Whether the next mention is a generic noun of the same kind that only describes the
        first ("six aircraft: maritime patrol planes")."""
        if generic.label_ != NOUN or not later or later[0][0].label_ != NOUN:
            return False
        return (self._category(generic) == self._category(later[0][0])
                and self._link(generic, later[0][0]) == "kind")

    def _link(self, generic: Span, named: Span) -> str | None:
        """The kind of word that links a generic noun to the named system after it: "example"
        ("including"), "kind" ("mostly", "consisting of", "of the ... type"), else None."""
        between = generic.doc[generic.end:named.start]
        if len(between) > LIST_GAP or any(t.tag_ in _FINITE for t in between):
            return None
        words = " ".join(t.lower_ for t in between)
        for entry in self.lexicon.cues.get("designation_links", []):
            if any(f" {term} " in f" {words} " for term in entry["terms"]):
                return str(entry["id"])
        return None

    def describes_name(self, mention: Span, mentions: list[Span]) -> bool:
        """Whether a generic noun only describes a named system beside it: "the
        operational-tactical missile system (OTRK) Iskander-M" is one item, the Iskander-M."""
        if mention.label_ != NOUN:
            return False
        for other in mentions:
            if other.label_ != WEAPON:
                continue
            lo, hi = sorted((mention, other), key=lambda m: m.start)
            between = mention.doc[lo.end:hi.start]
            if len(between) <= _APPOSITION_GAP and all(
                    t.is_punct or t.is_upper or t.dep_ in ("appos", "compound", "det")
                    or self.lexicon.has("equipment_heads", t.lower_) for t in between):
                return True
        return False

    def _category(self, mention: Span) -> str | None:
        entry = self.lexicon.weapons.get(mention.id_) or self.lexicon.nouns.get(mention.id_)
        return entry.category if entry else None
