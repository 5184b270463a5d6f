"""Accessible bar charts of theme and option counts, drawn on the server as inline SVG.

Copied in miniature from ``recommendations/charts.py`` (whose bars are fixed to "share
implemented"): each chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` listing every
value, every bar carries its value as text, and the page always shows a table of the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from endeavour.consultations.selectors.findings import Count

BAR = "#1d70b8"
INK = "#0b0c0c"
MUTED = "#505a5f"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'Liberation Sans', sans-serif"
WIDTH = 560
MAX_LABEL = 60


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "\u2026"


def count_bars(chart_id: str, title: str, rows: Sequence[tuple[str, Count]]) -> SafeString:
    """Horizontal bars on a 0 to 100% scale of the base, each labelled "n of base (p%)"."""
    row, top, room = 50, 6, WIDTH - 200
    height = top + row * max(len(rows), 1) + 22
    values = "; ".join(f"{label}: {count.text}" for label, count in rows)
    description = (
        f"Bar chart, 0 to 100% of the answers. {values}. The table that follows gives the same "
        "numbers."
        if rows
        else "Bar chart with no data."
    )
    cid = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" font-family="{escape(FONT)}" font-size="14" '
        f'fill="{INK}">',
        f'<title id="{cid}-title">{escape(title)}</title>',
        f'<desc id="{cid}-desc">{escape(description)}</desc>',
    ]
    for index, (label, count) in enumerate(rows):
        y = top + index * row
        parts.append(f'<text x="0" y="{y + 15}">{escape(_label(label))}</text>')
        bar_y = y + 22
        parts.append(
            f'<rect x="0.5" y="{bar_y + 0.5}" width="{room}" height="19" fill="none" '
            f'stroke="{MUTED}"/>'
        )
        if count.percent:
            width = max(2.0, round(room * count.percent / 100, 1))
            parts.append(f'<rect x="1" y="{bar_y + 1}" width="{width}" height="18" fill="{BAR}"/>')
        parts.append(
            f'<text x="{room + 8}" y="{bar_y + 15}" font-weight="700">{escape(count.cell)}</text>'
        )
    axis_y = height - 6
    parts.append(f'<text x="0" y="{axis_y}" font-size="12" fill="{MUTED}">0%</text>')
    parts.append(
        f'<text x="{room}" y="{axis_y}" font-size="12" fill="{MUTED}" text-anchor="end">100%</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped
