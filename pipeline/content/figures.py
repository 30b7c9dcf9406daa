"""Lines of a text dump that show a figure, not prose: a chart's labels, a table's cells, a code
listing, a picture gallery.

Input: the dump's lines (text, and whether each states a date, is clutter, which block it is
in). Output: one flag a line. A figure's lines inside the article do not part its paragraphs
(`region`); a gallery beside an article is clutter (`textdump`).
"""

from __future__ import annotations

import re

FIGURE_LINES = 3  # lines with no letter this close together: a chart's labels, a table's cells
FIGURE_REACH = 4
GALLERY_ITEMS = 3

_COUNTER = re.compile(r"(\d{1,3}) ?/ ?(\d{1,3})\b(?![/.,]?\d)")
_LETTER = re.compile(r"[^\W\d_]")
_DIGIT = re.compile(r"\d")
_CODE = re.compile(r"[{};=│┼─]|\w\(|\w_\w|[(,]$|^\)|^\$ ")  # calls, snake_case, prompts, rules


def gallery(texts: list[str]) -> list[bool]:
    """The lines of a picture gallery: `GALLERY_ITEMS` lines or more that start with
    a picture counter of one count ("1/50 ...", "2 / 50"), the numbers rising, each with the
    lines under it up to the next counter (the last one as many lines as the shortest item)."""
    counters = [(i, int(m[1]), int(m[2])) for i, text in enumerate(texts)
                if (m := _COUNTER.match(text))]
    shown = [False] * len(texts)
    for total in {count for _, _, count in counters}:
        items = [(i, n) for i, n, count in counters if count == total]
        rising = [i for (i, n), (_, before) in zip(items, [(0, 0), *items], strict=False)
                  if n > before]
        if len(rising) < GALLERY_ITEMS:
            continue
        size = min(after - i for i, after in zip(rising, rising[1:], strict=False))
        for i, after in zip(rising, [*rising[1:], rising[-1] + size], strict=True):
            shown[i:after] = [True] * (after - i)
    return shown


def chart_lines(texts: list[str], dated: list[bool]) -> list[bool]:
    """Lines with no letter that have `FIGURE_LINES` different numbers or more (lines with a
    number and no letter) within `FIGURE_REACH` lines on either side: the labels of a chart,
    the cells of a table ("$900", "’18", "6.6%", "%") in the article; a rating alone is none,
    nor the page numbers of a pager ("17", "18", "19": each one more than the one above or one
    less than the one below), the dates (`dated`) or counts of comments of a list of posts."""
    counts = [int(text) if text.isdigit() else None for text in texts]
    pager = [n is not None and ((i > 0 and counts[i - 1] == n - 1)
                                or (i + 1 < len(texts) and counts[i + 1] == n + 1))
             for i, n in enumerate(counts)]
    bare = [not (_LETTER.search(text) or paged or date)
            for text, paged, date in zip(texts, pager, dated, strict=True)]
    numbers = [text if here and _DIGIT.search(text) else None
               for text, here in zip(texts, bare, strict=True)]
    near = [set(numbers[max(0, i - FIGURE_REACH):i + FIGURE_REACH + 1]) - {None}
            for i in range(len(texts))]
    return [here and len(values) >= FIGURE_LINES for here, values in zip(bare, near, strict=True)]


def listing_lines(texts: list[str], clutter: list[bool], blocks: list[int]) -> list[bool]:
    """Lines of a code listing or a drawn table: no `clutter`, with a mark of code or of a
    table's rules (`_CODE`), and `FIGURE_LINES` such lines or more in their block within
    `FIGURE_REACH` lines on either side."""
    marked = [not junk and _CODE.search(text) is not None
              for text, junk in zip(texts, clutter, strict=True)]
    return [here and sum(marked[j] and blocks[j] == blocks[i]
                         for j in range(max(0, i - FIGURE_REACH), i + FIGURE_REACH + 1)
                         if j < len(texts)) >= FIGURE_LINES
            for i, here in enumerate(marked)]
