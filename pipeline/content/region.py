"""Where the article stands in a text dump: the run of lines between the page's furniture.

Input: per line of a dump, whether it reads like body prose, its length in words and whether it
is a section heading that ends an article ("Related stories", "Comments"). Output: the span of
lines holding the article. Body lines close to each other form a run; a section heading or a
long stretch without prose ends it; the run with the most words of prose is the article. The
thresholds are in `data/dump_layout.yaml`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from pipeline.yaml_data import data_file


@dataclass(frozen=True)
class Layout:
    """The layout thresholds of `data/dump_layout.yaml`."""

    prose_words: int
    prose_density: float
    sentence_density: float
    max_gap: int
    edge_words: int
    edge_gap: int
    soft_weight: float
    figure_weight: float
    min_rows: int
    announce_words: int
    menu_max_words: int
    menu_min_lines: int
    table_reach: int
    continue_lines: int
    continue_share: float
    continue_gap: int
    continue_far_gap: int
    continue_far_lines: int
    continue_near_gap: int
    continue_near_words: int
    alternating_weight: float
    below_stop_weight: float
    below_stop_after: int
    headline_window: int
    headline_inside: int
    bylined_inside: int
    bylined_echo: float
    headline_words: range
    short_headline_words: range
    short_headline_echo: float
    full_stop_capital_share: float
    credit_capital_share: float
    meta_reach: int
    meta_weight: float
    standfirst_words: int
    standfirst_echo: float
    distance_weight: float
    echo_weight: float
    echo_lines: int
    stop_families: frozenset[str]
    stop_max_words: int
    thread_families: frozenset[str]
    thread_lines: int
    thread_reach: int
    thread_after_words: int
    thread_prose_words: int


@functools.cache
def layout() -> Layout:
    """The layout thresholds, loaded once."""
    data = data_file("dump_layout.yaml")
    head, stop, cont, thread = (data["headline"], data["stop"], data["continue"],
                                data["thread"])
    return Layout(
        prose_words=data["anchor"]["min_words"], prose_density=data["anchor"]["min_density"],
        sentence_density=data["anchor"]["min_sentence_density"],
        max_gap=data["gap"]["max_lines"], edge_words=data["gap"]["edge_words"],
        edge_gap=data["gap"]["edge_gap"],
        soft_weight=data["gap"]["soft_line"], figure_weight=data["gap"]["figure_line"],
        min_rows=data["gap"]["min_rows"],
        announce_words=data["gap"]["announce_words"],
        menu_max_words=data["menu"]["max_words"], menu_min_lines=data["menu"]["min_lines"],
        table_reach=data["gap"]["table_reach"],
        continue_lines=cont["min_lines"],
        continue_share=cont["prose_share"], continue_gap=cont["max_gap"],
        continue_far_gap=cont["far_gap"], continue_far_lines=cont["far_lines"],
        continue_near_gap=cont["near_gap"], continue_near_words=cont["near_words"],
        alternating_weight=data["weights"]["alternating"],
        below_stop_weight=data["weights"]["below_stop"],
        below_stop_after=data["weights"]["below_stop_after"],
        headline_window=head["window"], headline_inside=head["inside"],
        bylined_inside=head["bylined_inside"], bylined_echo=head["bylined_echo"],
        headline_words=range(head["min_words"], head["max_words"] + 1),
        short_headline_words=range(head["short_min_words"], head["min_words"]),
        short_headline_echo=head["short_echo"],
        full_stop_capital_share=head["full_stop_capital_share"],
        credit_capital_share=data["caption"]["credit_capital_share"],
        meta_reach=head["meta_reach"], meta_weight=head["meta_weight"],
        standfirst_words=head["standfirst_words"], standfirst_echo=head["standfirst_echo"],
        distance_weight=head["distance_weight"], echo_weight=head["echo_weight"],
        echo_lines=head["echo_lines"], stop_families=frozenset(stop["families"]),
        stop_max_words=stop["max_words"], thread_families=frozenset(thread["families"]),
        thread_lines=thread["min_lines"], thread_reach=thread["reach"],
        thread_after_words=thread["after_words"], thread_prose_words=thread["prose_words"])


def reads_as_prose(density: float | None, punctuated: bool) -> bool:
    """Enough stopwords for prose (jusText's measure; less for a line that ends like a
    sentence), or no stoplist to tell."""
    ways = layout()
    return density is None or density >= (ways.sentence_density if punctuated
                                          else ways.prose_density)


def menu_lines(words: list[int], blocks: list[int], bare: list[bool]) -> list[bool]:
    """The lines of menus and lists of links: `menu.min_lines` or more `bare` lines (no
    sentence, no date) of `menu.max_words` words at most in a row, in one block."""
    ways = layout()
    short = [b and w <= ways.menu_max_words for w, b in zip(words, bare, strict=True)]
    menu = [False] * len(words)
    first = 0
    for i in range(1, len(words) + 1):
        if i == len(words) or not (short[i] and short[i - 1] and blocks[i] == blocks[i - 1]):
            if short[first] and i - first >= ways.menu_min_lines:
                menu[first:i] = [True] * (i - first)
            first = i
    return menu


def header_tables(rows: list[bool], meta: list[bool]) -> list[bool]:
    """The lines of tables (`min_rows` rows with a number or more in a row) whose first row
    stands within `table_reach` lines below a byline or date line: an article that is a table."""
    ways = layout()
    tables = [False] * len(rows)
    first = None
    for i, row in enumerate([*rows, False]):
        if row and first is None:
            first = i
        elif not row and first is not None:
            header = any(meta[max(0, first - ways.table_reach):first])
            if header and i - first >= ways.min_rows:
                tables[first:i] = [True] * (i - first)
            first = None
    return tables


def thread_start(families: list[str | None], prose_words: list[int]) -> int | None:
    """The first line of a comment thread below the article: a line of a `thread` family
    ("Comments", "jdoe says:", "3 days ago") with `min_lines` more within `reach` lines below
    it and at most `prose_words` words of prose before the last of them (comments are short;
    a share row's "Write a comment" over the article is followed by the article), once
    `after_words` words of prose have been read (share rows above an article may say
    "Comments" too)."""
    ways = layout()
    marks = [i for i, family in enumerate(families) if family in ways.thread_families]
    read = 0
    last = 0
    for k, i in enumerate(marks):
        read += sum(prose_words[last:i])
        last = i
        further = k + ways.thread_lines
        if (read >= ways.thread_after_words and further < len(marks)
                and marks[further] - i <= ways.thread_reach
                and sum(prose_words[i:marks[further]]) <= ways.thread_prose_words):
            return i
    return None


def is_stop(family: str | None, words: int) -> bool:
    """A short clutter heading of a family that follows an article ("Most read")."""
    return family in layout().stop_families and words <= layout().stop_max_words


@dataclass(frozen=True)
class Page:
    """Per line of a dump: whether it is prose, its words, whether it is a stop (a section
    heading that ends an article) and whether a new story starts there (a headline over a
    byline or date below the article)."""

    prose: list[bool]
    words: list[int]
    stops: list[bool]
    breaks: list[bool]
    soft: list[bool]  # short lines that may be the article's own (list items), not menus
    rows: list[bool]  # lines with a number: maybe rows of a list or table (dates, results)
    announces: list[bool]  # lines ending in a colon: a list follows ("Here's what to know:")
    figures: list[bool]  # a chart's labels, a table's cells ("$900", "’18"), a code listing


def _runs(page: Page) -> list[range]:
    """Runs of prose lines, split by a stop or a gap of more than `max_gap` lines (a soft line
    counting `soft_weight` of a line, a figure's `figure_weight`)."""
    runs: list[range] = []
    first = last = None
    gap = 0.0
    for i, (body, stop) in enumerate(zip(page.prose, page.stops, strict=True)):
        if first is not None and (stop or gap > layout().max_gap):
            runs.append(range(first, last + 1))
            first = None
        if body and not stop:
            first = i if first is None else first
            last = i
            gap = 0.0
        else:
            gap += (layout().figure_weight if page.figures[i]
                    else layout().soft_weight if page.soft[i] else 1)
    if first is not None:
        runs.append(range(first, last + 1))
    return runs


def _trimmed(run: range, page: Page) -> range:
    """The article's first run without the short prose lines (fewer than `edge_words` words:
    "Get our app!") at its start that stand more than `edge_gap` lines apart from its next
    prose line."""
    ways = layout()
    lines = [i for i in run if page.prose[i]]
    while (len(lines) > 1 and page.words[lines[0]] < ways.edge_words
           and lines[1] - lines[0] > ways.edge_gap):
        lines.pop(0)
    return range(lines[0], run.stop)


def _prose(run: range, page: Page) -> int:
    return sum(page.words[i] for i in run if page.prose[i])


def _weight(run: range, before: range | None, page: Page) -> float:
    """The run's prose words, a line below a short line (teasers alternate headline and
    blurb) and a run that a section heading like "Comments" or a new story parts from the run
    `before` it (one of `below_stop_after` prose lines at least, not a menu's stray line)
    counting less."""
    ways = layout()
    alternating = sum(page.words[i] for i in run if page.prose[i] and i > run.start
                      and not page.prose[i - 1])
    weight = _prose(run, page) - (1 - ways.alternating_weight) * alternating
    if (before is not None and sum(page.prose[i] for i in before) >= ways.below_stop_after
            and any(page.stops[before.stop:run.start] + page.breaks[before.stop:run.start + 1])):
        weight *= ways.below_stop_weight
    return weight


def _continues(before: range, after: range, other: range, page: Page, last: bool) -> bool:
    """Whether the `other` run (`before` or `after`) reads as more of the article: near, no
    new story in between, several lines (or one long paragraph just below, when it is the
    `last` prose of its stretch of the page), nearly all prose (teasers under "Related
    stories" alternate headlines and blurbs)."""
    ways = layout()
    gap = after.start - before.stop
    if gap > ways.continue_far_gap or any(page.breaks[before.stop:after.start + 1]):
        return False
    lines = sum(page.prose[i] for i in other)
    total = sum(page.words[i] for i in other)
    enough = ways.continue_lines if gap <= ways.continue_gap else ways.continue_far_lines
    if (last and other is after and gap <= ways.continue_near_gap
            and _prose(other, page) >= ways.continue_near_words):
        enough = 1
    return lines >= enough and _prose(other, page) >= ways.continue_share * total


def article_span(page: Page) -> range:
    """The lines from the first to the last prose line of the article: the run of most weight
    (`_weight`), with the runs beside it that continue it (`_continues`) across a short box."""
    runs = _runs(page)
    if not runs:
        return range(0)
    best = max(range(len(runs)), key=lambda r: _weight(runs[r], runs[r - 1] if r else None, page))
    low = high = best
    while (step := _next_continuing(runs, low, -1, page)) is not None:
        low = step
    while (step := _next_continuing(runs, high, 1, page)) is not None:
        high = step
    last = runs[high]
    return range(_trimmed(runs[low], page).start, max(_trailing_rows(page, last.stop),
                                                     _announced_list(page, last.stop)))


def _trailing_rows(page: Page, end: int) -> int:
    """Where the article ends when the list or table it closes with (`min_rows` rows or more,
    under one heading at most) follows its last prose line: after the last row."""
    start = end + 1 if end < len(page.rows) and not page.rows[end] else end
    stop = start
    while stop < len(page.rows) and page.rows[stop] and not page.stops[stop]:
        stop += 1
    return stop if stop - start >= layout().min_rows else end


def _announced_list(page: Page, end: int) -> int:
    """Where the article ends when its last prose line, or a heading right below it, ends in
    a colon and `min_rows` short lines or more of the article's own (`soft`) follow, no stop
    among them: after the list it announces (up to the next line ending in a colon)."""
    if page.announces[end - 1]:
        start = end
    elif end < len(page.announces) and page.announces[end]:
        start = end + 1
    else:
        return end
    stop = start
    while (stop < len(page.soft) and page.soft[stop] and not page.prose[stop]
           and not page.stops[stop] and not page.announces[stop]):
        stop += 1
    return stop if stop - start >= layout().min_rows else end


def _next_continuing(runs: list[range], at: int, step: int, page: Page) -> int | None:
    """The index of the run beyond run `at` (in direction `step`) that continues the article,
    passing over single prose lines in between (a teaser's headline); None when none does."""
    other = at + step
    while 0 <= other < len(runs):
        before, after = sorted((runs[at], runs[other]), key=lambda r: r.start)
        last = (other + 1 == len(runs)
                or runs[other + 1].start - runs[other].stop > layout().continue_gap)
        if _continues(before, after, runs[other], page, last):
            return other
        if sum(page.prose[i] for i in runs[other]) >= layout().continue_lines:
            return None
        other += step
    return None


@dataclass(frozen=True)
class Furniture:
    """Per line of a dump, what tells a headline from the furniture around it: clutter of any
    kind (`labelled`), prose, and the block (lines between blank lines) it stands in."""

    labelled: list[bool]
    prose: list[bool]
    words: list[int]
    blocks: list[int]


def headline(shaped: list[bool], meta: list[bool], skip: list[bool],
             echo: Callable[[int], float], start: int,
             furniture: Furniture | None = None) -> int | None:
    """The headline of the article whose run starts at line `start`: of the `shaped` lines
    (headline-shaped, not a byline or date line) within `window` lines above, or `inside` the
    run, the one with most weight; lines that are `skip`ped (clutter) do not count. Nearness
    weighs, a byline or date line just below (no prose in between) weighs more, and so does the
    share of a line's words that the prose below it repeats (`echo`). When the line right
    above the winner is headline-shaped too, no clutter, in the winner's block or alone in its
    own (not the last item of a list), and the winner stands right above a byline or is the
    longer of the two, whose words the article repeats (`standfirst_echo`), the winner is the
    standfirst and the line above it the headline."""
    ways = layout()
    words = furniture.words if furniture else []
    following = list(islice((i for i in range(start, len(skip)) if not skip[i]),
                            ways.bylined_inside + 1))
    best = next((i for i, j in zip(following[1:ways.bylined_inside], following[2:], strict=False)
                 if shaped[i] and not meta[i] and meta[j] and echo(i) >= ways.bylined_echo),
                None)  # the run took in prose above the headline, which stands on its byline
    inside = following[:ways.headline_inside]
    upward = islice((i for i in range(min(start, len(skip)) - 1, -1, -1) if not skip[i]),
                    ways.headline_window + 1)
    shown = inside[::-1] + list(upward)
    best_weight = 0.0
    for seen, i in enumerate(shown[:ways.headline_window + 1] if best is None else ()):
        if shaped[i] and not meta[i]:
            weight = (1 + ways.meta_weight * _meta_below(i, meta, skip, words, furniture)
                      + ways.echo_weight * echo(i) - ways.distance_weight * seen)
            if weight > best_weight:
                best, best_weight = i, weight
    if not best:
        return best
    above = best - 1
    below = next((j for j in range(best + 1, len(meta)) if not skip[j]), None)
    standfirst = ((below is not None and meta[below])
                  or (bool(words) and words[best] > words[above])) and (
        echo(above) >= ways.standfirst_echo)
    if (shaped[above] and _apart(above, best, furniture) and not meta[above] and not skip[above]
            and standfirst):
        return above
    return best


def _meta_below(i: int, meta: list[bool], skip: list[bool], words: list[int],
                furniture: Furniture | None) -> bool:
    """A byline or date line within `meta_reach` lines below line i (skipped lines not
    counted), with no prose line longer than a standfirst (`standfirst_words`) before it."""
    for j in islice((j for j in range(i + 1, len(meta)) if not skip[j]), layout().meta_reach):
        if meta[j]:
            return True
        if furniture is not None and furniture.prose[j] and words[j] > layout().standfirst_words:
            return False
    return False


def _apart(above: int, best: int, furniture: Furniture | None) -> bool:
    """Whether line `above` may head line `best`: no clutter, and in its block or alone in its
    own block (not the last item of a list or menu)."""
    if furniture is None:
        return True
    blocks = furniture.blocks
    alone = above == 0 or blocks[above - 1] != blocks[above]
    return not furniture.labelled[above] and (blocks[above] == blocks[best] or alone)
