"""Stopword density of lines, as jusText measures it, in the language of the page.

Input: the lines of one page. Output: for each line the share of its words that are stopwords
of the page's language, or None when no stoplist fits the page. The stoplists are jusText's
(shipped with trafilatura); the page's language is the one whose stoplist covers most of its
words, so no language detector is needed.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

import justext

MIN_COVER = 0.15  # a stoplist covering less of the page's words than this does not fit it
MIN_LETTERS = 2  # a stopword this long tells the language; single letters abound in addresses
_WORD = re.compile(r"[^\W\d_]+")


@functools.cache
def _languages_of() -> dict[str, tuple[str, ...]]:
    """For every stopword of jusText's stoplists, the languages that list it."""
    index: dict[str, list[str]] = {}
    for language in sorted(justext.get_stoplists()):
        for word in justext.get_stoplist(language):
            index.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in index.items()}


@functools.cache
def _stoplist(language: str) -> frozenset[str]:
    return justext.get_stoplist(language)


def densities(lines: list[str], sizes: list[int] | None = None) -> list[float | None]:
    """Each line's stopword density in the page's language (None: no stoplist fits). `sizes`
    gives each line's length in words where a run of letters is not one word (Chinese and
    Japanese, written without spaces): a page in such a script fits no stoplist, though the
    Latin words strewn in it (names, code, menus) are covered."""
    words = [[w.lower() for w in _WORD.findall(line)] for line in lines]
    index = _languages_of()
    cover = Counter(lang for line in words for w in line if len(w) >= MIN_LETTERS
                    for lang in index.get(w, ()))
    total = sum(sizes) if sizes is not None else sum(len(line) for line in words)
    if not cover or cover.most_common(1)[0][1] < MIN_COVER * total:
        return [None] * len(lines)
    stoplist = _stoplist(cover.most_common(1)[0][0])
    return [sum(w in stoplist for w in line) / len(line) if line else 0.0 for line in words]
