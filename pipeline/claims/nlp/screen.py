"""A cheap pre-filter: which articles and paragraphs can hold a claim and are worth the parser.

Input: plain text. Output: `holds_claim` is True when some sentence of an article names a
specific weapon or troops together with a transfer or deployment word ("sent", "deliveries",
"deployed"), or counts troops ("13,000 US troops"): an article without such a sentence cannot
hold a claim and skips the model altogether. `names_arms` is True when the text names a weapon
or a troop noun; `reports` when it has a reporting verb or source phrase; `is_candidate` when
a paragraph names a weapon, a troop noun, a transfer or reporting cue, or a number.
Built from the same data files as the rulers; words are looked up in sets, with their
inflections stripped, so the cost is one pass over the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.claims.nlp.lexicon import Lexicon, load_lexicon
from pipeline.records import ArticleContent

_FRAME_FAMILIES = ("transfer_verbs", "transfer_nouns", "deployment_verbs", "deployment_nouns")
_REPORT_FAMILIES = ("reporting_verbs", "source_phrases")
_CONTENT_FAMILIES = ("content_verbs",)  # "It also includes 20 tanks" goes on about a transfer
_CONTINUATIONS = frozenset({"among"})  # "Among them were 50 tanks" (see frames._continues)
_CUE_FAMILIES = ("reporting_verbs", "source_phrases", "transfer_verbs", "transfer_nouns",
                 "deployment_verbs", "deployment_nouns", "irregular_forms", "number_words",
                 "vague_numbers")
_NAME_PAIR = re.compile(r"\b[A-Z][\w'\u2019-]+ [A-Z][\w'\u2019-]+")
_SPEECH_MARKS = frozenset('"\u201c\u201d:')
_WORD = re.compile(r"\w+(?:[-/.]\w+)*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n")
_COUNT_GAP = 3  # words between a count and the troop noun it counts: "13,000 US troops"
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ing", "e"), ("es", ""), ("ed", ""),
             ("ed", "e"), ("s", ""), ("d", ""))


@dataclass(frozen=True)
class Vocabulary:
    """Terms by their first word, for arms (weapons, troops) and for cues."""

    arms: dict[str, tuple[str, ...]]
    cues: dict[str, tuple[str, ...]]
    specific: dict[str, tuple[str, ...]]  # weapon systems, non-vague nouns, troop nouns
    cased: dict[str, tuple[str, ...]]  # aliases that are weapons only as written: "Hawk"
    vague: dict[str, tuple[str, ...]]  # vague nouns: "weapons", "military aid", "containers"
    places: dict[str, tuple[str, ...]]  # names of countries, their seats and demonyms
    frames: dict[str, tuple[str, ...]]  # transfer and deployment verbs and nouns
    claim_cues: dict[str, tuple[str, ...]]  # the frames, content verbs and continuations
    troop_names: dict[str, tuple[str, ...]]  # troop nouns: "soldiers", "service members"
    reports: dict[str, tuple[str, ...]]  # reporting verbs and source phrases: "said"
    troops: frozenset[str]
    counts: frozenset[str]  # number words: "hundreds", "dozens"


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
    troops = set(lexicon.terms.get("troop_nouns", ()))
    specific = {a.lower() for s in lexicon.weapons.values() for a in (s.name, *s.aliases)}
    cased = {a for s in lexicon.weapons.values() for a in s.aliases_cased}
    vague = {t.lower() for n in lexicon.nouns.values() if n.vague for t in n.terms}
    specific |= {t.lower() for n in lexicon.nouns.values() if not n.vague for t in n.terms}
    frames = {t for family in _FRAME_FAMILIES for t in lexicon.terms.get(family, ())}
    frames |= {t for entry in lexicon.cues.get("irregular_forms", [])
               if any(entry["id"] in lexicon.terms.get(f, ()) for f in _FRAME_FAMILIES)
               for t in entry["terms"]}
    places = {t for c in lexicon.countries.values()
              for t in (c.name, *c.aliases, *c.seats, *c.demonyms)}
    reports = {t for f in _REPORT_FAMILIES for t in lexicon.terms.get(f, ())}
    reports |= {t for entry in lexicon.cues.get("irregular_forms", [])
                if any(entry["id"] in lexicon.terms.get(f, ()) for f in _REPORT_FAMILIES)
                for t in entry["terms"]}
    counts = {t for f in ("number_words", "vague_numbers") for t in lexicon.terms.get(f, ())}
    claim_cues = frames | _CONTINUATIONS | {t for f in _CONTENT_FAMILIES
                                            for t in lexicon.terms.get(f, ())}
    return Vocabulary(arms=_index(arms), cues=_index(cues), specific=_index(specific | troops),
                      cased=_index(cased), vague=_index(vague), places=_index(places),
                      reports=_index(reports), frames=_index(frames),
                      claim_cues=_index(claim_cues), troop_names=_index(troops),
                      troops=frozenset(troops), counts=frozenset(counts))


@lru_cache(maxsize=1 << 16)
def _forms(word: str) -> tuple[str, ...]:
    """The word and the stems its inflection may hide: "supplied" -> "supply" (cached: news
    text repeats its words)."""
    forms = [word]
    for suffix, ending in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)] + ending
            forms += [stem, stem[:-1]] if len(stem) > 3 and stem[-1] == stem[-2] else [stem]
    return tuple(forms)


def _names(text: str, index: dict[str, tuple[str, ...]]) -> bool:
    return _names_words(_WORD.findall(text.lower()), index)


def _names_words(words: list[str], index: dict[str, tuple[str, ...]]) -> bool:
    flat = " ".join(words)
    for word in words:
        for form in _forms(word):
            terms = index.get(form)
            if terms and any(_in_text(t, word, flat) for t in terms):
                return True
    return False


def _in_text(term: str, word: str, flat: str) -> bool:
    """Whether `term`, whose first word is a form of `word`, stands in `flat` with that word
    as written: "turn over" in "it turned over nine guns"."""
    if " " not in term:
        return True
    return term in flat or word + term[term.index(" "):] in flat


def _terms_in(words: list[str], index: dict[str, tuple[str, ...]]) -> set[str]:
    """The terms of `index` that `words` name, inflected or not."""
    flat = " ".join(words)
    return {t for word in words for form in _forms(word) for t in index.get(form, ())
            if _in_text(t, word, flat)}


def _cased_terms(words: list[str], index: dict[str, tuple[str, ...]]) -> set[str]:
    """The terms of `index` that `words` hold exactly as written."""
    flat = " ".join(words)
    return {t for w in words for t in index.get(w, ()) if " " not in t or t in flat}


def _counts_troops(words: list[str], vocab: Vocabulary) -> bool:
    """Whether a count comes just before a troop noun: "some 200 U.S. military personnel"."""
    for i, word in enumerate(words):
        if word in vocab.troops:
            before = words[max(0, i - _COUNT_GAP - 1):i]
            if any(w[0].isdigit() or w in vocab.counts for w in before):
                return True
    return False


def holds_claim(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether some sentence of an article names a specific weapon or troops with a transfer or
    deployment word, or counts troops. A vague noun ("weapons", "containers") counts only in a
    transfer between two named countries ("Pyongyang sent containers of weapons to Russia"),
    and a weapon named without a transfer word ("a drone" in a review) not at all, unless it
    is an item of a list that such a word opens ("The package includes:" then "12 tanks")."""
    vocab = vocabulary(lexicon or load_lexicon())
    listing = False
    for sentence in _SENTENCE.split(text):
        written = _WORD.findall(sentence)
        words = [w.lower() for w in written]
        specific = _terms_in(words, vocab.specific) | _cased_terms(written, vocab.cased)
        vague = _terms_in(words, vocab.vague)
        if listing and specific:
            return True
        listing = ":" in sentence and _names_words(words, vocab.claim_cues)
        if not (specific or vague):
            continue
        # a word that names arms is no transfer word: "arms" is not the verb "arm"
        cues = [w for w in words if not any(" " not in t for t in vocab.arms.get(w, ()))]
        if specific and (_names_words(cues, vocab.frames) or _counts_troops(words, vocab)):
            return True
        # nor, beside a vague noun only, a word of it: the "aid" of "military aid"
        naming = {w for t in vague for w in t.split()}
        if _names_words([w for w in cues if w not in naming], vocab.frames) \
                and len(_cased_terms(written, vocab.places)) >= 2:
            return True
    return False


def article_holds_claim(content: ArticleContent, lexicon: Lexicon | None = None) -> bool:
    """`holds_claim` over the article's title, standfirst and text."""
    whole = "\n".join(t for t in (content.title, content.standfirst, content.text) if t)
    return holds_claim(whole, lexicon)


def may_attribute(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a paragraph may attribute a statement or name someone a later one refers to
    ("Defence Minister Anna Berg spoke in Warsaw." before "She said ..."): a reporting verb
    or source phrase, a quotation mark (a quote that goes on from the paragraph before), a
    colon, or two capitalised words in a row."""
    return any(c in _SPEECH_MARKS for c in text) or _NAME_PAIR.search(text) is not None \
        or reports(text, lexicon)


def names_arms(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether `text` names a weapon system, a weapon noun or a troop noun."""
    return _names(text, vocabulary(lexicon or load_lexicon()).arms)


def may_claim(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a paragraph may hold a claim itself: it names troops, or names weapons and a
    transfer, deployment or content word or "among" (the words the frames of
    `pipeline.claims.nlp.frames` stand on) anywhere in it."""
    vocab = vocabulary(lexicon or load_lexicon())
    words = _WORD.findall(text.lower())
    return _names_words(words, vocab.troop_names) or (
        _names_words(words, vocab.arms) and _names_words(words, vocab.claim_cues))


def opens_list(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a paragraph announces a list of items with a transfer or content word and a
    closing colon ("The package includes:", "The delivery comprised the following:")."""
    if not text.rstrip().endswith(":"):
        return False
    vocab = vocabulary(lexicon or load_lexicon())
    return _names_words(_WORD.findall(text.lower()), vocab.claim_cues)


def reports(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a paragraph has a reporting verb or source phrase ("said", "according to")."""
    return _names(text, vocabulary(lexicon or load_lexicon()).reports)


def is_candidate(text: str, lexicon: Lexicon | None = None) -> bool:
    """Whether a paragraph may hold a claim or an attribution."""
    vocab = vocabulary(lexicon or load_lexicon())
    return any(c.isdigit() for c in text) or _names(text, vocab.arms) or _names(text, vocab.cues)
