"""Troop deployments: which troop mentions report forces sent or stationed abroad.

Input: a troop mention (soldiers, troops, personnel ...) in a parsed Doc, its count, the Doc's
`Places` and a deployment `FrameReader`. Output: a `Frame` with the sending and receiving
countries and the place, or None: for losses ("3,000 soldiers killed"), for forces at home,
and for troops without a deployment verb, a count or a foreign place. Cue words:
data/cues.yaml (`deployment_verbs`, `casualty_words`, `holding_verbs`).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.claims.nlp.frames import Frame, FrameReader
from pipeline.claims.nlp.places import Places
from pipeline.records import Quantity

_WHERE = frozenset({"in", "inside", "to", "into", "near"})


class TroopReader:
    """Reads troop mentions; `sender` is the article's dominant supplier, if any."""

    def __init__(self, reader: FrameReader, sender: str | None = None) -> None:
        self.reader = reader
        self.places: Places = reader.places
        self.lexicon = reader.lexicon
        self.sender = sender

    def frame(self, mention: Span, quantity: Quantity | None) -> Frame | None:
        """The deployment a troop mention reports, or None."""
        if self._casualties(mention.root) or self._withdrawn(mention.root) \
                or self._trainees(mention.sent):
            return None
        frame = self.reader.read(mention.root, list(mention))
        return frame or self._stationed(mention, quantity)

    def _stationed(self, mention: Span, quantity: Quantity | None) -> Frame | None:
        """"around 10,900 North Korean soldiers in Kursk": a counted foreign force somewhere."""
        head = mention.root
        nationality = self.places.country_near(head) or self._holder(head)
        if quantity is None or nationality is None:
            return None
        where = [c for t in (head, head.head) for c in t.children
                 if c.dep_ == "prep" and c.lower_ in _WHERE]
        objects = [o for p in where for o in p.children if o.dep_ == "pobj"]
        countries = [self.places.country_near(o) for o in objects]
        recipient = next((c for c in countries if c and c != nationality), None)
        place = next((self.places.place_of(o) for o in objects if self.places.place_of(o)), None)
        place = place or sentence_place(mention.sent, self.places)
        if recipient is None and place is None and nationality != self.sender:
            return None
        return Frame(predicate=head, role="stationed", supplier=nationality, recipient=recipient,
                     location=place)

    def _holder(self, head: Token) -> str | None:
        """"North Korea has 12,000 troops in Russia": the country that holds the troops."""
        if head.dep_ != "dobj" or not self.lexicon.has("holding_verbs", head.head.lemma_.lower()):
            return None
        subject = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        return self.places.country_near(subject) if subject is not None else None

    def _trainees(self, sent: Span) -> bool:
        """"soldiers travelled to Britain to be trained": forces abroad to learn, not deployed."""
        return self.lexicon.said_in("trainee_phrases", sent.text)

    def _withdrawn(self, head: Token) -> bool:
        """"expelled French troops based in the country", "to withdraw its 1,000 soldiers":
        forces taken away, not sent."""
        verb = head.head
        return head.dep_ in ("dobj", "nsubjpass") and self.lexicon.has(
            "withdrawal_verbs", verb.lemma_.lower())

    def _casualties(self, head: Token) -> bool:
        """Whether a troop mention counts losses ("3,000 soldiers killed")."""
        near = [head, *list(head.ancestors)[:3]]
        near += [c for t in near for c in t.children]
        return any(self.lexicon.has("casualty_words", t.lower_)
                   or self.lexicon.has("casualty_words", t.lemma_.lower()) for t in near)


def sentence_place(sent: Span, places: Places) -> str | None:
    """The first place below country level that a preposition in the sentence names."""
    for token in sent:
        if token.dep_ == "pobj" and token.head.lower_ in ("in", "near", "at", "to", "into"):
            place = places.place_of(token)
            if place:
                return place
    return None
