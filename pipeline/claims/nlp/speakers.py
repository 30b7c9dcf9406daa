"""Who a speaker phrase stands for: people met earlier, bodies, countries.

Input: noun phrases (the subject of "said", the object of "according to") in a parsed Doc, and
the people named so far in the article. Output: a speaker name: "Mr Lee", "the lawmaker" and
"he" become the full name mentioned earlier ("Lee Seong-kweun"); "South Korea's spy agency"
and "the NIS" become "National Intelligence Service"; "Seoul" becomes "South Korea".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from pipeline.claims.nlp.lexicon import Lexicon
from pipeline.claims.nlp.patterns import BODY, COUNTRY, DEMONYM, SEAT
from pipeline.claims.nlp.places import Places, phrase

_TITLES = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "miss", "sir", "gen",
                     "gen.", "general", "president", "prime", "minister", "lt", "col", "sen.",
                     "rep."})
_PRONOUNS = frozenset({"he", "she"})
_TAIL = re.compile(r"(?:\s*(?:['\u2019]s|''|[\"\u201c\u201d\u2019'`]))+$")
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "this", "that",
                          "another", "other", "both", "all", "some"})
_PARTS = frozenset({"one", "some", "many", "most", "several", "two", "three", "each"})
_CUT_DEPS = frozenset({"relcl", "acl", "appos", "prep", "punct", "cc", "conj", "advmod"})


@dataclass
class Person:
    """A person named in full, with the role words used for them ("lawmaker")."""

    name: str
    roles: set[str] = field(default_factory=set)


class Speakers:
    """The people an article has named so far, for resolving later references."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.people: list[Person] = []  # most recent last
        self.bodies: list[tuple[str, frozenset[str]]] = []  # bodies and outlets that spoke
        self.mentioned: list[tuple[str, frozenset[str]]] = []  # bodies named, spoken or not
        self.pending: list[tuple[int, Person]] = []  # people of the sentence being read
        self.body_ids: dict[str, str] = {}  # the words that named a body -> its id
        self.person_names: set[str] = set()  # names that stand for a person

    def observe(self, sent: Span, places: Places) -> None:
        """Record the people a sentence names in full, with their role words, and the bodies
        it names ("Turkish drone maker Baykar delivered ...", later "the company said"). The
        people of this sentence stand after those before it for `latest` only from the word
        that names them on: "he" never means a name that comes later in the sentence."""
        self._commit()
        for span in places.mentions_in(sent, (BODY,)):
            body = self.lexicon.bodies.get(span.id_)
            if body is not None:
                kinds = frozenset({*body.kinds, body.name.lower()})
                self.mentioned = [b for b in self.mentioned if b[0] != span.text]
                self.mentioned.append((span.text, kinds))
                self.body_ids[span.text] = body.id
        for ent in places.ents_in(sent):
            if ent.label_ != "PERSON":
                continue
            words = [t for t in ent if t.lower_ not in _TITLES and not t.is_punct]
            if len(words) < 2:
                known = next((p for p in self.people if p.name == self.resolve_name(ent.text)),
                             None)
                if known is not None:
                    self.pending.append((ent.start, known))
                continue
            name = full_name(ent, words[0].i)
            person = next((p for p in self.people if p.name == name), None) or next(
                (p for _, p in self.pending if p.name == name), None) or Person(name)
            person.roles |= _roles(ent)
            self.pending.append((ent.start, person))

    def _commit(self) -> None:
        """Move the people of the last sentence observed to the most recent places."""
        for _, person in self.pending:
            if person in self.people:
                self.people.remove(person)
            self.people.append(person)
        self.pending = []

    def resolve_name(self, text: str) -> str:
        """The full name for a partial one ("Mr Lee" -> "Lee Seong-kweun"), else `text`."""
        words = [w for w in text.replace("\u2019s", "").split() if w.lower() not in _TITLES]
        if not words:
            return text
        for person in [*reversed([p for _, p in self.pending]), *reversed(self.people)]:
            parts = person.name.replace("-", " ").split()
            if all(w in person.name.split() or w in parts for w in words):
                return person.name
        return " ".join(words)

    def _person(self, name: str) -> str:
        self.person_names.add(name)
        return name

    def is_person(self, name: str) -> bool:
        """Whether `name` stands for a person the article names."""
        return name in self.person_names or any(p.name == name for p in self.people) or any(
            p.name == name for _, p in self.pending)

    def latest(self, role: str | None = None, before: int | None = None) -> str | None:
        """The most recent person, or the most recent with the role word `role`, among those
        named before the sentence and, in it, before token `before`."""
        here = [p for i, p in sorted(self.pending, key=lambda item: item[0])
                if before is not None and i < before]
        for person in [*reversed(here), *reversed(self.people)]:
            if role is None or role in person.roles:
                return person.name
        return None

    def name(self, head: Token, places: Places) -> str | None:
        """The speaker a noun phrase headed by `head` stands for."""
        return _tidy(self._name(head, places))

    def _name(self, head: Token, places: Places) -> str | None:
        if head.lower_ in _PRONOUNS:
            return self.latest(before=head.i)
        owner = self._owner(head)
        if owner is not None:  # "the ministry's statement", "a claim by Kyiv"
            return self.name(owner, places)
        if head.lower_ in ("it", "they", "them"):  # "It also said": the body that spoke last
            return self.bodies[-1][0] if self.bodies else None
        if head.pos_ == "PRON":
            return None
        part = _part_of(head)
        if part is not None:  # "one of the sources"
            return self.name(part, places)
        tokens = _core(head)
        named_after = [t for c in head.children if c.dep_ == "appos" for t in _core(c)]
        if head.pos_ == "PROPN" and head.ent_type_ != "PERSON":  # "Ambassador to Ukraine
            named_after += [t for c in head.children if c.dep_ == "prep"  # Michael Brodsky"
                            and c.lower_ in ("to", "of", "for", "at") for t in c.subtree]
        owned = _possessor(head) if head.pos_ == "NOUN" else set()  # "Lee's spokesman"
        person = next((t for t in tokens + named_after if t.ent_type_ == "PERSON"
                       and t.i not in places.mention_at and t.i not in owned), None)
        if person is not None:
            ent = places.entity(person.i)
            return self._person(self.resolve_name(full_name(ent, ent.start)))
        named = self._named(tokens, places) or self._proper(head, places)
        if named:
            return named
        for child in head.children:  # "Lithuania's defence minister, Rasa Zemaitiene,"
            if child.dep_ == "appos" and child.pos_ == "PROPN":
                name = self._proper(child, places)
                if name and (any(t.ent_type_ == "PERSON" for t in child.subtree)
                             or self.lexicon.has("person_roles", head.lower_)):
                    return self._person(self.resolve_name(name))
                if name:
                    return self.resolve_name(name)
        words = [t for t in tokens if t.lower_ not in _DETERMINERS and t.dep_ != "case"]
        text = " ".join(t.lower_ for t in words)
        if words and words[0].pos_ != "PROPN" and (self._body_like(text) or len(words) == 1):
            earlier = self.earlier_body(text, words[-1].lower_)
            if earlier:
                return earlier
        if len(words) == 1 and words[0].pos_ == "NOUN" and words[0].tag_ == "NN":
            return self.latest(words[0].lower_, before=head.i) or words[0].text
        name = _text(_trim(tokens)) or None
        if name and head.pos_ in ("NOUN", "PROPN"):  # for "the agency", "the newspaper" later
            kinds = {text, head.lower_} | ({"org"} if any(t.ent_type_ == "ORG" for t in words)
                                           else set())
            self._remember(name, frozenset(kinds))
        return name

    def name_of_span(self, span: Span, places: Places) -> str | None:
        """The speaker a span of words stands for, when the parse gives no clean phrase."""
        return _tidy(self._name_of_span(span, places))

    def _name_of_span(self, span: Span, places: Places) -> str | None:
        tokens = list(span)
        if len(tokens) == 1 and tokens[0].lower_ in _PRONOUNS:
            return self.latest(before=tokens[0].i)
        people = [e for e in places.ents_in(span) if e.label_ == "PERSON"
                  and e.start not in places.mention_at]
        if people:
            return self._person(self.resolve_name(full_name(people[0], people[0].start)))
        named = self._named(tokens, places)
        if named:
            return named
        return _text(_trim(tokens)) or None

    def _proper(self, head: Token, places: Places) -> str | None:
        """An organisation the model found ("the Center for Strategic and International
        Studies"), or a run of proper nouns it did not type ("chancellor Olaf Scholz")."""
        if head.pos_ != "PROPN" or head.i in places.mention_at:
            return None
        if head.ent_type_ == "ORG":
            ent = places.entity(head.i)
            if head.tag_ == "NN" or head.lower_ in (t.lower() for b in self.lexicon.bodies.values()
                                                   for t in b.kinds):
                return None  # "defence ministry" tagged as a name: handled as a phrase
            core = _core(head)
            # "Germany's defence ministry": keep what the phrase adds before the entity
            owner = any(t.dep_ == "poss" and t.i < ent.start for t in core)
            name = _text(_trim(core if owner else list(ent)))
            self._remember(name, frozenset({"org"}))
            return name
        if not head.is_title:
            return None  # "foreign ministry" tagged as a name
        start = head.i
        while start > 0 and head.doc[start - 1].pos_ == "PROPN" \
                and head.doc[start - 1].i not in places.mention_at:
            start -= 1
        if head.i == start:
            return None
        run = head.doc[start:head.i + 1]
        # a run of untyped names, or one after a rank, is a person's ("Air Marshal Vikram Sethi")
        person = all(t.ent_type_ in ("", "PERSON") for t in run) or any(
            self.lexicon.has("person_roles", t.lower_) for t in run[:-1])
        return self._person(run.text) if person else run.text

    def _owner(self, head: Token) -> Token | None:
        """Who a statement noun belongs to: "the ministry's statement", "a claim by Kyiv", "a
        statement from the Pentagon", "a Pentagon statement"."""
        if not self.lexicon.has("statement_nouns", head.lower_):
            return None
        for child in head.children:
            if child.dep_ == "poss" and child.lower_ not in _DETERMINERS:
                return child
            if child.dep_ == "prep" and child.lower_ in ("by", "from", "of"):
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ not in ("DATE", "TIME") and (
                        obj.pos_ == "PROPN" or obj.pos_ == "NOUN" and child.lower_ != "of"):
                    return obj
        names = [t for c in head.lefts if c.dep_ in ("compound", "nmod")
                 for t in c.subtree if t.pos_ == "PROPN" and t.dep_ in ("compound", "nmod")]
        return names[-1] if names else None  # "a Pentagon statement", "a CENTCOM news release"

    def _body_like(self, text: str) -> bool:
        return text in {k for b in self.lexicon.bodies.values() for k in b.kinds}

    def earlier_body(self, text: str, noun: str) -> str | None:
        """The body or outlet named before that "the spy agency" or "the newspaper" means."""
        outlet = self.lexicon.has("back_reference_nouns", noun)
        for name, kinds in reversed(self.bodies):
            if text in kinds or noun in {k.split()[-1] for k in kinds} or outlet and (
                    "org" in kinds or noun in name.lower().split()):
                return name
        return next((name for name, kinds in reversed(self.mentioned)
                     if text in kinds or noun in {k.split()[-1] for k in kinds}), None)

    def _remember(self, name: str, kinds: frozenset[str]) -> None:
        """Keep a body that spoke for later references; "the agency" after "the NIS" is it."""
        self.bodies = [b for b in self.bodies if b[0] != name] + [(name, kinds)]

    def _named(self, tokens: list[Token], places: Places) -> str | None:
        """A body or a country that the phrase names, in the words the text uses ("South
        Korea's spy agency", "the Kremlin"); a body is remembered for later references."""
        spans = {places.mention_at[t.i] for t in tokens if t.i in places.mention_at}
        whole = {t.i: t for t in tokens} | {t.i: t for s in spans for t in s}
        written = _text(_trim([whole[i] for i in sorted(whole)]))
        body = next((self.lexicon.bodies[s.id_] for s in sorted(spans, key=lambda s: s.start)
                     if s.label_ == BODY), None)
        text = " ".join(t.lower_ for t in tokens if t.i not in places.mention_at
                        and t.lower_ not in _DETERMINERS and t.dep_ != "case")
        country = places.country_in(tokens)
        body = body or next((b for b in self.lexicon.bodies.values() if country and text
                             and b.country == country and any(text.endswith(k) for k in b.kinds)),
                            None)
        if body is not None:
            self._remember(written, frozenset({*body.kinds, body.name.lower()}))
            self.body_ids[written] = body.id
            return written
        if spans and not text and all(s.label_ in (COUNTRY, SEAT, DEMONYM) for s in spans):
            return written
        return None


def _tidy(name: str | None) -> str | None:
    """A name without a possessive ending or quotation marks the parse left on it ("Hillary
    Clinton\u2019s" as the subject of "campaign manager said" is a misparse)."""
    if not name:
        return name
    return _TAIL.sub("", name).strip() or name


def written(head: Token) -> str:
    """The text's words for the noun phrase headed by `head` ("the spy agency")."""
    return _text(_trim(_core(head))) or head.text


def full_name(ent: Span, start: int) -> str:
    """The name from token `start` to the end of the entity, with a hyphenated part the model
    left outside it ("Park Sun" + "-won")."""
    doc, end = ent.doc, ent.end
    while end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    return doc[start:end].text.strip()


def _names_part(head: Token, prep: Token) -> bool:
    """Whether a preposition after `head` belongs to its name or places it in a country."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None or prep.lower_ not in ("of", "for", "in", "at"):
        return False
    titled = head.is_title and obj.is_title and obj.pos_ == "PROPN" and prep.lower_ in ("of",
                                                                                        "for")
    placed = prep.lower_ in ("in", "at") and obj.ent_type_ == "GPE"
    group = prep.lower_ == "of" and head.pos_ == "NOUN" and obj.pos_ in ("NOUN", "PROPN") \
        and obj.ent_type_ not in ("DATE", "TIME")  # "a panel of UN experts"
    return titled or placed or group


def _trim(tokens: list[Token]) -> list[Token]:
    """The tokens without leading determiners and trailing punctuation."""
    start, end = 0, len(tokens)
    while start < end and (tokens[start].lower_ in _DETERMINERS or tokens[start].is_punct):
        start += 1
    while end > start and tokens[end - 1].is_punct:
        end -= 1
    return tokens[start:end]


def _text(tokens: list[Token]) -> str:
    """The tokens as written, with a space where the text has a gap."""
    out = []
    for i, token in enumerate(tokens):
        joined = i + 1 < len(tokens) and tokens[i + 1].i == token.i + 1
        out.append(token.text_with_ws if joined else token.text + " ")
    return "".join(out).strip()


def _possessor(head: Token) -> set[int]:
    """The tokens of the possessor of a noun ("the minister's" in "the minister's
    spokesman"): the possessor is not the speaker."""
    return {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}


def _part_of(head: Token) -> Token | None:
    """For "one of the sources", "some of the officials": the group the speaker belongs to."""
    if not (head.like_num or head.lower_ in _PARTS):
        return None
    of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    return next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None


def _core(head: Token) -> list[Token]:
    """The noun phrase without clauses, appositions and trailing prepositions, except those
    that are part of a name ("Ministry of Defence") or place it ("the government in Prague")."""
    keep = [head]
    for child in head.children:
        if child.dep_ == "prep" and child.i > head.i and _names_part(head, child):
            keep.extend(phrase(child))
            continue
        if child.dep_ in _CUT_DEPS and child.i > head.i:
            continue
        if child.dep_ in ("relcl", "acl", "appos"):
            continue
        keep.extend(phrase(child))
    return sorted(keep, key=lambda t: t.i)


def _roles(ent: Span) -> set[str]:
    """Role words for a person: "lawmaker Lee", "another lawmaker, Park", "Lee, a lawmaker".
    A capitalised title ("President Barack Obama") is none: "the president" in a later
    sentence is too often another one."""
    roles = set()
    doc = ent.doc
    i = ent.start - 1
    while i >= 0 and doc[i].pos_ in ("NOUN", "ADJ", "PROPN") and doc[i].ent_type_ != "PERSON":
        if doc[i].pos_ == "NOUN":
            roles.add(doc[i].lower_)
        i -= 1
    root = ent.root
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        roles.add(root.head.lower_)
    roles |= {c.lower_ for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"}
    return roles
