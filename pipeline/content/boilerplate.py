"""Paragraph clutter detection, shared by the text-dump reader and the HTML reader.

Input: the paragraphs of one page in reading order. Output: for each paragraph the id of the
clutter family it belongs to (donation appeal, newsletter prompt, related links, ...) or None
for a paragraph that may be article text. Evidence is the phrase vocabulary in
`data/boilerplate.yaml` plus page-independent features: words addressing the reader outside
quotation marks (next to a box that talks to the reader), reporting verbs and quotations as
evidence of article text, sentence punctuation, length, link-like lines, short lines of the
page's head shown again further down, and the boxes clutter comes in (a heading, a pitch and a
button between blank lines).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from pipeline.yaml_data import data_file

APPEAL = "reader_appeal"
LINK = "link_list"
REPEATED = "repeated_line"
REPEATED_MAX_WORDS = 8  # a short line the page shows twice is furniture (a share row, a kicker)
LONG_PARAGRAPH = 30  # words; a phrase alone does not make a paragraph this long clutter
STRONG_APPEAL_SECOND = 2  # "you"/"your" this often outside quotes: the page talks to the reader
WEAK_WORDS = 16
HEADING_WORDS = 20
BOX_HEADING_WORDS = 6
TOC_MIN_ENTRIES = 3  # head lines shown again over this many sections: a table of contents
BLOCKY_SHARE = 0.3  # fewer blocks than this share of lines: blank lines carry no structure
SENTENCE_END = tuple(".!?…\"”’')]:;")

_QUOTED = re.compile(r"“[^”]*(?:”|$)|\"[^\"]*(?:\"|$)|‘[^’]*’(?!\w)")
_WORD = re.compile(r"[\w'’-]+")
_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|io)\b/?\S*")
_CAMEL_JOIN = re.compile(r"([a-z])([A-Z])")  # "logged inPlease": two lines glued in the dump
_SEPARATOR = re.compile(r"\s[|·•/]\s")
_EDGE = re.compile(r"^[\s\W_]+|[\s\W_]+$")


@dataclass(frozen=True)
class Vocabulary:
    """Clutter vocabulary: phrase patterns, whole-line entries and line patterns by family.

    Each phrase comes with its lower-cased literal, which the paragraph must contain before
    the (slower) pattern with its word boundaries is tried.
    """

    phrases: tuple[tuple[str, str, re.Pattern[str]], ...]
    starts: tuple[tuple[str, str], ...]
    lines: dict[str, str]
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    second_person: frozenset[str]
    first_plural: frozenset[str]
    body_cues: frozenset[str]
    appeal_boxes: frozenset[str]  # families that talk to the reader (donation, newsletter...)


@functools.cache
def vocabulary() -> Vocabulary:
    """The clutter vocabulary from the package data files, loaded once."""
    data = data_file("boilerplate.yaml")
    families = data["families"]
    body_cues = frozenset(w for cue in data["body_cues"] for w in cue["words"])
    appeal = data_file("article_header.yaml")["appeal_words"]
    phrases, starts, lines, patterns = [], [], {}, []
    for family in families:
        for phrase in family.get("phrases") or []:
            literal = _CAMEL_JOIN.sub(r"\1 \2", phrase).lower()  # "JavaScript" as text is read
            tail = r"\b" if phrase[-1].isalnum() else ""
            pattern = re.compile(rf"(?<![\w-]){re.escape(literal)}{tail}")
            phrases.append((family["id"], literal, pattern))
        starts += [(family["id"], _line_key(start)) for start in family.get("starts") or []]
        for line in family.get("lines") or []:
            lines.setdefault(_line_key(line), family["id"])
        for pattern in family.get("patterns") or []:
            patterns.append((family["id"], re.compile(pattern, re.IGNORECASE)))
    boxes = frozenset(f["id"] for f in families if f.get("appeal_box")) | {APPEAL}
    return Vocabulary(tuple(phrases), tuple(starts), lines, tuple(patterns),
                      frozenset(appeal["second_person"]), frozenset(appeal["first_plural"]),
                      body_cues, boxes)


def _line_key(text: str) -> str:
    return re.sub(r"\s+", " ", _EDGE.sub("", text.lower()))


def unquoted(paragraph: str) -> str:
    """The paragraph with quoted speech removed (an unclosed quote runs to the end)."""
    return _QUOTED.sub(" ", paragraph)


def appeal_counts(paragraph: str) -> tuple[int, int]:
    """Second-person and first-person-plural words outside quotation marks."""
    vocab = vocabulary()
    words = [w.lower().strip("'’") for w in _WORD.findall(unquoted(paragraph))
             if not (w.isupper() and len(w) > 1)]  # "US" is a country, "WE" a heading
    return (sum(w in vocab.second_person for w in words),
            sum(w in vocab.first_plural for w in words))


def is_link_like(paragraph: str) -> bool:
    """A line that is mostly URLs, or a breadcrumb / menu of short items joined by separators."""
    urls = sum(len(m) for m in _URL.findall(paragraph))
    if urls and urls >= 0.5 * len(paragraph.strip()):
        return True
    for sep in (" | ", " > ", " › ", " » ", " • ", " ▪ "):
        items = paragraph.split(sep)
        if len(items) >= 3 and all(len(i.split()) <= 4 for i in items):
            return True
    return False


def vocabulary_family(paragraph: str) -> str | None:
    """The clutter family whose vocabulary the paragraph matches, or None."""
    return _whole_line_family(paragraph) or _phrase_family(paragraph)


def _whole_line_family(paragraph: str) -> str | None:
    """The family of a `lines` entry the paragraph is (or whose items it lists, "Home | News")
    or of a pattern it matches whole."""
    vocab = vocabulary()
    key = _line_key(paragraph)
    if key in vocab.lines:
        return vocab.lines[key]
    parts = _SEPARATOR.split(paragraph)
    items = [item for item in map(_line_key, parts) if item] if len(parts) > 1 else []
    if len(items) > 1 and all(item in vocab.lines for item in items):
        return vocab.lines[items[0]]
    for family, pattern in vocab.patterns:
        if pattern.fullmatch(paragraph.strip()):
            return family
    return None


def _phrase_family(paragraph: str) -> str | None:
    """The family of a `starts` entry the paragraph begins with or a phrase it contains."""
    vocab = vocabulary()
    key = _line_key(paragraph)
    for family, start in vocab.starts:
        if key.startswith(start) and not key[len(start):len(start) + 1].isalnum():
            return family
    text = _CAMEL_JOIN.sub(r"\1 \2", unquoted(paragraph)).lower().replace("\u00a0", " ")
    for family, literal, pattern in vocab.phrases:
        if literal in text and pattern.search(text):
            return family
    return None


def paragraph_family(paragraph: str, *, extracted: bool = False) -> str | None:
    """Clutter evidence from the paragraph alone.

    Vocabulary always counts; a phrase inside a long paragraph counts only when the paragraph
    also addresses the reader (a whole-line entry or pattern counts at any length). Unless the
    paragraph comes from an `extracted` main text, link-like lines count on their own. Reader
    appeals count only beside a box (`is_appeal`).
    """
    whole = _whole_line_family(paragraph)
    if whole:
        return whole
    family = _phrase_family(paragraph)
    if family and len(paragraph.split()) <= LONG_PARAGRAPH:
        return family
    if extracted and not family:
        return None
    second, first = appeal_counts(paragraph)
    if family and second and first:
        return family
    if extracted:
        return None
    return LINK if is_link_like(paragraph) else None


def is_appeal(paragraph: str) -> bool:
    """Talks to the reader ("you" twice, or "you" and "we") without reporting anyone: a
    donation or sign-up pitch when it stands next to such a box, else how-to prose. A long
    paragraph (`LONG_PARAGRAPH` words) pitches only when the publication speaks ("we")."""
    second, first = appeal_counts(paragraph)
    strong = second >= STRONG_APPEAL_SECOND and len(paragraph.split()) < LONG_PARAGRAPH
    return (strong or bool(second and first)) and not _reported(paragraph)


def _reported(paragraph: str) -> bool:
    """Whether the paragraph reports speech ("said", "according to"): article text does."""
    return any(w.lower() in vocabulary().body_cues for w in _WORD.findall(paragraph))


def _weak(paragraph: str) -> bool:
    """Short, unquoted and without a reporting verb: nothing marks it as article text."""
    return (len(_WORD.findall(paragraph)) < WEAK_WORDS and unquoted(paragraph) == paragraph
            and not _reported(paragraph))


def _is_stop(labels: list[str | None], transparent: list[bool], i: int) -> bool:
    """Whether paragraph i is a box's neighbour: labelled, or not a bare heading."""
    return bool(labels[i]) or not transparent[i]


def _stops_after(labels: list[str | None], transparent: list[bool]) -> list[int | None]:
    """For each paragraph, the index of the nearest later one that `_is_stop`."""
    stops: list[int | None] = [None] * len(labels)
    following = None
    for i in range(len(labels) - 1, -1, -1):
        stops[i] = following
        if _is_stop(labels, transparent, i):
            following = i
    return stops


def _joined_box(paragraphs: list[str], labels: list[str | None], transparent: list[bool],
                blocks: list[int] | None, i: int, before: int | None,
                after: int | None) -> str | None:
    """The clutter family paragraph i joins as part of the box around it, or None.

    Only boxes that talk to the reader (donation, newsletter, comments...) take in sentences:
    between two clutter paragraphs, one of them such a box, a paragraph joins when it says "we"
    or "you" ("we" when it is long) without reporting anyone, or when it is weak (see
    `_weak`) and both sides are the same box. Inside a block (no blank line between), a weak
    paragraph next to such a box joins it, and a bare heading joins any clutter next to it.
    `before` and `after` are the nearest paragraphs on either side that are not bare headings.
    """
    boxes = vocabulary().appeal_boxes
    if before is not None and after is not None and labels[before] and labels[after]:
        sides = {labels[before], labels[after]}
        second, first = appeal_counts(paragraphs[i])
        long = len(paragraphs[i].split()) >= LONG_PARAGRAPH  # a pitch says "we" then
        appeal = (sides & boxes and (first or (second and not long))
                  and not _reported(paragraphs[i]))
        if appeal or (sides <= boxes and len(sides) == 1 and _weak(paragraphs[i])):
            return labels[before] if labels[before] in boxes else labels[after]
    if blocks is None:
        return None
    for j in (i - 1, i + 1):
        if not (0 <= j < len(labels) and labels[j] and blocks[j] == blocks[i]):
            continue
        if transparent[i] or (labels[j] in boxes and _weak(paragraphs[i])):
            return labels[j]
    return None


def label_clutter(paragraphs: list[str], *, extracted: bool = False,
                  blocks: list[int] | None = None,
                  protected: list[bool] | None = None) -> list[str | None]:
    """Clutter family (or None) for each paragraph of a page, in reading order.

    `extracted` paragraphs are an extractor's main text (HTML), not a whole page. Beyond each
    paragraph's own evidence (`paragraph_family`), clutter spreads to paragraphs
    that belong to the same box (`_joined_box`). `blocks` gives each paragraph's block number
    where blank lines structure the page; they are ignored when blank lines are too rare to
    mean anything. `protected` paragraphs (a byline, a date line) keep their own evidence only
    and do not pass clutter on.
    """
    labels = [paragraph_family(p, extracted=extracted) for p in paragraphs]
    protected = protected or [False] * len(paragraphs)
    transparent = [not p.rstrip().endswith(SENTENCE_END) and len(p.split()) < HEADING_WORDS
                   and not kept for p, kept in zip(paragraphs, protected, strict=True)]
    if blocks is not None and len(set(blocks)) < BLOCKY_SHARE * len(blocks):
        blocks = None
    _join_boxes(paragraphs, labels, transparent, blocks, protected)
    if not extracted:
        _label_repeated(paragraphs, labels)
        if _label_appeals(paragraphs, labels, transparent):  # boxes grew: who else joins them
            _join_boxes(paragraphs, labels, transparent, blocks, protected)
    _label_box_headings(paragraphs, labels, transparent)
    return labels


def _join_boxes(paragraphs: list[str], labels: list[str | None], transparent: list[bool],
                blocks: list[int] | None, protected: list[bool]) -> None:
    """Label the paragraphs that join the boxes around them (`_joined_box`), until none does."""
    changed = True
    while changed:  # one pass in reading order, the nearest stops kept up to date as it goes
        changed = False
        after = _stops_after(labels, transparent)
        before = None
        for i in range(len(paragraphs)):
            if not (labels[i] or protected[i]):
                labels[i] = _joined_box(paragraphs, labels, transparent, blocks, i, before,
                                        after[i])
                changed = changed or labels[i] is not None
            if _is_stop(labels, transparent, i):
                before = i


def _label_repeated(paragraphs: list[str], labels: list[str | None]) -> None:
    """Short lines of the page's head (above its first long paragraph) that the page shows
    again further down: share rows, section kickers, menus. A line repeated only further down
    may be the article's own (the same subheading over each part of a list)."""
    keys = [_line_key(p) if len(p.split()) <= REPEATED_MAX_WORDS else "" for p in paragraphs]
    first = next((i for i, p in enumerate(paragraphs) if len(p.split()) >= HEADING_WORDS),
                 len(paragraphs))
    seen = Counter(keys)
    head = set(keys[:first])
    shown = [i for i, key in enumerate(keys) if i >= first and key and key in head
             and seen[key] > 1 and not labels[i]]
    sections = _section_headings(paragraphs, keys[:first], shown)
    for i, key in enumerate(keys):
        if key and key in head and seen[key] > 1 and not labels[i] and i not in sections:
            labels[i] = REPEATED


def _section_headings(paragraphs: list[str], head: list[str], shown: list[int]) -> set[int]:
    """The lines of `shown` (lines of the page's `head` shown again below it) that head the
    sections of the article, the head being its table of contents: each group of them (one
    line, or a section's heading right over its first subsection's) has a long paragraph
    (`HEADING_WORDS`) between it and the group before and one right below it, and
    `TOC_MIN_ENTRIES` lines or more of such groups come in the order the head lists them. A
    menu or share row shown again comes in one piece; a list of links under section names
    starts with a headline."""
    long = [len(p.split()) >= HEADING_WORDS for p in paragraphs]
    groups: list[list[int]] = []
    for i in shown:
        if groups and groups[-1][-1] == i - 1:
            groups[-1].append(i)
        else:
            groups.append([i])
    apart = [i for before, group in zip([[-1], *groups], groups, strict=False)
             if any(long[before[-1] + 1:group[0]])
             and group[-1] + 1 < len(long) and long[group[-1] + 1] for i in group]
    ordered, at = [], 0  # the lines found in the head's order, and where the reading got to
    for i in apart:
        key = _line_key(paragraphs[i])
        if key in head[at:]:
            at = head.index(key, at) + 1
            ordered.append(i)
    return set(ordered) if len(ordered) >= TOC_MIN_ENTRIES else set()


def _label_appeals(paragraphs: list[str], labels: list[str | None],
                   transparent: list[bool]) -> bool:
    """Paragraphs that talk to the reader join a box that talks to the reader right beside
    them (bare headings in between), and the box grows by each one that joins; whether any
    did."""
    boxes = vocabulary().appeal_boxes
    checked: dict[int, bool] = {}  # is_appeal, asked only of a box's neighbours
    order = [*range(len(paragraphs)), *range(len(paragraphs) - 1, -1, -1)]  # boxes grow both ways
    changed, grew = True, False
    while changed:
        changed = False
        for i in order:
            beside = _neighbours(labels, transparent, i)
            if labels[i] or not any(labels[j] in boxes for j in beside):
                continue
            if i not in checked:
                checked[i] = is_appeal(paragraphs[i])
            if checked[i]:
                labels[i] = APPEAL
                changed = grew = True
    return grew


def _neighbours(labels: list[str | None], transparent: list[bool], i: int) -> list[int]:
    """The nearest paragraph on each side of paragraph i that is not an unlabelled heading."""
    found = []
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(labels) and transparent[j] and not labels[j]:
            j += step
        if 0 <= j < len(labels):
            found.append(j)
    return found


def _label_box_headings(paragraphs: list[str], labels: list[str | None],
                        transparent: list[bool]) -> None:
    """A short bare heading (`BOX_HEADING_WORDS` at most: "Before you read on") right above a
    box that talks to the reader is that box's heading; a longer one is the article's
    headline over a box that stands between it and the article."""
    for i in range(len(labels) - 1):
        if (not labels[i] and transparent[i] and len(paragraphs[i].split()) <= BOX_HEADING_WORDS
                and labels[i + 1] in vocabulary().appeal_boxes):
            labels[i] = labels[i + 1]
