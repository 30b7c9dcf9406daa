"""Reading plain-text dumps of news pages, as a reader saves them.

Input: the decoded text of a dump (one paragraph per non-empty line, site clutter included).
Output: an `ArticleContent` whose text holds only the article body, one paragraph a line, with
headline, standfirst, byline, publication date and site name moved to their fields. Clutter
comes from `boilerplate.label_clutter`, stopword densities from `stopwords`; which lines hold the
article and where its headline stands is decided by `region` on the line features read here;
the header, captions and credits are read here, with the cues in `data/article_header.yaml`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.claims.dates import parse_publication_date
from pipeline.content import boilerplate, region, stopwords, teasers
from pipeline.records import ArticleContent
from pipeline.yaml_data import data_file

TERMINAL = tuple(".!?…\"”’')]:;。！？」』）")
STOPS = tuple(".!?…:;。！？")
CLOSERS = "\"”’')]」』）"
TITLE_WORDS = range(4, 31)
STANDFIRST_MIN_WORDS = 6
DATE_LINE_MAX_WORDS = 14
CAPTION_MAX_WORDS = 45
NAME_TOKENS = range(2, 5)
BYLINE_MAX_WORDS = 6  # "By Jane Doe and John Roe." may end in a full stop
BYLINE_REST_WORDS = 3  # "Jane Doe, Reuters": words allowed after a bare name
DATE_REST_WORDS = 4  # "Last modified on Thu": words allowed around a date in a date line
PHOTO_CREDIT = "photo_credit"
GLUED_TEASER = "glued_teaser"  # a link's headline glued to its blurb (`teasers`)
ECHO_WORD = 4  # words this long carry a headline's topic
ECHO_STEM = 6  # letters of a word that count when echoed (a crude stem of any language)
SOFT_WORD = 4  # a lower-case word this long: the line is not in title case
TABLE_ROW_WORDS = 3
TABLE_ROW_NUMBERS = 2
TABLE_ROW_SHARE = 0.25
SKELETON_MARKS = 2  # "Chile (Group A): 10th" and "Spain (Group F): 11th" share "():"
CJK_CHARS_PER_WORD = 2  # about two characters a word in Chinese and Japanese text

_SKELETON = re.compile(r"[\w\s]+")
_ROW = re.compile(r"\d")  # a list or table row has a number (a date, a score, a rank)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_DATELINE = re.compile(r"^[A-Z][A-Z.'’ -]{2,}(?:,\s*[\w .'’-]+)?\s*(?:\([^)]{1,40}\))?\s*[–—-]\s")
_CREDIT_TAIL = re.compile(r"\([^()]{1,60}\)\s*$")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_NAME_SPLIT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_PARTS = re.compile(r"\s+[|·•]\s+")
_TIME = re.compile(r"\b\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?|\([^)]*\)", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+")
_PLACE_TAIL = re.compile(r"\s+(?:in|at|from)\s+[A-Z].*$")


@dataclass(frozen=True)
class Cues:
    """Header and footer cues from `data/article_header.yaml`."""

    bylines: tuple[re.Pattern[str], ...]
    credits: tuple[re.Pattern[str], ...]
    sites: tuple[re.Pattern[str], ...]
    dates: tuple[re.Pattern[str], ...]
    date_hint: re.Pattern[str]
    meta_start: re.Pattern[str]
    archive_stamp: re.Pattern[str]
    author_bio: re.Pattern[str]
    company_suffixes: frozenset[str]
    role_words: frozenset[str]
    name_particles: frozenset[str]


@functools.cache
def cues() -> Cues:
    """The header cues, loaded once."""
    data = data_file("article_header.yaml")

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(entry["pattern"], re.IGNORECASE) for entry in data[key])

    return Cues(patterns("bylines"), patterns("credits"), patterns("site_cues"),
                patterns("date_patterns"),
                re.compile(data["date_hint"]["pattern"], re.IGNORECASE),
                re.compile(data["meta_start"]["pattern"], re.IGNORECASE),
                re.compile(data["archive_stamp"]["pattern"], re.IGNORECASE),
                re.compile(data["author_bio"]["pattern"]),
                frozenset(data["company_suffixes"]),
                frozenset(data["role_words"]), frozenset(data["name_particles"]))


def word_count(text: str) -> int:
    """Words of a line; Chinese and Japanese, written without spaces, count a word for every
    `CJK_CHARS_PER_WORD` characters."""
    return len(text.split()) + len(_CJK.findall(text)) // CJK_CHARS_PER_WORD


def _name_like(text: str) -> bool:
    """Two to four capitalised tokens (name particles allowed), no digits, no job title."""
    tokens = text.split()
    if len(tokens) not in NAME_TOKENS or any(c.isdigit() for c in text):
        return False
    roles, particles = cues().role_words, cues().name_particles
    return (tokens[0][0].isupper() and tokens[-1][0].isupper()
            and all((t[0].isupper() and t.lower().strip(".") not in roles) or t in particles
                    for t in tokens))


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
    a name, with at most a short affiliation after it ("Jane Doe, Reuters")."""
    for pattern in cues().bylines:
        match = pattern.match(text)
        if match:
            return _names(match["name"])
    if not bare or any(c in text for c in ".!?:;\"“”"):
        return None
    names = _names(text)
    rest = text[len(names):] if names else ""
    return names if names and len(_WORDS.findall(rest)) <= BYLINE_REST_WORDS else None


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def looks_like_date(text: str) -> bool:
    """Whether the line may state a date (see `date_hint` in the cues); only such lines are
    worth the date parser's time."""
    return cues().date_hint.search(text) is not None


def stated_date(text: str) -> dt.date | None:
    """The date a short header line states ("Published 3 May 2025, 10:14", "Kyiv, May 3,
    2025 (Saturday)"), or None; a longer line (a headline with a date in it) states none."""
    if len(text.split()) > DATE_LINE_MAX_WORDS or not looks_like_date(text):
        return None
    found = parse_publication_date(text)
    if found is not None:
        return found
    for pattern in cues().dates:
        match = pattern.search(text)
        if match:
            rest = _TIME.sub(" ", f"{text[:match.start()]} {text[match.end():]}")
            words = [w for w in _WORDS.findall(rest) if not (w.isupper() and len(w) <= 4)]
            return parse_publication_date(match[0]) if len(words) <= DATE_REST_WORDS else None
    return None


def header_facts(text: str, *, bare: bool = True) -> tuple[str | None, dt.date | None]:
    """Author and date a short header line states, each part of "By X | 3 May 2025" alone."""
    author, date = None, None
    for part in _PARTS.split(text):
        author = author or byline_name(part, bare=bare)
        date = date or stated_date(part)
    return author, date


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
class Line:
    """One non-empty line of the dump with the features the reader decides on."""

    text: str
    block: int  # lines not separated by a blank line share a block
    clutter: str | None = None
    words: int = 0
    sentence: bool = False  # ends like a sentence, or is long enough to be prose anyway
    author: str | None = None  # the author a byline line names (bare names: see `_read_header`)
    date: dt.date | None = None  # the date a short date line states
    density: float | None = None  # stopword density in the page's language (None: unknown)
    menu: bool = False  # an item of a menu or a list of links (`region.menu_lines`)

    @property
    def short(self) -> bool:
        return not self.sentence


def _lines(text: str) -> list[Line]:
    lines, block = [], 0
    for raw in text.lstrip("\ufeff").splitlines():
        clean = " ".join(raw.split())
        if not clean:
            block += 1
            continue
        words = word_count(clean)
        sentence = _ends_sentence(clean) or words >= region.layout().prose_words
        author, date = header_facts(clean) if words <= DATE_LINE_MAX_WORDS else (None, None)
        lines.append(Line(clean, block, words=words, sentence=sentence, author=author, date=date))
    labels = boilerplate.label_clutter(
        [line.text for line in lines], blocks=[line.block for line in lines],
        protected=[bool(line.author or line.date) for line in lines])
    densities = stopwords.densities([line.text for line in lines])
    glued = teasers.glued_teasers([line.text for line in lines])
    for line, label, density, teaser in zip(lines, labels, densities, glued, strict=True):
        line.clutter = label or (GLUED_TEASER if teaser else None)
        if line.author and boilerplate.vocabulary_family(line.text):
            line.author = None  # "Account Settings" names no one
        line.density = density
    _mark_menus(lines)
    return lines


def _mark_menus(lines: list[Line]) -> None:
    """Mark the items of menus and lists of links (`region.menu_lines`); in a list that holds
    clutter ("Blogs you may like" over blog names) a bare name names no author, "By Jane Doe"
    still does."""
    menu = region.menu_lines([line.words for line in lines], [line.block for line in lines],
                             [not line.sentence and not line.date for line in lines])
    boxed: set[int] = set()  # blocks of lists with clutter in them
    for line, listed in zip(lines, menu, strict=True):
        line.menu = listed
        if listed and line.clutter:
            boxed.add(line.block)
    for line in lines:
        if line.menu and line.block in boxed and line.author:
            line.author = byline_name(line.text, bare=False)


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
    """Headline shape: 4 to 30 words, not ending in a full stop (a question is fine)."""
    return line.words in TITLE_WORDS and not line.text.endswith((".", ":", ";"))


def _read_header(lines: list[Line]) -> Header:
    """Title, standfirst, byline and date before the first body paragraph.

    Headline and standfirst are the last two headline-shaped lines above the first byline or
    date line (menus and section names come first); without such a line, the first headline-
    shaped line. A bare name counts as a byline only below a headline, where no masthead is.
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
        if _title_like(line) and not met:
            shown.append(line.text)
        if head.title is None and _title_like(line):
            head.title = line.text
        elif head.title is not None and head.standfirst is None and _standfirst(lines, i, head):
            head.standfirst = line.text
        elif line.sentence and line.text not in (head.title, head.standfirst):
            head.body_start = i
            return head
    head.body_start = len(lines)
    return head


def _standfirst(lines: list[Line], i: int, head: Header) -> bool:
    """A summary line under the headline: unpunctuated, or followed by byline/date/dateline."""
    line = lines[i]
    if line.words < STANDFIRST_MIN_WORDS or head.author or head.published:
        return False
    following = _next_content(lines, i)
    if following is None:
        return False
    meta = bool(following.author and not is_credit_line(following.text) or following.date)
    return line.short or meta or bool(_DATELINE.match(following.text))


def _punctuated(text: str) -> bool:
    return text.endswith(TERMINAL)


def _ends_sentence(text: str) -> bool:
    """Ends in a full stop (or ! ? : ;), maybe inside a closing quote or bracket: a headline
    ending in a quotation ("... 'second-class citizens'"), a form label ("Name (required)") or
    a teaser cut short ("Plague of mosquitos to devastate Britain as Hurri...") does not."""
    return text.rstrip(CLOSERS).endswith(STOPS) and not text.endswith(("...", "…"))


def _own_block(lines: list[Line], first: int, last: int) -> bool:
    """Whether lines first..last stand between blank lines, apart from the lines around."""
    before = first == 0 or lines[first - 1].block != lines[first].block
    after = last + 1 >= len(lines) or lines[last + 1].block != lines[last].block
    return before and after and lines[first].block == lines[last].block


def _caption(lines: list[Line], i: int) -> bool:
    """A picture caption: a line set apart by blank lines together with the photo credit under
    it, a line the next line repeats with a credit, or an unpunctuated line ending in a credit
    ("... in Kyiv (Reuters)")."""
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else None
    if (following and following.clutter == PHOTO_CREDIT and line.words <= CAPTION_MAX_WORDS
            and _own_block(lines, i, i + 1)):
        return True
    credit = _credit_tail(line.text)
    if credit:
        return not _punctuated(line.text[:credit.start()].rstrip())
    return not _punctuated(line.text) and bool(following and following.text.startswith(line.text))


def _credit_tail(text: str) -> re.Match[str] | None:
    """A photo credit in brackets closing the line ("(Reuters)", "(AP Photo/Jane Doe)"): no
    number but a year, and `credit_capital_share` of its longer words capitalised; a price
    ("(Originally $200)") or a note ("(optional)") closing a list item is none."""
    credit = _CREDIT_TAIL.search(text)
    if credit is None or _ROW.search(_YEAR.sub("", credit[0])):
        return None
    return credit if teasers.title_case(credit[0], region.layout().credit_capital_share) else None


def _span(lines: list[Line]) -> tuple[range, region.Page]:
    """The article's span (see `region.article_span`) and the page's line features; the rows
    of a table right under an article's byline or date count as prose (a results table, a
    calendar: the whole article)."""
    marks = [_SKELETON.sub("", line.text) for line in lines]
    rows = [not line.clutter and (_ROW.search(line.text) is not None or _parallel(marks, i))
            for i, line in enumerate(lines)]
    tables = region.header_tables([_table_row(line) for line in lines],
                                  [_meta(line) for line in lines])
    prose = [table or (line.sentence and not line.clutter and not is_credit_line(line.text)
                       and region.reads_as_prose(line.density, _punctuated(line.text)))
             for line, table in zip(lines, tables, strict=True)]
    announces = [_announces(lines, i) for i in range(len(lines))]
    stops = [region.is_stop(line.clutter, line.words) and _WORDS.search(line.text) is not None
             and not colon for line, colon in zip(lines, announces, strict=True)]
    # a picture counter ("6") shown twice is no section heading, nor a line announcing a list
    thread = region.thread_start([line.clutter for line in lines],
                                 [line.words if p else 0 for line, p in zip(lines, prose,
                                                                             strict=True)])
    if thread is not None:  # nothing of the article below a comment thread's start
        prose[thread:] = [False] * (len(lines) - thread)
        stops[thread] = True
    page = region.Page(prose, [line.words for line in lines], stops,
                       _story_starts(lines, prose),
                       [not line.clutter and _soft(line.text) for line in lines], rows,
                       announces)
    return region.article_span(page), page


def _announces(lines: list[Line], i: int) -> bool:
    """A line of `announce_words` or more ending in a colon ("Von:", "Tags:" label what
    follows), no clutter but maybe shown twice, over a line that is no byline or date line
    ("Contact us:" over a name): it announces a list."""
    line = lines[i]
    return (line.text.endswith(":") and line.words >= region.layout().announce_words
            and line.clutter in (None, boilerplate.REPEATED)
            and not (i + 1 < len(lines) and _meta(lines[i + 1])))


def _parallel(marks: list[str], i: int) -> bool:
    """Whether line i has the punctuation (`marks`, of `SKELETON_MARKS` signs or more) of a
    line beside it: an item of a list of the same shape ("Spain (Group F): Third place")."""
    return len(marks[i]) >= SKELETON_MARKS and marks[i] in (*marks[max(0, i - 1):i],
                                                              *marks[i + 1:i + 2])


def _table_row(line: Line) -> bool:
    """A row of a table: no clutter, no date line (an archive's list of posts), of
    `TABLE_ROW_WORDS` words or more, two numbers at least and a `TABLE_ROW_SHARE` of its words
    numbers ("3 Kevin Harvick 5033 4 6", "3a etapa: 22 de abril")."""
    words = line.text.split()
    numbers = sum(word[0].isdigit() for word in words)
    return (not line.clutter and not line.date and len(words) >= TABLE_ROW_WORDS
            and numbers >= TABLE_ROW_NUMBERS and numbers >= TABLE_ROW_SHARE * len(words))


def _soft(text: str) -> bool:
    """A line that is not a menu item: some of its longer words are in lower case."""
    return any(len(w) >= SOFT_WORD and w.islower() for w in _WORDS.findall(text))


def _story_starts(lines: list[Line], prose: list[bool]) -> list[bool]:
    """Headline-shaped lines (no byline or date line themselves) right above a byline or date
    line, below some prose: where a second story glued after the first begins."""
    starts = [False] * len(lines)
    first_prose = next((i for i, p in enumerate(prose) if p), len(lines))
    following = None  # the next line that is not clutter, walking up from the end
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        starts[i] = bool(i > first_prose and not prose[i] and not line.clutter
                         and following is not None and _headline_shaped(line) and not _meta(line)
                         and _byline_or_date(following))
        following = following if line.clutter else line
    return starts


def _headline_shaped(line: Line) -> bool:
    """A line that may be the headline right above an article: shorter ones than `_title_like`
    allows at the page's top, and no caption ending in a credit; one ending in a full stop only
    with `full_stop_capital_share` of its longer words capitalised ("Why You Shouldn't Worry.")."""
    ends = not line.text.endswith((".", ":", ";")) or (
        line.text.endswith(".")
        and teasers.title_case(line.text, region.layout().full_stop_capital_share))
    return (line.words in region.layout().headline_words and ends
            and not _CREDIT_TAIL.search(line.text))


def _byline_or_date(line: Line) -> bool:
    """A byline that says "By" (or the like) or a line that states a date."""
    return bool(line.date or byline_name(line.text, bare=False))


def _meta(line: Line) -> bool:
    """A byline or date line: it names an author or a date, or starts as one does ("By ...",
    "Updated ...") though the rest does not parse."""
    return bool(line.author or line.date) or (
        line.words <= DATE_LINE_MAX_WORDS and cues().meta_start.match(line.text) is not None)


def _place_headline(lines: list[Line], span: range, page: region.Page, head: Header) -> int:
    """Headline and standfirst found right above the article (`region.headline`) replace those
    of the page's top; the index of the first line below them. A headline shorter than
    `headline_words` (see `_short_headline`) must stand alone between blank lines, be no
    kicker over a longer headline and be echoed whole by the article below; it is no bare
    byline then ("Downloading Python" looks like a name)."""
    if not span:
        return head.body_start
    meta = [_meta(line) for line in lines]
    skip = [bool(line.clutter and line.clutter != boilerplate.REPEATED)
            or is_credit_line(line.text) or _caption(lines, i) for i, line in enumerate(lines)]
    echo = _echo(lines, span)
    ways = region.layout()
    short = [line.words in ways.short_headline_words and not line.clutter and not line.sentence
             and not line.date and _short_headline(line.text) and _own_block(lines, i, i)
             and not _kicker(lines, i) and echo(i) >= ways.short_headline_echo
             for i, line in enumerate(lines)]
    meta = [m and not (s and byline_name(line.text, bare=False) is None)  # a name, but echoed
            for m, s, line in zip(meta, short, lines, strict=True)]
    shaped = [not line.menu and (_headline_shaped(line) or s)
              for s, line in zip(short, lines, strict=True)]
    furniture = region.Furniture([bool(line.clutter) for line in lines], page.prose,
                                 page.words, [line.block for line in lines])
    top = region.headline(shaped, meta, skip, echo, span.start, furniture)
    if top is None:
        return head.body_start
    head.title = lines[top].text
    _read_byline(lines[top + 1:max(top + 1, span.start)], head)
    following = next((i for i in range(top + 1, len(lines)) if not skip[i]), None)
    if following is not None and not meta[following] and _standfirst_at(lines, following):
        head.standfirst = lines[following].text
        return following + 1
    head.standfirst = None if head.standfirst == head.title else head.standfirst
    return top + 1


def _kicker(lines: list[Line], i: int) -> bool:
    """A section label over the headline: the next line that is no clutter is headline-shaped."""
    following = _next_content(lines, i)
    return following is not None and _headline_shaped(following) and not _meta(following)


def _short_headline(text: str) -> bool:
    """Shaped like a headline of two or three words ("Downloading Python"): a capital first,
    no number, and a last word of `ECHO_WORD` letters or more ("Tips from" is a label)."""
    words = _WORDS.findall(text)
    return (text[0].isupper() and not _ROW.search(text) and bool(words)
            and text.endswith(words[-1]) and len(words[-1]) >= ECHO_WORD)


def _echo(lines: list[Line], span: range) -> Callable[[int], float]:
    """The share of line i's words that the article's prose after it repeats (the first
    `echo_lines` prose lines of the span below line i; words of `ECHO_WORD` letters or more,
    case folded): a headline announces what its article says, a teaser another story."""
    prose = [i for i in span if lines[i].sentence and not lines[i].clutter]

    def echo(i: int) -> float:
        words = _long_words(lines[i].text)
        after = prose[bisect.bisect_right(prose, i):][:region.layout().echo_lines]
        said = set(_long_words(" ".join(lines[j].text for j in after)))
        return sum(w in said for w in words) / len(words) if words else 0.0

    return echo


def _long_words(text: str) -> list[str]:
    """The words of `ECHO_WORD` letters or more, case folded and cut to their first
    `ECHO_STEM` letters ("downloading" echoes "download", "performant" "performance")."""
    return [w.casefold()[:ECHO_STEM] for w in _WORDS.findall(text) if len(w) >= ECHO_WORD]


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
    """A summary line under the headline: unpunctuated, or followed by byline/date/dateline."""
    line = lines[i]
    if line.words < STANDFIRST_MIN_WORDS:
        return False
    following = _next_content(lines, i)
    meta = following is not None and bool(
        following.author and not is_credit_line(following.text) or following.date
        or _DATELINE.match(following.text))
    return line.short or meta


def _read_body(lines: list[Line], head: Header, span: range, page: region.Page,
               start: int) -> list[str]:
    """The body paragraphs of the article's span from line `start` on, short lines included
    but for those under a section heading like "Related stories"; bylines and dates found on
    the way fill `head` (a bare name only above the first paragraph or below the last, where
    it signs it), and a line with a date inside the article stays in it (`_dated_item`)."""
    body, boxed = [], False
    for i in range(start, len(lines)):
        line = lines[i]
        boxed = page.stops[i] or (boxed and not page.prose[i])
        explicit = (not span or i >= span.stop or not body
                    or byline_name(line.text, bare=False) is not None)
        signature = line.short or line.words <= BYLINE_MAX_WORDS or is_credit_line(line.text)
        if line.author and explicit and signature:
            head.author = head.author or line.author
        elif line.date and line.short:
            head.published = head.published or line.date
            if _dated_item(line, body, i in span) and not (boxed or line.clutter):
                body.append(line.text)
        elif i in span and not (boxed or line.clutter or is_credit_line(line.text)
                                or _caption(lines, i)):
            body.append(line.text)
    return body


def _dated_item(line: Line, body: list[str], inside: bool) -> bool:
    """A line with a date inside the article, below its first paragraph, that does not start
    as a date line does ("Updated ..."): an embedded post's signature ("— Jane Doe (@jdoe)
    May 3, 2025"), the dates of an exhibition; the article keeps it."""
    return inside and bool(body) and cues().meta_start.match(line.text) is None


def read_dump(text: str, *, encoding: str) -> ArticleContent | None:
    """The article in a plain-text dump, or None when no body paragraph is found."""
    stamp = cues().archive_stamp.match(text)
    stamped = _iso_date(stamp[1]) if stamp else None
    lines = _lines(text[stamp.end():] if stamp else text)
    head = _read_header(lines)
    span, page = _span(lines)
    start = _place_headline(lines, span, page, head)
    body = _read_body(lines, head, span, page, start)
    while body and cues().author_bio.match(body[-1]):  # a note on the author, not the article
        body.pop()
    if not body:
        return None
    return ArticleContent(
        text="\n".join(body), kind="text", encoding=encoding, title=head.title,
        standfirst=head.standfirst, author=head.author, published=head.published or stamped,
        site=site_name([line.text for line in lines if line.clutter]))
