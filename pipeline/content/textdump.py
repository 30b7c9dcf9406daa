"""Reading plain-text dumps of news pages, as a reader saves them.

Input: the decoded text of a dump (one paragraph per non-empty line, site clutter included).
Output: an `ArticleContent` whose text holds only the article body, one paragraph a line, with
headline, standfirst, byline, publication date and site name moved to their fields (a
standfirst in sentences stays in the text too: it may state a claim the body does not). Clutter
comes from `boilerplate.label_clutter`, stopword densities from `stopwords`; which lines hold the
article and where its headline stands is decided by `region` on the line features read here;
captions and credits are read here, the header by `dump_header`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.content import boilerplate, figures, region, stopwords, teasers
from pipeline.content.dump_header import (
    BYLINE_MAX_WORDS,
    CREDIT_TAIL,
    WORDS,
    Header,
    byline_name,
    byline_or_date,
    column_cells,
    cues,
    header_facts,
    headline_shaped,
    is_credit_line,
    is_meta,
    masthead,
    place_headline,
    read_header,
    site_name,
    title_cell,
)
from pipeline.content.header_dates import DATE_LINE_MAX_WORDS, iso_date
from pipeline.content.unwrap import unwrapped
from pipeline.records import ArticleContent

TERMINAL = tuple(".!?…\"”’')]:;。！？」』）")
STOPS = tuple(".!?…:;。！？")
CLOSERS = "\"”’')]」』）"
CAPTION_MAX_WORDS = 45
PHOTO_CREDIT = "photo_credit"
GLUED_TEASER = "glued_teaser"  # a link's headline glued to its blurb (`teasers`)
GALLERY = "gallery"  # the pictures of a gallery and their captions ("3/50 ...")
GALLERY_ARTICLE_WORDS = 200  # long lines beside a gallery: its captions are no article's text
SOFT_WORD = 4  # a lower-case word this long: the line is not in title case
TABLE_ROW_WORDS = 3
TABLE_ROW_NUMBERS = 2
TABLE_ROW_SHARE = 0.25
SKELETON_MARKS = 2  # "Chile (Group A): 10th" and "Spain (Group F): 11th" share "():"
CJK_CHARS_PER_WORD = 2  # about two characters a word in Chinese and Japanese text

_SKELETON = re.compile(r"[\w\s]+")
_ROW = re.compile(r"\d")  # a list or table row has a number (a date, a score, a rank)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def word_count(text: str) -> int:
    """Words of a line; Chinese and Japanese, written without spaces, count a word for every
    `CJK_CHARS_PER_WORD` characters."""
    return len(text.split()) + len(_CJK.findall(text)) // CJK_CHARS_PER_WORD


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
    cells: tuple[str, ...] = ()  # the cells of a line laid out in columns (`column_cells`)

    @property
    def short(self) -> bool:
        return not self.sentence


def _lines(text: str) -> list[Line]:
    lines, block = [], 0
    for raw in unwrapped(text.lstrip("\ufeff").splitlines()):
        clean = " ".join(raw.split())
        if not clean:
            block += 1
            continue
        words = word_count(clean)
        sentence = _ends_sentence(clean) or words >= region.layout().prose_words
        author, date = header_facts(clean) if words <= DATE_LINE_MAX_WORDS else (None, None)
        lines.append(Line(clean, block, words=words, sentence=sentence, author=author, date=date,
                          cells=column_cells(raw)))
    labels = boilerplate.label_clutter(
        [line.text for line in lines], blocks=[line.block for line in lines],
        protected=[bool(line.author or line.date) for line in lines])
    densities = stopwords.densities([line.text for line in lines],
                                    [line.words for line in lines])
    glued = teasers.glued_teasers([line.text for line in lines])
    gallery = figures.gallery([line.text for line in lines])
    beside = sum(line.words for line, label, shown in zip(lines, labels, gallery, strict=True)
                 if not (label or shown) and line.words >= region.layout().prose_words)
    gallery = gallery if beside >= GALLERY_ARTICLE_WORDS else [False] * len(lines)
    for line, label, density, teaser, shown in zip(lines, labels, densities, glued, gallery,
                                                   strict=True):
        line.clutter = label or (GLUED_TEASER if teaser else GALLERY if shown else None)
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
    credit = CREDIT_TAIL.search(text)
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
                                  [is_meta(line) for line in lines])
    prose = [table or (line.sentence and not line.clutter and not is_credit_line(line.text)
                       and region.reads_as_prose(line.density, _punctuated(line.text)))
             for line, table in zip(lines, tables, strict=True)]
    announces = [_announces(lines, i) for i in range(len(lines))]
    stops = [region.is_stop(line.clutter, line.words) and WORDS.search(line.text) is not None
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
                       announces, _figure_lines(lines))
    return region.article_span(page), page


def _figure_lines(lines: list[Line]) -> list[bool]:
    """The lines of a chart, a table or a code listing (`figures`)."""
    texts = [line.text for line in lines]
    charts = figures.chart_lines(texts, [line.date is not None for line in lines])
    listings = figures.listing_lines(texts, [bool(line.clutter) for line in lines],
                                     [line.block for line in lines])
    return [chart or listing for chart, listing in zip(charts, listings, strict=True)]


def _announces(lines: list[Line], i: int) -> bool:
    """A line of `announce_words` or more ending in a colon ("Von:", "Tags:" label what
    follows), no clutter but maybe shown twice, over a line that is no byline or date line
    ("Contact us:" over a name): it announces a list."""
    line = lines[i]
    return (line.text.endswith(":") and line.words >= region.layout().announce_words
            and line.clutter in (None, boilerplate.REPEATED)
            and not (i + 1 < len(lines) and is_meta(lines[i + 1])))


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
    return any(len(w) >= SOFT_WORD and w.islower() for w in WORDS.findall(text))


def _story_starts(lines: list[Line], prose: list[bool]) -> list[bool]:
    """Headline-shaped lines (no byline or date line themselves) right above a byline or date
    line, below some prose: where a second story glued after the first begins."""
    starts = [False] * len(lines)
    first_prose = next((i for i, p in enumerate(prose) if p), len(lines))
    following = None  # the next line that is not clutter, walking up from the end
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        starts[i] = bool(i > first_prose and not prose[i] and not line.clutter
                         and following is not None and headline_shaped(line) and not is_meta(line)
                         and byline_or_date(following))
        following = following if line.clutter else line
    return starts


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
        explicit = (not span or _signs(lines, span, i) or not body
                    or byline_name(line.text, bare=False) is not None)
        signature = line.short or line.words <= BYLINE_MAX_WORDS or is_credit_line(line.text)
        if line.author and explicit and signature:  # "By Jane Doe, May 3, 2025": both
            head.author = head.author or line.author
            head.published = head.published or line.date
        elif line.date and line.short:
            head.published = head.published or line.date
            if _dated_item(line, body, i in span) and not (boxed or line.clutter):
                body.append(line.text)
        elif i in span and not (boxed or line.clutter or is_credit_line(line.text)
                                or _caption(lines, i)):
            body.append(line.text)
    return body


def _signs(lines: list[Line], span: range, i: int) -> bool:
    """Whether line i, below the article's span, may sign it with a bare name: within
    `signature_reach` lines under its end (clutter not counted), or farther down at the head of
    an author box, a longer line among the next `signature_reach` naming the same person ("Jane
    Doe" over "Jane Doe writes on ..."); "Recent Posts" or "About Me" in a sidebar names no one."""
    name = lines[i].author
    if i < span.stop or not name or _heads_list(lines, i):
        return False
    reach = cues().headline.signature_reach
    return (sum(not lines[j].clutter for j in range(span.stop, i)) < reach
            or any(name in line.text and line.words > lines[i].words
                   for line in lines[i + 1:i + 1 + reach]))


def _heads_list(lines: list[Line], i: int) -> bool:
    """Whether line i heads a list of headlines: the next `list_items` lines that are no clutter
    are headline-shaped short lines of the same block or the next, none a byline or date
    ("Recent Posts" over post titles; not a name over an e-mail address or a job title)."""
    following = [line for line in lines[i + 1:] if not line.clutter][:cues().headline.list_items]
    return (len(following) == cues().headline.list_items
            and all(line.short and headline_shaped(line) and not is_meta(line)
                    and line.block <= lines[i].block + 1 for line in following))


def _unread(lines: list[Line]) -> list[str]:
    """The text of a dump with no line of prose (a list, a few words): its lines that are no
    clutter, menu item, byline or date line. Recall first: all there is may be the article."""
    return [line.text for line in lines if not (line.clutter or line.menu or is_meta(line))]


def _dated_item(line: Line, body: list[str], inside: bool) -> bool:
    """A line with a date inside the article, below its first paragraph, that does not start
    as a date line does ("Updated ..."): an embedded post's signature ("— Jane Doe (@jdoe)
    May 3, 2025"), the dates of an exhibition; the article keeps it."""
    return inside and bool(body) and cues().meta_start.match(line.text) is None


def read_dump(text: str, *, encoding: str) -> ArticleContent | None:
    """The article in a plain-text dump, or None when no body paragraph is found."""
    stamp = cues().archive_stamp.match(text)
    stamped = iso_date(stamp[1]) if stamp else None
    lines = _lines(text[stamp.end():] if stamp else text)
    head = read_header(lines)
    span, page = _span(lines)
    start = place_headline(lines, span, page, head,
                           [_caption(lines, i) for i in range(len(lines))])
    head.title = title_cell(lines, head.title) or masthead(lines)
    body = _read_body(lines, head, span, page, start) if span else _unread(lines)
    if (head.standfirst and _ends_sentence(head.standfirst) and head.standfirst not in body
            and (body or any(lines[i].text == head.standfirst for i in span))):
        body.insert(0, head.standfirst)  # a summary in sentences may state what the body does not
    while body and cues().author_bio.match(body[-1]):  # a note on the author, not the article
        body.pop()
    if not body:
        return None
    return ArticleContent(
        text="\n".join(body), kind="text", encoding=encoding, title=head.title,
        standfirst=head.standfirst, author=head.author, published=head.published or stamped,
        site=site_name([line.text for line in lines if line.clutter]))
