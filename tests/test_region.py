"""Finding the article's lines and its headline in a dump's layout (pipeline/content/region.py).

Layouts are written as one letter a line: P prose (30 words), s a short line in sentence case
(a list item), r a row with a number (a date, a score), m a menu item or a name (3 words), t a
teaser's headline (10 words), S a stop heading ("Related stories"), B the headline of a new
story."""

from __future__ import annotations

import pytest

from pipeline.content import region

WORDS = {"P": 30, "t": 10, "p": 3}


def _page(layout: str) -> region.Page:
    return region.Page(prose=[c in "Pp" for c in layout], words=[WORDS.get(c, 3) for c in layout],
                       stops=[c == "S" for c in layout], breaks=[c == "B" for c in layout],
                       soft=[c in "sr" for c in layout], rows=[c == "r" for c in layout],
                       announces=[c == ":" for c in layout], figures=[c == "f" for c in layout])


@pytest.mark.parametrize(("layout", "span"), [
    ("mmmmPPPPmmmm", range(4, 8)),
    ("PmmmmmmmmmmmmPPPP", range(13, 17)),
    ("mPPPPPSmmmm", range(1, 6)),
    ("PPPPsssssssssssssssPPP", range(0, 22)),
    ("PPPPmmmmmmmmmmmmmmmmPPP", range(0, 4)),
    ("PPPPffffffffffffffffPPP", range(0, 23)),
    ("mpssssssPPPP", range(8, 12)),
    ("PPPPPSmPPPP", range(0, 11)),
    ("PPPPPStPtPtPtP", range(0, 5)),
    ("PPPPPSBPPPP", range(0, 5)),
    ("PPPPPSmP" + "m" * 14, range(0, 8)),
    ("mPPPP:sssmm", range(1, 9)),
    ("mPPPP:ssmm", range(1, 5)),
    ("PPPPPS" + "mt" * 7 + "PPPPPP", range(0, 26)),
    ("PPPPPS" + "mt" * 7 + "PPPPP", range(0, 5)),
    ("mPPPPmrrrrmm", range(1, 10)),
    ("mPPPPrrmm", range(1, 5)),
    ("", range(0)),
    ("mmmm", range(0)),
], ids=["between-menus", "far-from-nav-prose", "stop-heading-ends-it", "list-inside",
        "long-menu-splits", "chart-labels-part-nothing", "short-line-far-above-is-no-start",
        "continues-after-box",
        "teasers-do-not-continue",
        "second-story-does-not-continue", "last-paragraph-beyond-a-short-box",
        "list-announced-by-a-colon", "two-items-are-no-list",
        "long-rest-beyond-a-long-box",
        "short-run-beyond-a-long-box-does-not-continue", "closing-table-under-a-heading",
        "two-rows-are-no-table",
        "empty", "no-prose"])
def test_article_span(layout: str, span: range) -> None:
    assert region.article_span(_page(layout)) == span


def test_teaser_list_loses_to_a_shorter_article() -> None:
    page = _page("PPPP" + "m" * 12 + "tPtPtPtPtPtP")
    assert region.article_span(page) == range(0, 4)


def test_comment_thread_under_its_heading_is_not_the_article() -> None:
    page = _page("PPPP" + "S" + "mmPm" * 5)  # name, date, comment, "Reply"
    assert region.article_span(page) == range(0, 4)


@pytest.mark.parametrize(("shaped", "meta", "echoed", "start", "headline"), [
    ("..x.H.", "000001", "000000", 5, 4),
    ("H..x.", "01000", "00000", 4, 0),
    ("HH...", "00100", "55000", 3, 0),
    ("HH...", "00100", "08000", 3, 1),
    ("H....", "00000", "00000", 4, 0),
    ("....", "0000", "0000", 3, None),
], ids=["right-above", "over-the-byline-not-nearest", "standfirst-below-headline",
        "tagline-over-headline", "only-candidate", "none"])
def test_headline(shaped: str, meta: str, echoed: str, start: int,
                  headline: int | None) -> None:
    """`shaped` marks headline-shaped lines (H, x) and others (.); `meta` byline/date lines;
    `echoed` the tenths of a line's words the article repeats."""
    found = region.headline([c in "Hx" for c in shaped], [c == "1" for c in meta],
                            [False] * len(shaped), lambda i: int(echoed[i]) / 10, start)
    assert found == headline


def test_headline_whose_words_come_back_below_beats_a_nearer_line() -> None:
    echoed = {0: 1.0}
    found = region.headline([True, False, True, False], [False] * 4, [False] * 4,
                            lambda i: echoed.get(i, 0.0), 3)
    assert found == 0


def test_headline_on_its_byline_inside_the_run_comes_first() -> None:
    """The run took in a promotion above the article: prose, headline, date line, prose."""
    found = region.headline([False, True, False, False], [False, False, True, False],
                            [False] * 4, lambda i: 1.0, 0)
    assert found == 1


@pytest.mark.parametrize(("families", "start"), [
    (["p"] * 5 + ["c", "p", "c", "p", "c", "p", "c", "p"], 5),
    (["c", "c", "c", "c"] + ["p"] * 5, None),
    (["p"] * 5 + ["c", "p", "p", "c"], None),
    (["p"] * 4 + ["c", "c"] + ["p"] * 15 + ["c", "p", "c", "p", "c", "p", "c"], 21),
], ids=["thread-below-the-article", "share-row-above-it", "two-prompts-are-no-thread",
        "share-row-over-the-article-below-a-box"])
def test_thread_start(families: list[str], start: int | None) -> None:
    """`c` a comment-thread line ("jdoe says:"), `p` a prose line of 30 words."""
    labels = ["comment_prompt" if f == "c" else None for f in families]
    words = [30 if f == "p" else 0 for f in families]
    assert region.thread_start(labels, words) == start


@pytest.mark.parametrize(("words", "blocks", "menu"), [
    ([1, 2, 1, 12, 2], [0, 0, 0, 0, 0], [True, True, True, False, False]),
    ([1, 2, 1, 1], [0, 0, 1, 1], [False] * 4),
    ([2, 9, 2, 2], [0, 0, 0, 0], [False] * 4),
], ids=["three-short-lines", "split-by-a-blank-line", "a-long-line-between"])
def test_menu_lines(words: list[int], blocks: list[int], menu: list[bool]) -> None:
    assert region.menu_lines(words, blocks, [True] * len(words)) == menu


@pytest.mark.parametrize(("rows", "meta", "table"), [
    ("..RRRR.", "1......", "..TTTT."),
    (".........RRRR", "1............", "............."),
    ("..RR.", "1....", "....."),
], ids=["under-a-date-line", "too-far-below-it", "too-few-rows"])
def test_header_tables(rows: str, meta: str, table: str) -> None:
    """`R` a table row, `1` a byline or date line, `T` a row counted as the article."""
    found = region.header_tables([c == "R" for c in rows], [c == "1" for c in meta])
    assert found == [c == "T" for c in table]
