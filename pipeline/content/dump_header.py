"""The header of a plain-text dump: headline, standfirst, byline, dateline, date and site.

Reads the lines `textdump` prepares (`textdump.Line`: text, clutter label, the author and date
a line states) with the cues in `data/article_header.yaml`: the headline and standfirst at the
page's top or right above the article (`region.headline`), the author and date around them,
and the site's name from page furniture.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Protocol

from pipeline.content import boilerplate, region, teasers
from pipeline.content.header_dates import DATE_LINE_MAX_WORDS, looks_like_date, stated_date
from pipeline.yaml_data import data_file

if TYPE_CHECKING:
    from pipeline.content.textdump import Line

TITLE_WORDS = range(4, 31)
STANDFIRST_MIN_WORDS = 6
NAME_TOKENS = range(2, 5)
BYLINE_MAX_WORDS = 6  # "By Jane Doe and John Roe." may end in a full stop
BYLINE_REST_WORDS = 3  # "Jane Doe, Reuters": words allowed after a bare name
ECHO_WORD = 4  # words this long carry a headline's topic
ECHO_STEM = 6  # letters of a word that count when echoed (a crude stem of any language)

SOFT_HYPHEN = "\u00ad"
PAGER_ARROWS = (("←", "<"), ("→", ">"))  # a link to the previous or next post
CREDIT_TAIL = re.compile(r"\([^()]{1,60}\)\s*$")
WORDS = re.compile(r"[^\W\d_]+")
_GLUED = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "RecipePrint": two buttons glued
_DIGIT = re.compile(r"\d")  # a headline of two or three words has no number
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,}(?:,\s*[\w .'’-]+)?\s*(?:\([^)]{1,40}\))?\s*[–—-]\s")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&|[|·•])\s*")
_PARTS = re.compile(r"\s+[|·•/]\s+")
_PLACE_TAIL = re.compile(r"\s+(?:in|at|from)\s+[A-Z].*$")
# where the names of a "By" byline end: a dash or bar, a handle, a number, a date, "Updated"
_NAME_END = re.compile(r"\s+[-–—|/]\s+|\s*@|\s+\d|\s+(?:updated|published|posted)\b"
                       r"|\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Cues:
    """Header and footer cues from `data/article_header.yaml`."""

    bylines: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    sites: tuple[re.Pattern[str], ...]
    meta_start: re.Pattern[str]
    archive_stamp: re.Pattern[str]
    author_bio: re.Pattern[str]
    breadcrumb: re.Pattern[str]
    interface_words: frozenset[str]
    company_suffixes: frozenset[str]
    role_words: frozenset[str]
    name_particles: frozenset[str]
    headline: Shape


@dataclass(frozen=True)
class Shape:
    """Where a headline stands and what it looks like (`headline` in the cues)."""

    top_lines: int
    top_max_words: int
    top_echo: float
    meta_reach: int
    labels: int
    label_words: int
    lift_echo: float
    lift_reach: int
    short_dated_echo: float
    subject_echo: float
    masthead_words: int
    far_window: int
    far_echo: float
    signature_reach: int
    list_items: int
    glued_items: int
    column_gap: int


@functools.cache
def cues() -> Cues:
    """The header cues, loaded once."""
    data = data_file("article_header.yaml")

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in data[key])

    return Cues(patterns("bylines"), patterns("credits"), patterns("site_cues"),
                re.compile(data["meta_start"]["pattern"], re.IGNORECASE),
                re.compile(data["archive_stamp"]["pattern"], re.IGNORECASE),
                re.compile(data["author_bio"]["pattern"]),
                re.compile(data["breadcrumb"]["pattern"], re.IGNORECASE),
                frozenset(data["interface_words"]),
                frozenset(data["company_suffixes"]),
                frozenset(data["role_words"]), frozenset(data["name_particles"]),
                Shape(**data["headline"]))


def _name_like(text: str) -> bool:
    """Two to four capitalised tokens (name particles allowed), no digits, no job title (nor
    part of one: "Editor-at-large")."""
    tokens = text.split()
    if len(tokens) not in NAME_TOKENS or any(c.isdigit() for c in text):
        return False
    roles, particles = cues().role_words, cues().name_particles
    return (tokens[0][0].isupper() and tokens[-1][0].isupper()
            and all((t[0].isupper() and roles.isdisjoint(t.lower().strip(".").split("-")))
                    or t in particles for t in tokens))


def _names(text: str) -> str | None:
    """The leading person names of a byline ("Jane Doe, Defence Editor" and "Jane Doe Defence
    correspondent" give "Jane Doe")."""
    text = _without_role(_PLACE_TAIL.sub("", text.strip().rstrip(".")))
    parts = [p for p in _NAME_SPLIT.split(text) if p]
    names = []
    for part in parts:
        if not _name_like(part):
            break
        names.append(part)
    if not names:
        return None
    end = text.index(names[-1]) + len(names[-1])
    return text[:end]


def _without_role(text: str) -> str:
    """The text without the job title it ends in ("Defence correspondent"), when a name of
    two tokens or more is left."""
    tokens = text.split()
    end = len(tokens)
    while end > min(NAME_TOKENS) and tokens[end - 1].lower() in cues().role_words:
        end -= 1
    return " ".join(tokens[:end]) if end < len(tokens) else text


def byline_name(text: str, *, bare: bool = True) -> str | None:
    """The author a byline names ("By Jane Doe in Kyiv"); `bare` also accepts a line that is
    a name, with at most a short affiliation or a job title after it ("Jane Doe, Reuters"), not
    in capitals ("MUST WATCH" is a label) nor made of interface words ("Recent Comments")."""
    for pattern in cues().bylines:
        match = pattern.match(text)
        if match:  # "By Jane Doe @jdoe - Nov 19, 2019": the names end at the handle
            return _names(_NAME_END.split(match["name"].strip(), maxsplit=1)[0])
    if not bare or any(c in text for c in ".!?:;\"“”"):
        return None
    names = _names(text)
    rest = text[len(names):] if names else ""
    named = bool(names) and not names.isupper() and not _interface(names)
    return names if named and (len(WORDS.findall(rest)) <= BYLINE_REST_WORDS
                               or _job_title(rest)) else None


def _job_title(rest: str) -> bool:
    """Whether what follows a name is a job title ("Jane Doe, Staff Attorney, Rights Project"):
    its first part, after a comma, holds a role word and the line is short."""
    first = rest.removeprefix(",").split(",")[0]
    return (rest.startswith(",") and len(rest.split()) <= DATE_LINE_MAX_WORDS
            and any(w.lower() in cues().role_words for w in WORDS.findall(first)))


def header_facts(text: str, *, bare: bool = True) -> tuple[str | None, dt.date | None]:
    """Author and date a short header line states, each part of "By X | 3 May 2025" alone."""
    author, date = None, None
    for part in _PARTS.split(text):
        author = author or byline_name(part, bare=bare)
        if date is None and looks_like_date(part):  # most lines state none: no cue matching
            date = stated_date(part, cued=_starts_as_meta(part))
    return author, date


def _starts_as_meta(text: str) -> bool:
    """Whether the text starts as a byline or date line does ("By ...", "Updated ...")."""
    return bool(cues().meta_start.match(text)) or any(p.match(text) for p in cues().bylines)


def is_credit_line(text: str) -> bool:
    """An editor, agency or contact credit ("Edited by ...", "(Reporting by ...)")."""
    return any(p.match(text) for p in cues().credits)


def site_name(clutter_lines: list[str]) -> str | None:
    """The publication's name where page furniture states it (alerts prompt, copyright line)."""
    for pattern in cues().sites:
        for line in clutter_lines:
            match = pattern.search(line)
            site = match["site"].strip() if match else ""
            if site[:1].isupper():
                return _without_company_suffix(site)
    return None


def _without_company_suffix(site: str) -> str:
    words = site.split()
    while len(words) > 1 and words[-1].lower().strip(",") in cues().company_suffixes:
        words.pop()
    return " ".join(words).rstrip(",")


@dataclass
class Header:
    """What the header lines state, and where the body starts."""

    title: str | None = None
    standfirst: str | None = None
    author: str | None = None
    published: dt.date | None = None
    body_start: int = 0


def _next_content(lines: list[Line], i: int) -> Line | None:
    return next((lines[j] for j in range(i + 1, len(lines)) if not lines[j].clutter), None)


def _title_like(line: Line) -> bool:
    """Headline shape: 4 to 30 words, not ending in a full stop (a question is fine); of a
    breadcrumb trail, its last part (`headline_text`)."""
    text = headline_text(line.text)
    words = line.words if text == line.text else len(text.split())
    return (words in TITLE_WORDS and not text.endswith((".", ":", ";"))
            and not _starts_lower(text))


def _starts_lower(text: str) -> bool:
    """Whether the text's first word is in small letters ("standard speed ..."): a headline
    starts with a capital or a number, in a script with capitals ("iPhone" has one)."""
    first = text.split(maxsplit=1)[0] if text.strip() else ""
    return first[:1].isalpha() and first.islower()


def headline_text(text: str) -> str:
    """The headline a line may hold: the last part of a breadcrumb trail ("Home » Recipes »
    Olive Bread" gives "Olive Bread"), none of a line of buttons ("Jump to RecipePrint Recipe",
    words of `interface_words` only, glued ones apart) nor of a menu glued into one line
    (`glued_items` joins or more: "EnglishFrenchGermanGreek") nor of a link to the previous or
    next post ("← Older post", "Next: Harbour works →"), or the whole line."""
    trail = cues().breadcrumb.match(text)
    if trail:
        return trail["last"].strip()
    glued = len(_GLUED.findall(text)) >= cues().headline.glued_items
    pager = text.startswith(PAGER_ARROWS[0]) or text.endswith(PAGER_ARROWS[1])
    return "" if glued or pager or _interface(text) else text


def column_cells(raw: str) -> tuple[str, ...]:
    """The cells of a dump line laid out in columns, apart by `column_gap` spaces or more
    ("Navy orders new frigates          Home"); none for a line of one cell."""
    gap = " " * cues().headline.column_gap
    cells = tuple(" ".join(c.split()) for c in re.split(f"{gap} *", raw.strip()))
    return cells if len(cells) > 1 else ()


def title_cell(lines: list[Line], title: str | None) -> str | None:
    """The title, or its line's longest cell when that line is laid out in columns (the
    headline beside a button or a section name)."""
    line = next((line for line in lines if line.cells and line.text == title), None)
    return title if line is None else max(line.cells, key=len)


def masthead(lines: list[Line]) -> str | None:
    """The page's name at the dump's top, for a page without a headline (a site's front page):
    its first line, standing alone over the menu, of `masthead_words` words at most, with a
    capital, no clutter, interface, date, sentence or "By" byline (a site's name may read as
    a person's)."""
    first = lines[0] if lines else None
    if (first is None or first.clutter or first.menu or first.sentence or first.date
            or byline_name(first.text, bare=False) or first.words > cues().headline.masthead_words
            or _interface(first.text) or _starts_lower(first.text)
            or not WORDS.search(first.text) or not _alone(lines, 0)):
        return None
    return first.text


def _interface(text: str) -> bool:
    """Whether the text holds words of `interface_words` only (glued ones taken apart, soft
    hyphens dropped: "Face\u00adbook")."""
    known, text = cues().interface_words, text.replace(SOFT_HYPHEN, "")
    return any(bool(words) and all(w.casefold() in known for w in words)
               for words in (WORDS.findall(text), WORDS.findall(_GLUED.sub(" ", text))))


def read_header(lines: list[Line]) -> Header:
    """Title, standfirst, byline and date before the first body paragraph.

    Headline and standfirst are the last two headline-shaped lines above the first byline or
    date line (menus and section names come first); without such a line, the first headline-
    shaped line. Menu items and lines that start like a byline or date are no headline. A bare
    name counts as a byline only below a headline, where no masthead is.
    """
    head, shown, met = Header(), [], False
    for i, line in enumerate(lines):
        if line.clutter and not line.date:
            continue
        author = line.author if shown or byline_name(line.text, bare=False) else None
        if (author or line.date) and not met:
            met = True
            head.title = shown[-2] if len(shown) > 1 else shown[0] if shown else head.title
            head.standfirst = shown[-1] if len(shown) > 1 else head.standfirst
        if author or line.date:
            head.author = head.author or author
            head.published = head.published or line.date
            continue
        titled = _title_like(line) and not line.menu and not cues().meta_start.match(line.text)
        if titled and not met:
            shown.append(headline_text(line.text))
        if head.title is None and titled:
            head.title = headline_text(line.text)
        elif head.title is not None and head.standfirst is None and _standfirst(lines, i, head):
            head.standfirst = line.text
        elif line.sentence and line.text not in (head.title, head.standfirst):
            head.body_start = i
            return head
    head.body_start = len(lines)
    return head


def _standfirst(lines: list[Line], i: int, head: Header) -> bool:
    """A summary line under the headline, of `standfirst_words` words at most: unpunctuated, or
    followed by byline/date/dateline."""
    line = lines[i]
    if (not STANDFIRST_MIN_WORDS <= line.words <= region.layout().standfirst_words
            or head.author or head.published):
        return False
    following = _next_content(lines, i)
    if following is None:
        return False
    meta = bool(following.author and not is_credit_line(following.text) or following.date)
    return line.short or meta or bool(_DATELINE.match(following.text))


def headline_shaped(line: Line, *, bracketed: bool = False) -> bool:
    """A line that may be the headline right above an article: shorter ones than `_title_like`
    allows at the page's top (of a breadcrumb trail, its last part, from two words), and no
    caption ending in a credit (unless `bracketed`, brackets at the end allowed); one ending in
    a full stop only with `full_stop_capital_share` of its longer words capitalised ("Why You
    Shouldn't Worry.")."""
    text, ways = headline_text(line.text), region.layout()
    sizes = ways.headline_words if text == line.text else range(
        ways.short_headline_words.start, ways.headline_words.stop)  # a trail's end names the page
    ends = not text.endswith((".", ":", ";", "。", "：", "；")) or (
        text.endswith(".") and teasers.title_case(text, ways.full_stop_capital_share))
    words = line.words if text == line.text else len(text.split())
    return (words in sizes and ends and not _starts_lower(text)
            and (bracketed or not CREDIT_TAIL.search(text)))


def byline_or_date(line: Line) -> bool:
    """A byline that says "By" (or the like) or a line that states a date."""
    return bool(line.date or byline_name(line.text, bare=False))


def is_meta(line: Line) -> bool:
    """A byline or date line: it names an author or a date, or one of its parts starts as one
    does ("By ...", "Updated ...", "May 2025 · by jdoe · in Travel") though the rest does not
    parse."""
    return bool(line.author or line.date) or (
        line.words <= DATE_LINE_MAX_WORDS
        and any(cues().meta_start.match(part) for part in _PARTS.split(line.text)))


class Echo(Protocol):
    """The share of line i's words (or of `text`'s) that the article below repeats."""

    def __call__(self, i: int, text: str | None = None) -> float: ...


@dataclass
class Marks:
    """Per line of a dump, what the headline is chosen on (see `_marks`)."""

    meta: list[bool]  # a byline or date line (a bare name too)
    stated: list[bool]  # a date or a "By" byline
    skip: list[bool]  # clutter, a credit or a picture caption: passed over
    shaped: list[bool]  # may be a headline, and is no byline
    echo: Echo


def place_headline(lines: list[Line], span: range, page: region.Page, head: Header,
                   captions: list[bool]) -> int:
    """Headline and standfirst found right above the article (`_headline`) replace those of
    the page's top (`captions` marks the picture captions to pass over); the index of the first
    line below them."""
    if not span:
        return head.body_start
    marks = _marks(lines, span, captions)
    top = _headline(lines, span, page, marks)
    if top is None:
        named = head.title is not None or masthead(lines) is not None  # a site's front page
        inside = None if named else _run_heading(lines, span, marks)
        head.title = head.title if inside is None else headline_text(lines[inside].text)
        return head.body_start
    head.title = headline_text(lines[top].text)
    _read_byline(lines[top + 1:max(top + 1, span.start)], head)
    following = next((i for i in range(top + 1, len(lines)) if not marks.skip[i]), None)
    if (following is not None and not marks.meta[following]
            and _standfirst_at(lines, following)):
        head.standfirst = lines[following].text
        return following + 1
    head.standfirst = None if head.standfirst == head.title else head.standfirst
    return top + 1


def _marks(lines: list[Line], span: range, captions: list[bool]) -> Marks:
    """The line marks the headline is chosen on. A headline shorter than `headline_words` (see
    `_short_headline`) must stand alone between blank lines, be no kicker over a longer
    headline and be echoed whole by the article below (half, `short_dated_echo`, over a date or
    a "By" byline); it is no bare byline then ("Downloading Python" looks like a name). A
    headline ending in brackets ("(with Kids)"), not a credit as a caption's, stands over a
    date or a "By" byline."""
    meta = [is_meta(line) for line in lines]
    stated = [m and (not line.author or bool(line.date) or byline_or_date(line))
              for line, m in zip(lines, meta, strict=True)]
    skip = [bool(line.clutter and line.clutter != boilerplate.REPEATED and not line.date)
            or is_credit_line(line.text) for line in lines]
    bracketed = [bool(CREDIT_TAIL.search(line.text)) and not line.text.startswith("(")
                 and headline_shaped(line, bracketed=True) and _meta_near(i, stated, skip)
                 for i, line in enumerate(lines)]
    skip = [s or (caption and not b)  # no caption over a date: a headline ending in brackets
            for s, caption, b in zip(skip, captions, bracketed, strict=True)]
    echo = _echo(lines, span)
    ways = region.layout()
    short = [line.words in ways.short_headline_words and not line.clutter and not line.sentence
             and not line.date and _short_headline(line.text) and _alone(lines, i)
             and not _kicker(lines, i) and echo(i) >= (
                 cues().headline.short_dated_echo if _meta_near(i, stated, skip)
                 else ways.short_headline_echo)
             for i, line in enumerate(lines)]
    bare = [bool(line.author and not line.date) and byline_name(line.text, bare=False) is None
            for line in lines]
    meta = [m and not (b and (s or _subject(lines, i, echo)))
            for i, (m, s, b) in enumerate(zip(meta, short, bare, strict=True))]
    shaped = [not line.menu and not m and (headline_shaped(line) or s or b)
              for m, s, b, line in zip(meta, short, bracketed, lines, strict=True)]
    return Marks(meta, stated, skip, shaped, echo)


def _subject(lines: list[Line], i: int, echo: Echo) -> bool:
    """Whether line i, a bare name with more after it ("Introducing Jane Doe, New Director"),
    names whom the article is about: the article repeats the name (a `subject_echo` share)."""
    line = lines[i]
    return (line.author is not None and line.words >= NAME_TOKENS.stop
            and echo(i, line.author) >= cues().headline.subject_echo)


def _headline(lines: list[Line], span: range, page: region.Page, marks: Marks) -> int | None:
    """The headline's line: `region.headline`'s, unless a line among the article's first ones
    stands over its date or "By" byline (`_bylined_top`), or, when the one found has no byline
    below it, a line farther up does (`_far_bylined`); the line over it when it is a standfirst
    (`_over_standfirst`)."""
    meta, skip, shaped, echo = marks.meta, marks.skip, marks.shaped, marks.echo
    furniture = region.Furniture([bool(line.clutter) for line in lines], page.prose,
                                 page.words, [line.block for line in lines])
    top = region.headline(shaped, meta, skip, echo, span.start, furniture)
    first = _bylined_top(lines, span, marks.stated, skip, echo)
    if first is not None and (top is None or (first > top and not _meta_near(top, meta, skip))):
        above = next((i for i in range(first - 1, -1, -1) if not skip[i]), None)
        headed = (above is not None and shaped[above]
                  and echo(above) >= region.layout().standfirst_echo)
        top = above if headed else first  # a headline over the standfirst
    if top is None or not _meta_near(top, meta, skip):
        far = _far_bylined(lines, span.start, marks)
        top = top if far is None else far
    if top is None:
        return None
    over = _over_caption(lines, top, marks)
    return _over_standfirst(lines, top, shaped, skip, echo) if over is None else over


def _over_caption(lines: list[Line], top: int, marks: Marks) -> int | None:
    """The headline over line `top` when `top` is a picture's caption under the header, signed
    by a bare name and its agency as its credit ("Jane Doe, AP"): a `shaped` line over the date
    or "By" byline line right above `top` (within `meta_reach` lines each, skipped lines not
    counted), whose words the article repeats (a `lift_echo` share)."""
    reach, skip = cues().headline.meta_reach, marks.skip
    below = next((j for j in range(top + 1, len(skip)) if not skip[j]), None)
    if (below is None or not marks.meta[below] or marks.stated[below]
            or lines[below].author == lines[below].text):
        return None
    above = islice((j for j in range(top - 1, -1, -1) if not skip[j]), reach)
    dated = next((j for j in above if marks.stated[j]), None)
    if dated is None:
        return None
    over = islice((j for j in range(dated - 1, -1, -1) if not skip[j]), reach)
    return next((j for j in over if marks.shaped[j]
                 and marks.echo(j) >= cues().headline.lift_echo), None)


def _over_standfirst(lines: list[Line], top: int, shaped: list[bool], skip: list[bool],
                     echo: Echo) -> int:
    """The headline over line `top` when `top` is its standfirst: a `shaped` line shorter than
    `top` and not in capitals (a kicker), right above it or above a short label ("Editorial",
    "12 comments"), whose words the article repeats (a `lift_echo` share); skipped lines
    between them count towards `lift_reach` (a menu between them parts them)."""
    labels = 0
    for i in range(top - 1, max(top - 1 - cues().headline.lift_reach, -1), -1):
        if skip[i]:
            continue
        line = lines[i]
        if (shaped[i] and not line.menu and line.words < lines[top].words
                and not line.text.isupper() and echo(i) >= cues().headline.lift_echo):
            return i
        labels += 1
        if labels > cues().headline.labels or line.words > cues().headline.label_words:
            return top
    return top


def _far_bylined(lines: list[Line], start: int, marks: Marks) -> int | None:
    """A `shaped` line over a date or a "By" byline, or right under a date line, farther above
    the article than `region.headline` looks (`far_window` lines, skipped ones not counted; a
    list of videos or teasers between them), whose words the article repeats (a `far_echo`
    share)."""
    shape, skip = cues().headline, marks.skip
    above = (i for i in range(min(start, len(lines)) - 1, -1, -1) if not skip[i])
    return next((i for i in islice(above, shape.far_window)
                 if marks.shaped[i] and marks.echo(i) >= shape.far_echo
                 and (_meta_near(i, marks.stated, skip) or _dated(i, lines, skip))), None)


def _dated(i: int, lines: list[Line], skip: list[bool]) -> bool:
    """Whether the line right above line i (skipped lines not counted) states a date."""
    above = next((j for j in range(i - 1, -1, -1) if not skip[j]), None)
    return above is not None and lines[above].date is not None


def _bylined_top(lines: list[Line], span: range, stated: list[bool], skip: list[bool],
                 echo: Echo) -> int | None:
    """A headline among the article run's first `top_lines` lines (skipped lines and menu items
    not counted), though it may read as prose ("... Now, it's being reborn."): a line of
    `top_max_words` words at most, with a date or a byline that says "By" (`stated`) close
    below (`_meta_near`), whose words the article repeats (a `top_echo` share); none when such
    a line comes first."""
    shape = cues().headline
    for i in islice((i for i in span if not (skip[i] or lines[i].menu)), shape.top_lines):
        if stated[i]:
            return None
        if (lines[i].words <= shape.top_max_words and _meta_near(i, stated, skip)
                and echo(i) >= shape.top_echo):
            return i
    return None


def _run_heading(lines: list[Line], span: range, marks: Marks) -> int | None:
    """For a page with no headline found nor `masthead`, a `shaped` line among the article
    run's first `top_lines` lines (skipped lines and menu items not counted) whose words the
    article repeats (a `top_echo` share): a blog post's title under the blog's introduction."""
    shape = cues().headline
    run = islice((i for i in span if not (marks.skip[i] or lines[i].menu)), shape.top_lines)
    return next((i for i in run if marks.shaped[i] and marks.echo(i) >= shape.top_echo), None)


def _meta_near(i: int, meta: list[bool], skip: list[bool]) -> bool:
    """A byline or date line within `meta_reach` lines below line i (skipped lines not counted)."""
    below = (j for j in range(i + 1, len(meta)) if not skip[j])
    return any(meta[j] for j in islice(below, cues().headline.meta_reach))


def _kicker(lines: list[Line], i: int) -> bool:
    """A section label or a blog's name over the headline: the next line that is no clutter,
    byline or date is headline-shaped ("Harbour Notes" over "May 3, 2025" over the post's
    headline)."""
    following = next((line for line in lines[i + 1:] if not (line.clutter or is_meta(line))),
                     None)
    return following is not None and headline_shaped(following)


def _short_headline(text: str) -> bool:
    """Shaped like a headline of two or three words ("Downloading Python"): a capital first,
    no number, and a last word of `ECHO_WORD` letters or more ("Tips from" is a label)."""
    words = WORDS.findall(text)
    return (text[0].isupper() and not _DIGIT.search(text) and bool(words)
            and text.endswith(words[-1]) and len(words[-1]) >= ECHO_WORD)


def _alone(lines: list[Line], i: int) -> bool:
    """Whether line i stands alone between blank lines."""
    return all(not 0 <= j < len(lines) or lines[j].block != lines[i].block for j in (i - 1, i + 1))


def _echo(lines: list[Line], span: range) -> Echo:
    """The share of line i's words (or of `text`'s) that the article's prose after it repeats
    (the first `echo_lines` prose lines of the span below line i; words of `ECHO_WORD` letters
    or more, case folded): a headline announces what its article says, a teaser another story."""
    prose = [i for i in span if lines[i].sentence and not lines[i].clutter]

    def echo(i: int, text: str | None = None) -> float:
        words = _long_words(headline_text(lines[i].text) if text is None else text)
        after = prose[bisect.bisect_right(prose, i):][:region.layout().echo_lines]
        said = set(_long_words(" ".join(lines[j].text for j in after)))
        return sum(w in said for w in words) / len(words) if words else 0.0

    return echo


def _long_words(text: str) -> list[str]:
    """The words of `ECHO_WORD` letters or more, case folded and cut to their first
    `ECHO_STEM` letters ("downloading" echoes "download", "performant" "performance")."""
    return [w.casefold()[:ECHO_STEM] for w in WORDS.findall(text) if len(w) >= ECHO_WORD]


def _read_byline(between: list[Line], head: Header) -> None:
    """The author and date stated between the headline and the article replace those found
    elsewhere on the page (a menu's "Follow Us" is no author); a "By" line before a bare name."""
    explicit = (byline_name(line.text, bare=False) for line in between if line.author)
    author = next((name for name in explicit if name), None)
    author = author or next((line.author for line in between if line.author), None)
    date = next((line.date for line in between if line.date), None)
    head.author = author or head.author
    head.published = date or head.published


def _standfirst_at(lines: list[Line], i: int) -> bool:
    """A summary line under the headline, of `standfirst_words` words at most: unpunctuated,
    or followed by byline/date/dateline."""
    line = lines[i]
    if not STANDFIRST_MIN_WORDS <= line.words <= region.layout().standfirst_words:
        return False
    following = _next_content(lines, i)
    meta = following is not None and bool(
        following.author and not is_credit_line(following.text) or following.date
        or _DATELINE.match(following.text))
    return line.short or meta
