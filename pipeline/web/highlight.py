"""Article text cut into paragraphs and segments, for pages that highlight evidence.

Input: the article text (one paragraph a line) and marks (character spans with a kind and a
link). Output: per paragraph, the segments between mark boundaries, each with the marks that
cover it. The templates render segments as escaped text in spans; nothing from the article is
ever markup.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # "event", "attribution" or "sentence": the CSS class
    href: str | None = None
    label: str | None = None  # the tooltip


@dataclass(frozen=True)
class Segment:
    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def classes(self) -> str:
        return " ".join(sorted({m.kind for m in self.marks}))

    @property
    def href(self) -> str | None:
        return next((m.href for m in self.marks if m.href), None)

    @property
    def title(self) -> str:
        return "; ".join(m.label for m in self.marks if m.label)


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every non-empty line of `text`."""
    spans, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def paragraph_at(text: str, offset: int) -> tuple[int, int]:
    """The line of `text` that holds `offset`."""
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def segments(text: str, start: int, end: int, marks: list[Mark]) -> list[Segment]:
    """text[start:end] cut at every boundary of the marks that overlap it."""
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(start, min(end, p)) for m in inside
                                 for p in (m.start, m.end))})
    out = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        if left < right:
            out.append(Segment(text[left:right],
                               tuple(m for m in inside if m.start <= left and m.end >= right)))
    return out


def marked_paragraphs(text: str, marks: list[Mark]) -> list[list[Segment]]:
    """Every paragraph of `text` as segments."""
    return [segments(text, start, end, marks) for start, end in paragraph_spans(text)]
