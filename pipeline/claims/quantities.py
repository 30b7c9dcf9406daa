"""Counts and calibres stated before a weapon or troop mention.

Input: a parsed (or only tokenised) Doc and a mention span. Output: a `Quantity` ("nearly 50"
is 50, approximate, qualifier "nearly", unit "howitzers") or None, and the calibre in mm. A
number joined to a calibre unit ("170mm", "122-millimetre") or to a measure, a price or a span
of time ("300 km", "$5m", "1,000 days") is never a count. Vocabulary: data/quantities.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.claims.nlp.lexicon import Lexicon, load_lexicon
from pipeline.claims.nlp.mentions import CALIBRES_KEY
from pipeline.records import Quantity

_WINDOW = 8
_STOP = frozenset({"the", "this", "that", "these", "those", "and", "or", "but", "of", "to",
                   "from", "with", "by", "in", "on", "for", "as", "which", "who", ",", ";",
                   ":", "(", ")", "including", "such", "like"})
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD", "VB"})
_DIGITS = re.compile(r"^\d{1,3}(?:[,\u202f\u00a0 ]\d{3})+$|^\d+$")
_DECIMAL = re.compile(r"^\d+\.\d+$")
_THOUSANDS = re.compile(r"^\d{3}$")  # the "000" of "250 000"
_YEAR = range(1900, 2101)
_MULTIPLIERS = frozenset({"dozen", "hundred", "thousand", "million", "billion"})
_OWNERS = frozenset({"its", "their", "the", "his", "her", "our"})
_COORDINATION = frozenset({",", "and", "or"})
_RANGE_WORDS = frozenset({"to", "-", "\u2013", "and", "or"})


@dataclass(frozen=True)
class NumberVocab:
    """Number words, approximators and units as lookup tables."""

    words: dict[str, int]
    vague: frozenset[str]
    parts: frozenset[str]  # "most", "half": a part of a counted whole
    ordinals: frozenset[str]  # "third", "last": one of a counted whole
    approximators: dict[str, str]  # phrase -> bound
    calibre_units: dict[str, float]
    measure_units: frozenset[str]
    containers: frozenset[str]


@lru_cache(maxsize=4)
def number_vocab(lexicon: Lexicon | None = None) -> NumberVocab:
    """Lookup tables from data/quantities.yaml."""
    q = (lexicon or load_lexicon()).quantities

    def table(family: str, key: str) -> dict:
        return {t.lower(): e[key] for e in q.get(family, []) for t in e["terms"]}

    return NumberVocab(
        words=table("number_words", "value"),
        vague=frozenset(t.lower() for e in q.get("vague_numbers", []) for t in e["terms"]),
        parts=frozenset(t.lower() for e in q.get("part_words", []) for t in e["terms"]),
        ordinals=frozenset(t.lower() for e in q.get("ordinal_words", []) for t in e["terms"]),
        approximators=table("approximators", "bound"),
        calibre_units={k.lstrip("-"): float(v)
                       for k, v in table("calibre_units", "factor").items()},
        measure_units=frozenset(t.lower().lstrip("-") for e in q.get("measure_units", [])
                                for t in e["terms"]),
        containers=frozenset(t.lower() for e in q.get("container_nouns", []) for t in e["terms"]))


def parse_number(words: list[str], vocab: NumberVocab | None = None) -> int | None:
    """The integer value of number words or digits: "10,900", "two dozen", "1.5 million",
    "250 000" (a space between thousands, two tokens)."""
    vocab = vocab or number_vocab()
    total, current, seen, digits = 0, 0.0, False, False
    for raw in words:
        word = raw.lower().strip()
        if word in ("-", "and") and seen:
            continue
        if word in ("a", "an") and not seen:
            word = "one"
        if digits and _THOUSANDS.match(word):
            current = current * 1000 + int(word)
        elif _DIGITS.match(word):
            current += int(re.sub(r"\D", "", word))
        elif _DECIMAL.match(word):
            current += float(word)
        elif word in vocab.words:
            value = vocab.words[word]
            if value >= 100:
                current = (current or 1) * value
                if value >= 1000:
                    total, current = total + current, 0
            elif value == 12 and word == "dozen":
                current = (current or 1) * 12
            else:
                current += value
        elif "-" in word and all(p in vocab.words for p in word.split("-")):
            current += sum(vocab.words[p] for p in word.split("-"))
        else:
            return None
        seen, digits = True, word.isdigit() and len(word) <= 3  # "250" of "250 000", not "2024"
    return int(total + current) if seen else None


def _is_number(token: Token, vocab: NumberVocab) -> bool:
    word = token.lower_
    return bool(_DIGITS.match(word) or _DECIMAL.match(word)) or word in vocab.words or (
        "-" in word and all(p in vocab.words for p in word.split("-")))


def _number_group(doc: Doc, end: int, floor: int, vocab: NumberVocab) -> int:
    """The first index of the run of number tokens ending at `end` (inclusive)."""
    start = end
    while start - 1 >= floor:
        before = doc[start - 1]
        # "two hundred and fifty": "and" joins a number only after a word for 100 or more
        joined = (before.lower_ == "and" and start - 2 >= floor
                  and vocab.words.get(doc[start - 2].lower_, 0) >= 100)
        # "a dozen", "a hundred": the article counts as one before a multiplier
        article = before.lower_ in ("a", "an") and vocab.words.get(doc[start].lower_, 0) >= 12 \
            and doc[start].lower_ in _MULTIPLIERS
        if not (_is_number(before, vocab) or joined or article):
            break
        start -= 1
    return start


def _is_measure(doc: Doc, start: int, end: int, vocab: NumberVocab) -> bool:
    """Whether the number doc[start:end] is a measure, price, calibre or span of time."""
    after = doc[end] if end < len(doc) else None
    after = doc[end + 1] if after is not None and after.text == "-" and end + 1 < len(doc) \
        else after
    before = doc[start - 1].lower_ if start > 0 else ""
    if after is not None and (after.lower_ in vocab.measure_units
                              or after.lower_ in vocab.calibre_units):
        return True
    if before in vocab.measure_units:  # "$ 5", "€ 200"
        return True
    text = doc[start:end].text
    return len(doc[start:end]) == 1 and text.isdigit() and int(text) in _YEAR


def _approximator(doc: Doc, start: int, vocab: NumberVocab) -> tuple[int, str | None]:
    """The start of the approximator phrase before `start`, and its words, if any."""
    for size in (3, 2, 1):
        if start - size < 0 or doc[start - 1].dep_ == "prt":  # "handed over 14 tanks"
            continue
        phrase = doc[start - size:start].text.lower()
        if phrase in vocab.approximators:
            return start - size, phrase
    return start, None


def _range_start(doc: Doc, start: int, floor: int, vocab: NumberVocab) -> int | None:
    """For "50 to 60", the start of "50" when the group at `start` is "60"."""
    link = start - 1
    if link - 1 >= floor and doc[link].lower_ in _RANGE_WORDS and _is_number(doc[link - 1], vocab):
        return _number_group(doc, link - 1, floor, vocab)
    return None


def _quantity_at(doc: Doc, end: int, floor: int, unit: str, vocab: NumberVocab) -> Quantity | None:
    start = _number_group(doc, end, floor, vocab)
    value = parse_number([t.text for t in doc[start:end + 1]], vocab)
    if value is None or start > 0 and doc[start - 1].lower_ in vocab.vague:
        return None  # "several dozen missiles": no count
    low = upper = None
    low_start = _range_start(doc, start, floor, vocab)
    if low_start is not None:
        first = parse_number([t.text for t in doc[low_start:start - 1]], vocab)
        if first is not None and first < value:
            low, upper, start = first, value, low_start
    if start > 0 and doc[start - 1].lower_ == "between":
        start -= 1
    text_start, qualifier = _approximator(doc, start, vocab)
    return Quantity(value=None if upper else value, text=doc[text_start:end + 1].text, unit=unit,
                    approximate=qualifier is not None or upper is not None, qualifier=qualifier,
                    upper=upper, low=low)


def _skippable(token: Token, vocab: NumberVocab) -> bool:
    """Whether the scan for a count may pass over `token` (an adjective, a name, a quote)."""
    if token.lower_ in _STOP or token.is_punct and token.text not in ('"', "-", "\u201c",
                                                                      "\u201d", "'"):
        return False
    if token.tag_ in _FINITE or token.pos_ in ("AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ"):
        previous = token.doc[token.i - 1] if token.i > 0 else None
        # "20 upgraded 240mm launchers": a participle the tagger read as a finite verb
        return token.tag_ == "VBD" and previous is not None and _is_number(previous, vocab)
    return True


def quantity_before(doc: Doc, start: int, unit: str | None, floor: int = 0) -> Quantity | None:
    """The count stated before the token at `start`, scanning left through its noun phrase."""
    vocab = number_vocab()
    calibres = [(c.start, c.end) for c in doc.spans.get(CALIBRES_KEY, [])]
    floor = max(floor, start - _WINDOW)
    i = start - 1
    while i >= floor:
        inside = next((c for c in calibres if c[0] <= i < c[1]), None)
        if inside:
            i = inside[0] - 1
            continue
        token = doc[i]
        if _is_number(token, vocab):
            group = _number_group(doc, i, floor, vocab)
            if _is_measure(doc, group, i + 1, vocab):
                i = group - 1
                continue
            if _part_of(doc, group, vocab):
                return None  # "most of the 49 tanks": a part of them, uncounted
            return _quantity_at(doc, i, floor, unit or "", vocab)
        if token.lower_ == "of" and i - 1 >= floor:
            return _quantity_of(doc, i - 1, unit, floor, vocab)
        if token.lower_ in _OWNERS and i - 1 >= floor and doc[i - 1].lower_ == "of":
            i -= 1  # "19 of its howitzers"
            continue
        if not _skippable(token, vocab):
            return None
        i -= 1
    return None


def _part_of(doc: Doc, start: int, vocab: NumberVocab) -> bool:
    """Whether the number at `start` follows "most of the", "some of its": it counts the whole
    that only a part of was meant."""
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in vocab.ordinals:
        return True  # "the third of four submarines": one of them
    if start < 3 or doc[start - 1].lower_ not in _OWNERS or doc[start - 2].lower_ != "of":
        return False
    return doc[start - 3].lower_ in vocab.parts


def _quantity_of(doc: Doc, head: int, unit: str | None, floor: int,
                 vocab: NumberVocab) -> Quantity | None:
    """Counts before "of": "hundreds of drones", "7,000 containers of weapons"."""
    word = doc[head].lower_
    if _is_number(doc[head], vocab):
        if doc[head].lower_ == "one":
            return None  # "one of the world's most capable tanks": no count
        group = _number_group(doc, head, floor, vocab)
        measure = _is_measure(doc, group, head + 1, vocab)
        return None if measure else _quantity_at(doc, head, floor, unit or "", vocab)
    if word in vocab.containers:
        return quantity_before(doc, head, word, floor)
    return None


def calibres_before(doc: Doc, span: Span) -> list[float]:
    """The calibres in mm stated in or just before the mention `span`, with those coordinated
    before them: "60mm, 81mm and 120mm mortars" gives 60, 81 and 120."""
    vocab = number_vocab()
    spans = list(doc.spans.get(CALIBRES_KEY, []))
    for k, cal in enumerate(spans):
        between = doc[cal.end:span.start]
        if (span.start - 4 <= cal.start < span.end and cal.end <= span.end
                and not any(t.lower_ in _STOP for t in between)):
            found = [cal]
            for previous in reversed(spans[:k]):
                gap = doc[previous.end:found[0].start]
                if not 0 < len(gap) <= 2 or any(t.lower_ not in _COORDINATION for t in gap):
                    break
                found.insert(0, previous)
            values = [_calibre_mm(c, vocab) for c in found]
            return [v for v in values if v is not None]
    return []


def _calibre_mm(cal: Span, vocab: NumberVocab) -> float | None:
    number = parse_number([cal[0].text], vocab)
    factor = vocab.calibre_units.get(cal[-1].lower_.lstrip("-"), 1.0)
    return None if number is None else number * factor
