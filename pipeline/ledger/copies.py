"""Near-copies of one text (a wire story carried by several sites), so that they count once.

An article's sketch is the `sketch_size` smallest hashes of its word shingles (a bottom-k
MinHash); two sketches estimate the Jaccard similarity of the shingle sets. Candidates are found
through the `anchors` smallest hashes, which `article_anchors` indexes, so that a new article
is compared with the few stored ones that share one, not with all. Copies form groups (the
closure of the pairs found); a group is named by the content hash of its original, the earliest
published member (ties: the smallest hash), so the grouping does not depend on ingest order.

The hashes are computed with numpy, a batch of texts at a time: a polynomial hash of each word's
bytes, combined over the shingle's words and mixed with SplitMix64's finalizer, kept to 63 bits
so that every database stores them.
"""

from __future__ import annotations

import datetime as dt
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.ledger.rules import Rules

# punctuation to spaces, so that splitting on white space gives the words (faster than a regex)
_SPACES = str.maketrans(dict.fromkeys(string.punctuation + "‘’“”–—…«»·", " "))
_PRIME = 0x100000001B3
_PRIME_INVERSE = pow(_PRIME, -1, 2 ** 64)
_MASK63 = 0x7FFFFFFFFFFFFFFF


@dataclass(frozen=True)
class Stored:
    """An article as the copy finder sees it."""

    article_id: int
    content_hash: str
    published: dt.date | None
    sketch: tuple[int, ...]  # empty for texts too short to compare


def sketch(text: str, rules: Rules) -> tuple[int, ...]:
    """The bottom-k sketch of the text's word shingles; empty below `min_words` words."""
    return sketches([text], rules)[0]


def sketches(texts: Sequence[str], rules: Rules, batch: int = 2000) -> list[tuple[int, ...]]:
    """The sketches of many texts, computed a batch at a time in a few numpy passes."""
    found: list[tuple[int, ...]] = []
    for i in range(0, len(texts), batch):
        found += _batch(texts[i:i + batch], rules)
    return found


def _batch(texts: Sequence[str], rules: Rules) -> list[tuple[int, ...]]:
    import numpy as np  # here: only refreshes with new articles need it

    k = rules.shingle_words
    codes, counts = _word_codes(texts, np)
    size = len(codes) - k + 1
    if size < 1:
        return [()] * len(texts)
    hashes = np.zeros(size, dtype=np.uint64)
    with np.errstate(over="ignore"):  # arithmetic modulo 2**64 is the point
        for offset in range(k):
            hashes = hashes * np.uint64(_PRIME) + codes[offset:offset + size]
        hashes = _mix(hashes, np) & np.uint64(_MASK63)
    ends = np.cumsum(counts)
    doc = np.repeat(np.arange(len(texts)), counts)[:size]
    whole = np.arange(size) + k <= ends[doc]  # shingles that do not run into the next text
    hashes, doc = hashes[whole], doc[whole]
    bounds = np.searchsorted(doc, np.arange(len(texts) + 1))
    short = counts < max(rules.min_words, k)
    return [() if short[i] else
            tuple(np.unique(hashes[bounds[i]:bounds[i + 1]])[:rules.sketch_size].tolist())
            for i in range(len(texts))]


def _word_codes(texts: Sequence[str], np):
    """A hash of every word of the texts, in order, and the number of words of each text.

    Words are runs of bytes above the space in the lower-cased text with punctuation blanked;
    a word's hash is the polynomial sum of its bytes, read off prefix sums (multiplying by the
    inverse power of the prime modulo 2**64 puts each word's sum at its own start).
    """
    encoded = [text.lower().translate(_SPACES).encode() for text in texts]
    data = np.frombuffer(b" ".join(encoded), dtype=np.uint8)
    blank = data <= 32
    after_blank = np.concatenate(([True], blank[:-1]))
    before_blank = np.concatenate((blank[1:], [True]))
    starts = np.flatnonzero(~blank & after_blank)
    ends = np.flatnonzero(~blank & before_blank) + 1
    powers, inverse = _powers(len(data), np)
    with np.errstate(over="ignore"):
        prefix = np.concatenate(([np.uint64(0)], np.cumsum(data * powers, dtype=np.uint64)))
        codes = (prefix[ends] - prefix[starts]) * inverse[starts]
    text_starts = np.cumsum([0] + [len(e) + 1 for e in encoded[:-1]])
    counts = np.bincount(np.searchsorted(text_starts, starts, side="right") - 1,
                         minlength=len(texts))
    return codes, counts


_POWERS: list = []  # the powers of the prime and of its inverse, kept for the next batch


def _powers(length: int, np):
    """The first `length` powers of the prime and of its inverse, modulo 2**64."""
    if not _POWERS or len(_POWERS[0]) < length:
        size = max(length, 1 << 20)
        with np.errstate(over="ignore"):
            powers = np.cumprod(np.full(size, _PRIME, dtype=np.uint64))
            inverse = np.cumprod(np.full(size, _PRIME_INVERSE, dtype=np.uint64))
        one = np.ones(1, dtype=np.uint64)
        _POWERS[:] = [np.concatenate((one, powers[:-1])), np.concatenate((one, inverse[:-1]))]
    return _POWERS[0][:length], _POWERS[1][:length]


def _mix(x, np):
    """SplitMix64's finalizer: every input bit reaches every output bit."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def similarity(a: Sequence[int], b: Sequence[int], size: int) -> float:
    """Estimated Jaccard similarity of two sketches."""
    if not a or not b:
        return 0.0
    first, second = set(a), set(b)
    union = sorted(first | second)[:size]
    return sum(1 for h in union if h in first and h in second) / len(union)


def anchors(sketch_: Sequence[int], rules: Rules) -> tuple[int, ...]:
    return tuple(sketch_[:rules.anchors])


def original(members: Iterable[Stored]) -> Stored:
    """The group's original: the earliest published (undated last), then the smallest hash."""
    return min(members, key=lambda s: (s.published is None, s.published or dt.date.min,
                                       s.content_hash))


def encode(sketch_: Sequence[int]) -> str:
    return " ".join(map(str, sketch_))


def decode(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split())


class Groups:
    """Union-find; the smaller of two roots becomes the root of both."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, item):
        root = self.parent.setdefault(item, item)
        while root != self.parent[root]:
            root = self.parent[root]
        while item != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_all(articles: Sequence[Stored], rules: Rules) -> dict[int, str]:
    """Article id -> copy group (the original's content hash), for a whole collection.

    Articles are taken in content-hash order; each is compared, for every anchor it has, with
    one exemplar of each group already holding that anchor (`exemplars`), as `add` does for an
    article added to a stored collection.
    """
    by_id = {a.article_id: a for a in articles}
    groups = Groups()
    buckets: dict[int, list[int]] = {}
    for article in sorted(articles, key=lambda a: a.content_hash):
        groups.find(article.article_id)
        held = [(anchor, buckets.get(anchor, [])) for anchor in anchors(article.sketch, rules)]
        for other in exemplars(held, groups.find):
            if groups.find(other) != groups.find(article.article_id) and similarity(
                    article.sketch, by_id[other].sketch, rules.sketch_size) >= rules.min_similarity:
                groups.union(article.article_id, other)
        for anchor, members in held:
            if all(groups.find(m) != groups.find(article.article_id) for m in members):
                buckets.setdefault(anchor, []).append(article.article_id)
    return name_groups(articles, groups)


def exemplars(held: Iterable[tuple[int, Sequence[int]]], group_of) -> list[int]:
    """One article of each group found under each anchor (the first), in a stable order."""
    chosen: dict[tuple[int, object], int] = {}
    for anchor, members in held:
        for member in members:
            chosen.setdefault((anchor, group_of(member)), member)
    return sorted(set(chosen.values()))


def name_groups(articles: Iterable[Stored], groups: Groups) -> dict[int, str]:
    members: dict[int, list[Stored]] = {}
    for article in articles:
        members.setdefault(groups.find(article.article_id), []).append(article)
    return {a.article_id: original(group).content_hash
            for group in members.values() for a in group}
