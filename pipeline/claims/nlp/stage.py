"""The stage a transfer has reached: delivered, delivering, announced, approved, ordered,
pledged, planned, requested or offered.

Input: the predicate token of a frame (a transfer verb or noun) and the lexicon. Output: one
stage word. A stage word (data/cues.yaml `stage_words`) on the predicate or on the words that
govern it sets the stage, the nearest first ("Berlin approved the sale": approved; "plans to
deliver": planned; "handed over the tanks it had pledged": the relative clause is no
governor, so delivered); otherwise the predicate's tense and aspect decide.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from pipeline.claims.nlp.lexicon import Lexicon

DELIVERED, DELIVERING, ANNOUNCED = "delivered", "delivering", "announced"
_GOVERNING = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "dobj", "nsubjpass",
                        "nsubj", "advcl", "acl", "conj", "attr", "oprd", "compound"})
_MAX_UP = 5
_FUTURE = frozenset({"will", "shall", "'ll", "wo"})


def stage_of(predicate: Token, lexicon: Lexicon) -> str:
    """The stage of the transfer or deployment that `predicate` states: its own stage word
    (unless it is an infinitive under another: "plans to buy"), else delivered when it is a
    finite past ("the company announced it has delivered"), else the nearest stage word above
    it, else its tense."""
    own = _stage_word(predicate, lexicon)
    if own and predicate.dep_ != "xcomp":  # "plans to buy": the plan is the stage
        return own
    if _under_way(predicate, lexicon):
        return DELIVERING
    if _past(predicate):
        return DELIVERED
    for token in _chain(predicate)[1:]:
        word = _stage_word(token, lexicon)
        if word:
            return word
    return own or _by_tense(predicate, lexicon)


def _under_way(predicate: Token, lexicon: Lexicon) -> bool:
    """"Deliveries of 32 jets are under way", "in the process of shipping 48 howitzers"."""
    return lexicon.said_in("delivering_phrases", predicate.sent.text)


def _chain(predicate: Token) -> list[Token]:
    """The predicate and the words governing it, up to the clause that reports it."""
    chain = [predicate]
    token = predicate
    for _ in range(_MAX_UP):
        if token.dep_ not in _GOVERNING or token.head == token:
            break
        token = token.head
        chain.append(token)
    return chain


def _past(verb: Token) -> bool:
    """"delivered", "has delivered", "were delivered": a finite past, not "to deliver"."""
    if verb.pos_ not in ("VERB", "AUX") or verb.dep_ in ("xcomp", "acl", "amod"):
        return False
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.tag_ == "MD" or a.lower_ == "to" for a in aux):
        return False
    return verb.tag_ == "VBD" or verb.tag_ == "VBN" and any(
        a.lemma_ == "have" or a.tag_ == "VBD" for a in aux)


@lru_cache(maxsize=4)
def _stage_table(lexicon: Lexicon) -> dict[str, str]:
    """Stage word -> stage; a word listed under two stages keeps the first."""
    table: dict[str, str] = {}
    for entry in lexicon.cues.get("stage_words", []):
        for term in entry["terms"]:
            table.setdefault(str(term).lower(), entry["id"])
    return table


def _stage_word(token: Token, lexicon: Lexicon) -> str | None:
    if token.dep_ == "amod" and token.tag_ == "VBN":
        return None  # "the pledged launchers": a modifier, not the frame
    table = _stage_table(lexicon)
    return table.get(token.lower_) or table.get(token.lemma_.lower())


def _by_tense(predicate: Token, lexicon: Lexicon) -> str:
    """Past is delivered, future announced, progressive delivering (or announced for "is
    sending")."""
    verb = predicate if predicate.pos_ in ("VERB", "AUX") else _governing_verb(predicate)
    if verb is None:
        return DELIVERED
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE or a.tag_ == "MD" and a.lower_ != "may" for a in aux) \
            or _is_to(verb):
        return ANNOUNCED
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" for a in aux):
        announcing = lexicon.has("announcing_progressives", verb.lemma_.lower())
        return ANNOUNCED if announcing else DELIVERING
    return DELIVERED


def _governing_verb(noun: Token) -> Token | None:
    token = noun
    for _ in range(_MAX_UP):
        if token.head == token:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return None


def _is_to(verb: Token) -> bool:
    """"is to send", "are going to deliver", "to be delivered next month"."""
    to = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    head = verb.head
    return to and verb.dep_ == "xcomp" and head.lemma_ in ("be", "go") and head != verb
