"""Accessible charts of progress, drawn on the server as inline SVG: no JavaScript or inline styles.

Each chart is ``role="img"``, named by its ``<title>`` and described by its ``<desc>``, which
lists every value; every bar and the last point carry their value as text, so nothing depends on
colour; a table with the same numbers always sits next to the chart on the page. Colours: #1d70b8
(5.2:1 on white) for implemented, #505a5f (7:1) for axes and the remainder outline.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#1d70b8"
INK = "#0b0c0c"
MUTED = "#505a5f"
GRID = "#b1b4b6"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'Liberation Sans', sans-serif"
WIDTH = 560
MAX_LABEL = 60


@dataclass(frozen=True)
class Share:
    """One bar or point: a label, the percentage (None: nothing to count) and what to write."""

    label: str
    percent: int | None
    text: str  # "12 of 20 (60%)"


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "\u2026"


def _open(chart_id: str, title: str, description: str, height: int) -> list[str]:
    cid = escape(chart_id)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="{escape(FONT)}" font-size="14" '
        f'fill="{INK}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]


def share_bars(chart_id: str, title: str, shares: Sequence[Share]) -> SafeString:
    """Horizontal bars on a fixed 0 to 100% scale: the filled part is the share implemented."""
    row, top, room = 50, 6, WIDTH - 190
    height = top + row * max(len(shares), 1) + 22
    values = "; ".join(f"{s.label}: {s.text}" for s in shares)
    description = (
        f"Bar chart of the share implemented, 0 to 100%. {values}. "
        "The table that follows gives the same numbers."
        if shares
        else "Bar chart with no data."
    )
    parts = _open(chart_id, title, description, height)
    for index, share in enumerate(shares):
        y = top + index * row
        parts.append(f'<text x="0" y="{y + 15}">{escape(_label(share.label))}</text>')
        bar_y = y + 22
        parts.append(
            f'<rect x="0.5" y="{bar_y + 0.5}" width="{room}" height="19" fill="none" '
            f'stroke="{MUTED}"/>'
        )
        if share.percent:
            width = max(2.0, round(room * share.percent / 100, 1))
            parts.append(f'<rect x="1" y="{bar_y + 1}" width="{width}" height="18" fill="{BAR}"/>')
        parts.append(
            f'<text x="{room + 8}" y="{bar_y + 15}" font-weight="700">{escape(share.text)}</text>'
        )
    axis_y = height - 6
    parts.append(f'<text x="0" y="{axis_y}" font-size="12" fill="{MUTED}">0%</text>')
    parts.append(
        f'<text x="{room}" y="{axis_y}" font-size="12" fill="{MUTED}" text-anchor="end">100%</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def progress_line(
    chart_id: str,
    title: str,
    points: Sequence[Share],
    positions: Sequence[float] | None = None,
) -> SafeString:
    """The share implemented over time, 0 to 100%, as a stepped line with a dot at each date.
    ``positions`` (0 to 1, one per point) place the points in time; by default evenly."""
    height, left, right, top, bottom = 300, 48, 16, 16, 56
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    values = "; ".join(f"{p.label}: {p.text}" for p in points)
    description = (
        f"Line chart of the share implemented over time, 0 to 100%. {values}. "
        "The table that follows gives the same numbers."
        if points
        else "Line chart with no data."
    )
    parts = _open(chart_id, title, description, height)
    for tick in (0, 25, 50, 75, 100):
        y = round(top + plot_h * (1 - tick / 100), 1)
        parts.append(
            f'<line x1="{left}" y1="{y}" x2="{WIDTH - right}" y2="{y}" stroke="{GRID}" '
            f'stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4}" font-size="12" text-anchor="end" '
            f'fill="{MUTED}">{tick}%</text>'
        )
    n = len(points)
    coords: list[tuple[float, float]] = []
    for index, point in enumerate(points):
        if positions is not None and len(positions) == n:
            x = left + plot_w * positions[index]
        else:
            x = left + (plot_w * index / (n - 1) if n > 1 else plot_w / 2)
        y = top + plot_h * (1 - (point.percent or 0) / 100)
        coords.append((round(x, 1), round(y, 1)))
    if coords:
        path = [f"M{coords[0][0]},{coords[0][1]}"]
        for (_, y0), (x1, y1) in itertools.pairwise(coords):
            path.append(f"L{x1},{y0}L{x1},{y1}")
        parts.append(f'<path d="{"".join(path)}" fill="none" stroke="{BAR}" stroke-width="3"/>')
        for x, y in coords:
            parts.append(f'<circle cx="{x}" cy="{y}" r="3.5" fill="{BAR}"/>')
        last_x, last_y = coords[-1]
        anchor = "end" if last_x > WIDTH / 2 else "start"
        parts.append(
            f'<text x="{last_x}" y="{max(top + 12, last_y - 10)}" text-anchor="{anchor}" '
            f'font-weight="700">{escape(points[-1].text)}</text>'
        )
        labels = {0, n - 1} | ({n // 2} if n > 4 else set())
        for index in sorted(labels):
            x = coords[index][0]
            anchor = "start" if index == 0 else "end" if index == n - 1 else "middle"
            parts.append(
                f'<text x="{x}" y="{height - bottom + 20}" font-size="12" '
                f'text-anchor="{anchor}">{escape(points[index].label)}</text>'
            )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h + 0.5}" x2="{WIDTH - right}" '
        f'y2="{top + plot_h + 0.5}" stroke="{INK}"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped
