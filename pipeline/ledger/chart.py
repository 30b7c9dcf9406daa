"""The estimate-history chart: reported values over time, one mark per report, coloured by
source, over the band between the lowest and highest current estimate.

Input: history rows (dicts with at least `item`, `value`, `as_of`, `source`; `value_low`,
`value_high`, `approximate` and `basis` when known), as `queries.history` returns them.
Output: SVG text or PNG bytes. matplotlib is imported only here, when a chart is drawn, with
its object API (no pyplot state), so that a web server can draw charts in threads. Reports
without a date have no place on the time axis; the chart says how many were left out.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

Row = Mapping[str, Any]
FORMATS = ("svg", "png")
_UNKNOWN_SOURCE = "unknown source"
MAX_MARKS = 500  # more dated reports than this in a panel: coinciding marks are drawn once
_BINS = 150  # across the time axis when thinning: about a mark's width each
PANEL_HEIGHT = 3.2  # inches
LABEL = 30  # characters of a source's name in the legend (the margin is fixed: cut the rest)


def history_svg(rows: Sequence[Row], title: str | None = None) -> str:
    return render(rows, "svg", title).decode("utf-8")


def history_png(rows: Sequence[Row], title: str | None = None) -> bytes:
    return render(rows, "png", title)


def load() -> None:
    """Import matplotlib and its SVG and PNG writers now: a server calls this as it starts,
    so that no request waits for the imports."""
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.backends.backend_svg  # noqa: F401
    import matplotlib.dates  # noqa: F401
    import matplotlib.figure  # noqa: F401


def render(rows: Sequence[Row], fmt: str, title: str | None = None) -> bytes:
    """The chart of `rows` as `fmt` ("svg" or "png"): one panel per item."""
    if fmt not in FORMATS:
        raise ValueError(f"chart format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    import matplotlib
    from matplotlib.figure import Figure

    by_item: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_item[str(row.get("item") or "")].append(row)
    panels = max(1, len(by_item))
    with matplotlib.rc_context({"svg.hashsalt": "salvo", "svg.fonttype": "none"}):
        figure = Figure(figsize=(8, PANEL_HEIGHT * panels))
        height = PANEL_HEIGHT * panels  # fixed margins, in inches: a layout engine would draw
        figure.subplots_adjust(left=0.1, right=0.68, top=1 - 0.8 / height,  # it all twice
                               bottom=0.45 / height, hspace=0.45)
        axes = figure.subplots(panels, 1, squeeze=False)[:, 0]
        for ax, (item, item_rows) in zip(axes, sorted(by_item.items()), strict=False):
            _panel(ax, item, item_rows)
        if not by_item:
            axes[0].text(0.5, 0.5, "no reported values", ha="center", va="center")
            axes[0].set_axis_off()
        if title:
            figure.suptitle(title)
        out = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        figure.savefig(out, format=fmt, metadata=metadata, dpi=100)
    return out.getvalue()


def _panel(ax, item: str, rows: list[Row]) -> None:
    dated = [r for r in rows if r.get("value") is not None and _day(r) is not None]
    left_out = sum(1 for r in rows if r.get("value") is not None) - len(dated)
    low, high, days = _band(dated)
    if days:
        ax.fill_between(days, low, high, step="post", alpha=0.15, color="grey",
                        label="range of current estimates")
    colours = _colours(dated)
    shown, width = _thinned(dated)
    for source, colour in colours.items():
        mine = [r for r in shown if (r.get("source") or _UNKNOWN_SOURCE) == source]
        for increment in (False, True):
            marks = [r for r in mine if (r.get("basis") == "additional") is increment]
            if marks:
                name = source if len(source) <= LABEL else source[:LABEL - 1] + "…"
                label = f"{name} (increment)" if increment else name
                _marks(ax, marks, colour, label, "^" if increment else "o")
    note = f" ({left_out} undated report{'s' if left_out > 1 else ''} not shown)" \
        if left_out else ""
    if width:
        note += (f"\n{len(dated):,} reports in {len(shown):,} marks: one for the same figure"
                 f" and source within {width} days")
    ax.set_title(item + note, fontsize=10)
    ax.set_ylabel("reported value")
    ax.grid(True, alpha=0.3)
    if dated:
        _axes(ax, dated)


def _axes(ax, rows: list[Row]) -> None:
    """Dates readable at any span, a fortnight's margin, counts from zero, the legend outside
    the marks."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    days = [_day(r) for r in rows]
    margin = dt.timedelta(days=14)
    ax.set_xlim(min(days) - margin, max(days) + margin)
    top = max(r.get("value_high") or r["value"] for r in rows)
    ax.set_ylim(0, top * 1.15 or 1)
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))


def _marks(ax, rows: list[Row], colour, label: str, marker: str) -> None:
    """One mark per report; hollow when the value was hedged; a bar over a stated range.
    Drawn as one line of markers per style and one collection of bars: a series of thousands
    of reports stays a handful of objects (fast to draw, small to write)."""
    first = True
    for hollow in (False, True):
        part = [r for r in rows if bool(r.get("approximate")) is hollow]
        if not part:
            continue
        ax.plot([_day(r) for r in part], [r["value"] for r in part], linestyle="none",
                marker=marker, markersize=6, markeredgewidth=1,
                markerfacecolor="none" if hollow else colour, markeredgecolor=colour,
                label=label if first else "_nolegend_", zorder=3,
                gid=f"reports-{len(ax.lines)}")  # an id per group of marks in the SVG
        first = False
    ranged = [r for r in rows if r.get("value_low") is not None
              and r.get("value_high") is not None and r["value_low"] != r["value_high"]]
    if ranged:
        ax.vlines([_day(r) for r in ranged], [r["value_low"] for r in ranged],
                  [r["value_high"] for r in ranged], colors=[colour], linewidth=1.5, zorder=2)


def _thinned(rows: list[Row]) -> tuple[list[Row], int]:
    """The rows to draw a mark for, and the width in days of the bins merged (0: every row).
    Up to MAX_MARKS rows all get a mark. Beyond that, reports that would be drawn on top of
    each other (same source, figure, range and style, in the same bin of the time axis) get
    one mark, the earliest's."""
    if len(rows) <= MAX_MARKS:
        return rows, 0
    days = [_day(r) for r in rows]
    width = max(1, -(-(max(days) - min(days)).days // _BINS))
    start = min(days)
    kept: dict[tuple, Row] = {}
    for row, day in sorted(zip(rows, days, strict=True), key=lambda pair: pair[1]):
        key = (row.get("source") or _UNKNOWN_SOURCE, row.get("basis") == "additional",
               bool(row.get("approximate")), row["value"], row.get("value_low"),
               row.get("value_high"), (day - start).days // width)
        kept.setdefault(key, row)
    return list(kept.values()), width


def _band(rows: list[Row]) -> tuple[list[int], list[int], list[dt.date]]:
    """At each date, the lowest and highest of every source's latest total so far; held to the
    last dated report."""
    latest: dict[str, int] = {}
    low, high, days = [], [], []
    for row in sorted(rows, key=_day):
        if row.get("basis") == "additional":
            continue
        latest[row.get("source") or _UNKNOWN_SOURCE] = row["value"]
        day = _day(row)
        if days and days[-1] == day:
            low[-1], high[-1] = min(latest.values()), max(latest.values())
        else:
            days.append(day)
            low.append(min(latest.values()))
            high.append(max(latest.values()))
    last = max((_day(r) for r in rows), default=None)
    if days and last > days[-1]:
        days.append(last)
        low.append(low[-1])
        high.append(high[-1])
    return low, high, days


def _colours(rows: list[Row]) -> dict[str, Any]:
    from matplotlib import colormaps

    palette = colormaps["tab10"].colors
    sources = sorted({r.get("source") or _UNKNOWN_SOURCE for r in rows}, key=str.casefold)
    return {source: palette[i % len(palette)] for i, source in enumerate(sources)}


def _day(row: Row) -> dt.date | None:
    value = row.get("as_of") or row.get("reported_on")
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value
