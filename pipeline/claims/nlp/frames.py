"""Transfer and deployment frames: who gives what to whom, read from the dependency parse.

Input: the head token of a weapon or troop mention in a parsed Doc, the lexicon and the Doc's
`Places`. Output: a `Frame` with the governing predicate (a verb such as "sent" or "received",
a noun such as "exports" or "provision") and the supplier and recipient countries it names.
Active and passive voice, "supply Russia with", "received ... from", "X's assistance to Y
includes Z", "tanks are to follow from Denmark" and "troops deployed to Y" are read here.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.claims.nlp.lexicon import Lexicon
from pipeline.claims.nlp.places import Places, phrase

_MAX_HOPS = 7
_PASS_DEPS = frozenset({"conj", "appos", "pobj", "prep", "compound", "nmod", "dobj", "npadvmod",
                        "nummod", "amod", "attr", "pcomp", "dative", "nsubj", "nsubjpass"})
_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
_PARTITIVE_FAMILIES = ("partitive_nouns", "container_nouns", "shipment_nouns",
                       "vague_numbers", "number_words", "part_words", "measure_units")
_TO = frozenset({"to", "into", "for"})
_FROM = frozenset({"from"})
_IN = frozenset({"in", "inside", "at", "near"})
_SIDE_WORDS = _TO | _FROM | _IN | {"by", "with"}  # "with": the seller in "a contract with"
_SERVING = frozenset({"for", "on", "against", "into", "at"})
_ALONG = frozenset({"along", "together"})  # "arrived along with air defence systems"
_BLOCK_HOPS = 4  # words above a transfer searched for one that stops it
_BLOCK_PATH = frozenset({"xcomp", "acl", "pcomp", "ccomp", "pobj", "prep", "dobj", "nsubjpass"})
_ABILITY = frozenset({"can", "could", "might", "may"})
_PURPOSE = frozenset({"for", "in", "to"})  # "for a winter exercise", "in the Zapad drills"


@dataclass(frozen=True)
class Frame:
    """The predicate governing a mention and the sides it names."""

    predicate: Token
    role: str  # supplier_subject, recipient_subject, theme_subject, noun
    supplier: str | None = None
    recipient: str | None = None
    location: str | None = None
    actor: bool = False  # the subject names someone who is no country ("the scheme buys")
    partners: tuple[str, ...] = ()  # other suppliers: "Denmark and the Netherlands sent"
    recipients: tuple[str, ...] = ()  # other recipients: "to both Ukraine and Slovenia"


class FrameReader:
    """Finds frames for mentions; `deployment=True` reads troop movements instead of transfers."""

    def __init__(self, lexicon: Lexicon, places: Places, deployment: bool = False,
                 speaker_country: str | None = None, antecedent: str | None = None) -> None:
        self.lexicon = lexicon
        self.places = places
        self.deployment = deployment
        self.speaker_country = speaker_country  # what "we" stands for
        self.antecedent = antecedent  # the state "it" or "the country" as subject refers to
        self._mention: list[Token] = []
        self._more: dict[str, tuple[str, ...]] = {}  # countries coordinated in a preposition
        self.trace = ""  # the rule behind the last `predicate` answer

    def _verb_role(self, token: Token) -> str | None:
        if token.pos_ not in ("VERB", "AUX") and token.tag_[:2] != "VB":
            return None
        for lemma in _lemmas(token):
            if self.deployment:
                if self.lexicon.has("deployment_verbs", lemma):
                    return "supplier_subject"
                continue
            for role in ("supplier_subject", "recipient_subject", "theme_subject"):
                if self.lexicon.has(f"transfer_verbs.{role}", lemma):
                    return role
            if self.lexicon.has("transfer_verbs.recipient_object", lemma):
                return "supplier_subject"  # its object is a recipient, found like "supply X with"
        return None

    def _is_noun(self, token: Token) -> bool:
        family = "deployment_nouns" if self.deployment else "transfer_nouns"
        return token.pos_ in ("NOUN", "PROPN") and (self.lexicon.has(family, token.lower_)
                                                     or self.lexicon.has(family, token.lemma_))

    def _is_predicate(self, token: Token) -> bool:
        return self._verb_role(token) is not None or self._is_noun(token)

    def predicate(self, head: Token) -> Token | None:
        """The transfer verb or noun that governs the mention headed by `head`; `trace` then
        names the rule that found it (or why none was found), for `salvo explain`. A verb
        the mention is an argument of comes before a clause on it: "delivered the systems
        ordered in 2021" is a delivery."""
        return self._search(head, clauses=True)

    def _search(self, head: Token, clauses: bool) -> Token | None:
        token = head
        for _ in range(_MAX_HOPS):
            clause = self._clause_on(token) if clauses else None
            parent = token.head
            if clause is not None:
                above = self._search(token, clauses=False)
                if above is not None and _argument_of(head, above):
                    return above
                return self._found(clause, "clause on the noun")
            if parent == token or self._in_weapon_phrase(token):
                return self._found(None, "top of the sentence or a weapon served")
            if self._is_predicate(parent):
                if not self._fits(parent, token):
                    return self._found(None, f"{token.dep_} does not fit {parent.text!r}")
                if self._blocked(parent):
                    return self._found(None, f"{parent.text!r} is blocked")
                return self._found(parent, f"head path ({token.dep_})")
            if self._continues(parent, token):
                return self._found(parent, "continues the transfer before")
            content = self._content_noun(parent)
            if content is not None:
                return self._found(content, "content verb")
            if parent.pos_ in ("VERB", "AUX") and parent.dep_ != "prep":
                found = (self._raised(parent, token) or self._split_noun(parent, token)
                         or self._conjoined(parent, token))
                return self._found(found, f"verb {parent.text!r}")
            if token.dep_ not in _PASS_DEPS or token.lower_ == "of" and not self._partitive(parent):
                return self._found(None, f"path stops at {token.dep_} {token.text!r}")
            if token.dep_ == "compound" and parent.i not in self.places.mention_at \
                    and not self.lexicon.has("equipment_heads", parent.lower_):
                # "plane tickets", "drone attacks": the weapon only qualifies a noun
                return self._found(None, f"qualifies {parent.text!r}")
            token = parent
        return self._found(None, "too far from a predicate")

    def _found(self, predicate: Token | None, rule: str) -> Token | None:
        self.trace = rule
        return predicate

    def _clause_on(self, noun: Token) -> Token | None:
        """"fighters bought from China", "the howitzers, which Germany sent": a transfer verb
        in a clause on the noun."""
        if noun.pos_ not in ("NOUN", "PROPN", "NUM"):
            return None
        # "U.S.-supplied missiles", and "had supplied missiles" when the parser reads the verb
        # as a modifier
        return next((c for c in noun.children if self._verb_role(c) and (
            c.dep_ in ("acl", "relcl") or c.dep_ == "amod" and c.tag_ in ("VBN", "VBD"))), None)

    def _in_weapon_phrase(self, token: Token) -> bool:
        """"shells for D-30 howitzers", "missiles for its Rafale aircraft": a weapon named only
        as what the transferred weapon serves or is aimed at."""
        return token.dep_ == "pobj" and token.head.lower_ in _SERVING

    def _raised(self, verb: Token, child: Token) -> Token | None:
        """"tanks are to follow from Denmark", "the jets are due to be delivered": the subject
        of "be" belongs to the transfer verb below it."""
        if child.dep_ not in ("nsubj", "nsubjpass"):
            return None
        below = [c for c in verb.children if c.dep_ in ("xcomp", "acomp")]
        below += [g for c in below for g in c.children if g.dep_ == "xcomp"]
        for clause in below:
            role = self._verb_role(clause)
            if role == "theme_subject" or role and _passive(clause):
                return clause
        return None

    def _blocked(self, predicate: Token) -> bool:
        """"Russia failed to deliver", "Berlin refused to send", "paused deliveries of bombs",
        "asking for approval to send", "cannot agree to a request for the transfer of": a
        transfer that did not happen or is only asked for, said by a word above it."""
        token = predicate
        for _ in range(_BLOCK_HOPS):
            if token.dep_ not in _BLOCK_PATH or token.head == token:
                return False
            token = token.head
            if any(self.lexicon.has(family, token.lemma_.lower())
                   for family in ("stopping_words", "blocking_words")):
                return True
        return False

    def _split_noun(self, verb: Token, child: Token) -> Token | None:
        """"took delivery last year of 30 vehicles": the "of" the parser hung on the verb."""
        if child.lower_ != "of":
            return None
        return next((c for c in verb.children if c.dep_ == "dobj" and self._is_noun(c)), None)

    def _fits(self, predicate: Token, child: Token) -> bool:
        """Whether the mention's place fits the predicate: "the guns arrived" (a weapon may be
        the subject of "arrive"), but not "a ballistic missile gives Ukraine minutes"."""
        if predicate.pos_ not in ("VERB", "AUX"):
            return True
        if child.dep_ == "prep" and child.lower_ in _ALONG and any(
                c.lower_ == "with" for c in child.children):
            return True  # "advisers arrived along with air defence systems": a second theme
        lemmas = _lemmas(predicate)
        if child.dep_ == "dobj" and any(
                self.lexicon.has("transfer_verbs.recipient_object", w) for w in lemmas):
            return False  # "missiles to arm the aircraft": the aircraft receive
        theme = any(self.lexicon.has("transfer_verbs.theme_subject", w) for w in lemmas)
        return (child.dep_ == "nsubj") == theme or child.dep_ == "nsubjpass" and not theme

    def _continues(self, verb: Token, child: Token) -> bool:
        """"Among them were 180,000 shells", "It also includes 20 tanks", "It consists of 50
        vehicles": the sentence goes on about the transfer named before it."""
        if verb.pos_ not in ("VERB", "AUX") or verb.dep_ == "relcl":
            return False  # "a package that includes": "that" is the package
        if child.dep_ not in ("nsubj", "dobj", "attr", "conj") and not (
                child.dep_ == "prep" and child.lower_ == "of"):
            return False  # "conj": "It consists of, among others, grenade launchers" misread
        among = any(c.dep_ == "prep" and c.lower_ == "among"
                    and any(g.pos_ == "PRON" for g in c.children) for c in verb.children)
        # "It also includes 20 tanks", "Also included are 20 tanks"
        content = self.lexicon.has("content_verbs", verb.lemma_.lower()) and (any(
            c.dep_ == "nsubj" and c.pos_ in ("PRON", "DET") for c in verb.children)
            or any(c.dep_ == "auxpass" for c in verb.children))
        return among or content

    def _partitive(self, noun: Token) -> bool:
        """Whether "of" after `noun` leads to what is transferred ("a batch of drones")."""
        word = noun.lower_
        mention = self.places.mention_at.get(noun.i)
        return (mention is not None and mention.label_ in ("WEAPON", "NOUN", "TROOP")
                or any(self.lexicon.has(f, word) for f in _PARTITIVE_FAMILIES)
                or noun.like_num)

    def _content_noun(self, verb: Token) -> Token | None:
        """For "X's assistance to Y includes Z": the transfer noun subject of "includes"."""
        if not self.lexicon.has("content_verbs", verb.lemma_.lower()):
            return None
        if verb.dep_ == "relcl" and self._is_noun(verb.head):  # "a package that includes"
            return verb.head
        # "the package includes", "the capabilities in the package include"
        subjects = [c for c in verb.children if c.dep_ in _SUBJECTS]
        return next((t for s in subjects for t in phrase(s) if self._is_noun(t)), None)

    def _conjoined(self, verb: Token, child: Token) -> Token | None:
        """"delivered 50 guns and (upgraded) 20 launchers": a verb conjoined to a transfer verb."""
        if verb.dep_ == "conj" and child.dep_ == "dobj" and self._verb_role(verb.head):
            return verb.head
        return None

    def read(self, head: Token, mention: list[Token] | None = None) -> Frame | None:
        """The frame of the mention headed by `head` (with tokens `mention`), or None when no
        transfer governs it. A frame with role "continuation" names no sides: they are those
        of the transfer the text spoke of just before."""
        predicate = self.predicate(head)
        if predicate is None:
            return None
        if not self._is_predicate(predicate):
            return Frame(predicate=predicate, role="continuation")
        self._mention = mention or [head]
        self._more = {}
        if self._fitted(predicate):
            self.trace = f"{predicate.text!r} fits equipment to a platform"
            return None
        if self._cancelled(head):
            self.trace = "the item is cancelled, halted or refused"
            return None
        unreal = self._unreal(predicate)
        if unreal:
            self.trace = unreal
            return None
        if self._verb_role(predicate) == "theme_subject" and _capable(predicate):
            self.trace = f"{predicate.text!r} says what the weapon can reach, not where it went"
            return None
        role = self._verb_role(predicate) or "noun"
        if role == "noun":
            supplier, recipient = self._noun_sides(predicate, head)
        else:
            supplier, recipient = self._verb_sides(predicate, role, head)
        if not (supplier and recipient):
            supplier, recipient = self._clause_sides(head, supplier, recipient)
        if recipient == supplier:
            recipient = None
        return Frame(predicate=predicate, role=role, supplier=supplier, recipient=recipient,
                     location=self._location(predicate, head),
                     actor=role != "noun" and self._actor(_subject(predicate), head),
                     partners=self._partners(predicate, role, supplier),
                     recipients=tuple(c for c in self._more.get("to", ()) if c != recipient))

    def _unreal(self, predicate: Token) -> str | None:
        """Why the transfer is not one, if it is not: a hypothetical ("is weighing a purchase",
        "if Seoul sold"), or another purpose ("for a winter exercise", "exhibitors selling")."""
        for token in (predicate, *list(predicate.ancestors)[:_MAX_HOPS]):
            if self.lexicon.has("hypothetical_words", token.lemma_.lower()) or any(
                    c.dep_ == "mark" and c.lower_ == "if" for c in token.children):
                return f"hypothetical ({token.text!r})"
            if _refused(token):
                return f"refused ({token.text!r})"
        purposes = [o for c in predicate.children if c.dep_ == "prep" and c.lower_ in _PURPOSE
                    for o in c.children if o.dep_ == "pobj"]
        subject = _subject(predicate)
        words = [*purposes, *(phrase(subject) if subject is not None else ())]
        if any(self.lexicon.has("non_transfer_context", t.lower_) for t in words):
            return "another purpose: an exercise, a fair, a display"
        return None

    def _cancelled(self, head: Token) -> bool:
        """"cancelled the last batch of interceptors it had ordered": the item's phrase is the
        object of a word that stops a transfer."""
        token = _phrase_top(head)
        return token.dep_ in ("dobj", "nsubjpass") and self.lexicon.has(
            "stopping_words", token.head.lemma_.lower())

    def _clauses(self, head: Token) -> list[Token]:
        """Transfer clauses on the item ("the tanks it had pledged to Ukraine"), not those of
        what it can do ("weapons that could reach mainland China")."""
        return [c for c in head.children if c.dep_ in ("relcl", "acl") and self._verb_role(c)
                and not _capable(c)]

    def _clause_sides(self, head: Token, supplier: str | None,
                      recipient: str | None) -> tuple[str | None, str | None]:
        """Sides a clause on the item names when the predicate leaves them out: "the 24 F-16
        jets the Netherlands promised", "the K9 howitzers that Norway bought"."""
        for clause in self._clauses(head):
            role = self._verb_role(clause)
            subject = self._subject_country(next(
                (c for c in clause.children if c.dep_ == "nsubj"), None))
            subject = subject or self._preps(clause, clause).get("by")  # "given by Australia"
            if role == "recipient_subject":
                recipient = recipient or subject
            elif role is not None:
                supplier = supplier or subject
                recipient = recipient or self._object_country(clause, head)
        return supplier, recipient

    def _fitted(self, predicate: Token) -> bool:
        """"the helicopters will be fitted with Israeli sensors", "the Archer is equipped with a
        155mm howitzer": equipment put on a platform, whose subject is a weapon, not a state."""
        if not self.lexicon.has("transfer_verbs.recipient_object", predicate.lemma_.lower()):
            return False
        subject = next((c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            return _passive(predicate)  # "... is equipped with": a platform, not a state
        if self.places.country_near(subject):
            return False
        mention = self.places.mention_at.get(subject.i)
        return subject.pos_ == "PRON" or mention is not None and mention.label_ in (
            "WEAPON", "NOUN")

    def _preps(self, predicate: Token, head: Token) -> dict[str, str]:
        """Countries in the prepositions of the predicate and of the mention's path to it."""
        found: dict[str, str] = {}
        owners = [predicate, *_path(head, predicate), *self._mention, *self._clauses(head)]
        for owner in owners:
            for child in owner.children:
                word = child.lower_
                if child.dep_ in ("prep", "dative", "agent") and word in _SIDE_WORDS:
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    country = self.places.country_near(objects[0]) if objects else None
                    if country and any(self.lexicon.has("carrier_words", t.lower_)
                                       for t in phrase(objects[0])):
                        continue  # "from a Ukrainian air cargo company": the carrier
                    if country:
                        side = word if word in ("by", "with") else _side(word)
                        found.setdefault(side, country)
                        more = (self.places.country_near(c) for c in objects[0].conjuncts)
                        self._more.setdefault(side, tuple(c for c in more if c))
        return found

    def _verb_sides(self, verb: Token, role: str, head: Token) -> tuple[str | None, str | None]:
        preps = self._preps(verb, head)
        subject = _subject(verb)
        subject_country = self._subject_country(subject)
        passive = _passive(verb)
        origin = self.places.country_near(head)  # "North Korean missiles"
        if role == "recipient_subject":
            recipient = preps.get("by") if passive else subject_country
            if verb.dep_ == "acl":  # "Islamabad flies 20 J-10C fighters bought from China"
                recipient = recipient or self._subject_country(_subject(verb.head.head))
            return preps.get("from") or origin, recipient or preps.get("to")
        if role == "theme_subject":  # "the howitzers reached Egypt"
            return preps.get("from") or origin, (preps.get("to") or preps.get("in")
                                                 or self._object_country(verb, head))
        if passive:
            supplier = preps.get("by") or preps.get("from") or origin
            patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            recipient = preps.get("to") or (self.places.country_near(patient)
                                            if patient is not None and patient != head else None)
        else:
            supplier = subject_country or preps.get("from")
            recipient = preps.get("to") or self._object_country(verb, head)
        if self.deployment:
            supplier = self.places.country_near(head) or supplier
            recipient = recipient or preps.get("in") or self._served(verb)
        return supplier, recipient

    def _served(self, verb: Token) -> str | None:
        """"sent 60 advisers to train Somali forces": the state whose forces the deployment
        is to train, help or protect."""
        for clause in (c for c in verb.children if c.dep_ in ("xcomp", "advcl")):
            if self.lexicon.has("purpose_verbs", clause.lemma_.lower()):
                found = self._object_country(clause, clause)
                if found:
                    return found
        return None

    def _subject_partners(self, verb: Token, role: str, supplier: str | None
                          ) -> tuple[str, ...]:
        if role != "supplier_subject" or supplier is None or _passive(verb):
            return ()
        subject = _subject(verb)
        if subject is None or self._subject_country(subject) != supplier:
            return ()
        others = (self.places.country_near(c) for c in subject.conjuncts)
        return tuple(dict.fromkeys(c for c in others if c and c != supplier))

    def _partners(self, verb: Token, role: str, supplier: str | None) -> tuple[str, ...]:
        """The other suppliers: of a coordinated subject that gives ("Denmark and the
        Netherlands will send F-16s"), or after "from" ("from Denmark and Norway")."""
        more = tuple(c for c in self._more.get("from", ()) if c != supplier)
        return tuple(dict.fromkeys((*self._subject_partners(verb, role, supplier), *more)))

    def _actor(self, subject: Token | None, head: Token) -> bool:
        """Whether a subject names a company, a scheme or a person rather than a state (and is
        not the transferred thing itself: "a second batch of 42 tanks arrived")."""
        if subject is None or subject.pos_ not in ("NOUN", "PROPN", "PRON"):
            return False
        if subject == head or subject in head.ancestors:
            return False
        if subject.lower_ in ("it", "they", "we", "he", "she"):
            return False
        mention = self.places.mention_at.get(subject.i)
        return self.places.country_near(subject) is None and (
            mention is None or mention.label_ not in ("WEAPON", "NOUN", "TROOP"))

    def _subject_country(self, subject: Token | None) -> str | None:
        if subject is None:
            return None
        if subject.lower_ == "we":
            return self.speaker_country
        if subject.lower_ == "it" and subject.head.dep_ == "ROOT":
            return self.antecedent  # "Norway is helping Ukraine. It will send two launchers."
        named = self.places.country_near(subject)
        if named is None and self.lexicon.has("state_references", subject.lower_) and any(
                c.lower_ == "the" for c in subject.children):
            return self.antecedent  # "as the country received the first drones"
        return named

    def _object_country(self, verb: Token, head: Token) -> str | None:
        """"supply Russia with howitzers", "gave Ukraine 31 tanks": a country as object."""
        for child in verb.children:
            mention = self.places.mention_at.get(child.i)
            if child.dep_ in ("dobj", "dative", "iobj") and child != head and (
                    mention is None or mention.label_ not in ("WEAPON", "NOUN", "TROOP")):
                country = self.places.country_of(child)
                if country:
                    return country
        return None

    def _noun_sides(self, noun: Token, head: Token) -> tuple[str | None, str | None]:
        preps = self._preps(noun, head)
        if noun.dep_ in ("dobj", "nsubjpass"):  # "authorized the provision of mines to Ukraine"
            preps = {**self._preps(noun.head, noun), **preps}
        own = [t for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")
               for t in phrase(c)]
        supplier = self.places.country_in(own) or preps.get("from") or preps.get("by")
        recipient = preps.get("to")
        buying = self.lexicon.has("receiving_nouns", noun.lower_)
        if buying:
            # "Germany's procurement of the Arrow 3 from Israel", "a contract with the United
            # States for 32 jets": the owner receives, "from" or "with" sells
            supplier = preps.get("from") or preps.get("with")
            recipient = recipient or self.places.country_in(own)
        governor = noun.head if noun.head != noun and noun.head.pos_ == "VERB" else None
        if governor is not None:
            # "Ukraine took delivery of", "Kyiv is awaiting the delivery of", "Romania signed a
            # contract": the subject receives
            lemma = governor.lemma_.lower()
            receives = buying or self.lexicon.has("noun_receivers", lemma) or \
                self.lexicon.has("transfer_verbs.recipient_subject", lemma)
            subject = self._subject_country(_subject(governor))
            if receives:
                recipient = recipient or subject
            else:
                supplier = supplier or subject
        return supplier, recipient

    def _location(self, predicate: Token, head: Token) -> str | None:
        for owner in (predicate, *_path(head, predicate)):
            for child in owner.children:
                if child.dep_ == "prep" and child.lower_ in (_TO | _IN):
                    for obj in (c for c in child.children if c.dep_ == "pobj"):
                        place = self.places.place_of(obj)
                        if place:
                            return place
        return None


def _lemmas(verb: Token) -> tuple[str, ...]:
    """The verb's lemma with its particle or object ("turn over", "make way": the cue file
    lists such phrases with a space), then the lemma alone."""
    lemma = verb.lemma_.lower()
    words = [c.lemma_.lower() for c in verb.children if c.dep_ in ("prt", "dobj")]
    return (*(f"{lemma} {w}" for w in words), lemma)


def _capable(verb: Token) -> bool:
    """"missiles that could reach mainland China": a modal of ability on an arrival verb."""
    return any(c.dep_ == "aux" and c.lower_ in _ABILITY for c in verb.children)


def _refused(verb: Token) -> bool:
    """"cannot agree", "will not send", "won't supply": a modal refusal, not a denied report
    ("did not send" is a claim denied)."""
    children = list(verb.children)
    return any(c.dep_ == "neg" for c in children) and any(
        c.dep_ == "aux" and c.tag_ == "MD" for c in children)


def _phrase_top(head: Token) -> Token:
    """The top of the noun phrase `head` stands in, through coordination, apposition and
    "of" ("the last batch of the interceptors")."""
    token = head
    while token.head != token and (token.dep_ in ("conj", "appos")
                                   or token.dep_ == "pobj" and token.head.lower_ == "of"
                                   or token.dep_ == "prep" and token.lower_ == "of"):
        token = token.head
    return token


def _argument_of(head: Token, predicate: Token) -> bool:
    """Whether the noun `head` is an argument of `predicate` itself, through coordination,
    apposition or "of" at most ("handed over the last of the tanks it had pledged",
    "completed the delivery of all 18 tanks it promised")."""
    token = _phrase_top(head)
    return token == predicate or token.head == predicate and token.dep_ in (
        "dobj", "nsubj", "nsubjpass", "attr", "dative")


def _side(word: str) -> str:
    if word in _TO:
        return "to"
    return "from" if word in _FROM else "in"


def _path(head: Token, predicate: Token) -> list[Token]:
    """The mention's head and its ancestors below the predicate, with their conjuncts."""
    if predicate not in head.ancestors:
        return [head, *head.conjuncts]
    out = []
    token = head
    while token != predicate and token.head != token and len(out) < _MAX_HOPS:
        out.append(token)
        token = token.head
    conjuncts = [c for t in out for c in t.conjuncts]
    return out + conjuncts


def _subject(verb: Token) -> Token | None:
    """The subject of `verb`, inherited from the governing verb for "continued to supply"; "it"
    and "they" stand for the subject of the clause above ("Russia denied that it received")."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
        if subject is not None and subject.lower_ in ("it", "they") and verb.dep_ in (
                "ccomp", "advcl") and verb.head != verb:
            return _subject(verb.head) or subject
        if subject is not None and subject.lower_ in ("it", "they") and verb.dep_ in (
                "relcl", "acl"):
            # "the transfer of the F-16s it had pledged": "it" is whoever completes the
            # transfer; "announced in a statement that it will send": whoever announced
            return _clause_subject(verb.head) or subject
        if subject is not None:
            return subject
        controller = next((c for c in verb.head.children if c.dep_ == "dobj"), None) \
            if verb.dep_ == "xcomp" else None
        if controller is not None:  # "allowed Russia to station missiles": Russia stations
            return controller
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head != verb:
            verb = verb.head
        elif verb.dep_ in ("acl", "relcl") and verb.head != verb:
            owner = next((c for c in verb.head.children if c.dep_ == "poss"), None)
            return owner or _clause_subject(verb.head)
        else:
            return None
    return None


def _clause_subject(noun: Token) -> Token | None:
    """For "France is close to a deal to supply": the subject of the clause the noun is in."""
    token = noun
    for _ in range(4):
        if token.dep_ not in ("pobj", "prep", "acomp", "dobj", "attr") or token.head == token:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return next((c for c in token.children if c.dep_ == "nsubj"), None)
    return None


def _passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    return verb.dep_ in ("acl", "amod") and verb.tag_ == "VBN" and not any(
        c.dep_ == "nsubj" for c in verb.children)
