"""Teaser lines of a text dump: a link's headline glued to its blurb with no space between.

Input: one line of a dump. Output: whether it is such a teaser ("Harvick Fails To Rally In
The FinaleFord flopped for the ..."), the way lists of other stories come out when a page's
links and blurbs are saved as text. The headline is in title case; the thresholds are the
`teaser` entry of `data/dump_layout.yaml`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pipeline.yaml_data import data_file

_GLUE = re.compile(r"(?<=[a-z\d?!.’'”\")])(?=[A-Z](?:[a-z]|\s))")  # "FinaleFord", "250,000The"
_FRAGMENT = re.compile(r"\S*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class Teaser:
    """The teaser thresholds."""

    headline_words: int  # words of the glued headline, at least
    fragment: int  # letters before the glue, at least ("McDonald", "LeBron", "iPad" are names)
    blurb_words: int  # words after the glue, at least
    capital_share: float  # share of the headline's longer words that are capitalised
    long_word: int  # letters of a word that counts for the share


@functools.cache
def teaser() -> Teaser:
    """The thresholds, loaded once."""
    data = data_file("dump_layout.yaml")["teaser"]
    return Teaser(data["headline_words"], data["fragment"], data["blurb_words"],
                  data["capital_share"], data["long_word"])


def glued_teasers(lines: list[str]) -> list[bool]:
    """For each line, whether it is a glued teaser in a list of them (one next to it too)."""
    glued = [is_glued_teaser(line) for line in lines]
    return [here and ((i > 0 and glued[i - 1]) or (i + 1 < len(glued) and glued[i + 1]))
            for i, here in enumerate(glued)]


def is_glued_teaser(line: str) -> bool:
    """A title-case headline of `headline_words` or more glued to a blurb of `blurb_words` or
    more: the glue is a word whose letters turn to a capital without a space after `fragment`
    letters at least."""
    ways = teaser()
    for glue in _GLUE.finditer(line):
        if len(_FRAGMENT.search(line[:glue.start()])[0]) < ways.fragment:
            continue
        head = line[:glue.start()]
        if (len(_WORD.findall(head)) >= ways.headline_words
                and len(line[glue.start():].split()) >= ways.blurb_words and title_case(head)):
            return True
    return False


def title_case(text: str, share: float | None = None) -> bool:
    """Whether a `share` (default `capital_share`) of the text's words of `long_word` letters
    or more start with a capital."""
    ways = teaser()
    share = ways.capital_share if share is None else share
    longer = [w for w in _WORD.findall(text) if len(w) >= ways.long_word]
    return bool(longer) and sum(w[0].isupper() for w in longer) >= share * len(longer)
