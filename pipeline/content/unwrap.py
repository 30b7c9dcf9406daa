"""Hard-wrapped text joined back into paragraphs.

Input: the raw lines of a dump. Output: the same lines, with the lines of each paragraph of a
hard-wrapped text (a plain-text e-mail, an RFC) joined into one. A text is hard-wrapped when a
`WRAP_SHARE` of its non-empty lines end within `WRAP_SLACK` characters of one width and hardly
any (`WRAP_OVER`) are longer; a line ending there runs on into the next non-empty line.
"""

from __future__ import annotations

from collections import Counter

WRAP_WIDTHS = range(50, 101)  # the widths a hard-wrapped text is wrapped at (characters)
WRAP_SLACK = 12  # a wrapped line ends this close to the width or closer
WRAP_SHARE = 0.3  # ... and at least this share of the lines do
WRAP_OVER = 0.05  # ... and at most this share are longer
WRAP_MIN_LINES = 20


def unwrapped(raws: list[str]) -> list[str]:
    """The raw lines, the paragraphs of a hard-wrapped text joined (see the module)."""
    sizes = Counter(len(raw.rstrip()) for raw in raws if raw.strip())
    lines = sum(sizes.values())
    if lines < WRAP_MIN_LINES:
        return raws
    near = {width: sum(sizes[n] for n in range(width - WRAP_SLACK, width + 1))
            for width in WRAP_WIDTHS}
    width = max(near, key=near.__getitem__)
    over = sum(count for n, count in sizes.items() if n > width)
    if near[width] < WRAP_SHARE * lines or over > WRAP_OVER * lines:
        return raws
    joined: list[str] = []
    running = False
    for raw in raws:
        if running and raw.strip():
            joined[-1] += " " + raw.strip()
        else:
            joined.append(raw)
        running = bool(raw.strip()) and len(raw.rstrip()) >= width - WRAP_SLACK
    return joined
