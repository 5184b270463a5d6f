"""Accessible charts drawn on the server as inline SVG: no JavaScript, no inline styles.

Each chart is ``role="img"`` named by its ``<title>`` and ``<desc>`` (which lists the values), and
every bar carries its value as text, so nothing depends on colour. Bars are #1d70b8 (5.2:1 on
white); outlines of withheld values are #505a5f (7:1). A page always shows a table with the same
numbers next to the chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#1d70b8"
INK = "#0b0c0c"
MUTED = "#505a5f"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, 'Liberation Sans', sans-serif"
WIDTH = 560
MAX_LABEL = 64


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | None  # None when the value is withheld
    text: str  # what to write next to the bar: "12", "fewer than 5"


def _label(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "\u2026"


def _open(chart_id: str, title: str, bars: Sequence[Bar], height: int, kind: str) -> list[str]:
    values = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    description = (
        f"{kind}. {values}. The table that follows gives the same numbers."
        if bars
        else f"{kind} with no data."
    )
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="{escape(FONT)}" font-size="14" fill="{INK}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>',
    ]


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar]) -> SafeString:
    """Horizontal bars, each with its label above it and its value written after it."""
    row, top = 50, 6
    height = top + row * max(len(bars), 1) + 4
    biggest = max((bar.value or 0 for bar in bars), default=0)
    room = WIDTH - 120  # keep space after the longest bar for its value
    parts = _open(chart_id, title, bars, height, "Bar chart")
    parts.append(f'<line x1="0.5" y1="{top}" x2="0.5" y2="{height - 4}" stroke="{INK}"/>')
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(f'<text x="8" y="{y + 15}">{escape(_label(bar.label))}</text>')
        bar_y = y + 22
        if bar.value is None:
            parts.append(
                f'<rect x="1" y="{bar_y + 0.5}" width="28" height="19" fill="none" '
                f'stroke="{MUTED}" stroke-dasharray="3 2"/>'
            )
            end: float = 30
        else:
            width: float = round(room * bar.value / biggest, 1) if biggest else 0
            if bar.value and width < 2:
                width = 2
            if width:
                parts.append(f'<rect x="1" y="{bar_y}" width="{width}" height="20" fill="{BAR}"/>')
            end = 1 + width
        parts.append(
            f'<text x="{end + 6}" y="{bar_y + 15}" font-weight="700">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def histogram(chart_id: str, title: str, bars: Sequence[Bar]) -> SafeString:
    """Adjacent vertical bars in order (for ordered bands), values above, band labels below."""
    height, base, plot = 270, 220, 175
    n = max(len(bars), 1)
    slot = (WIDTH - 2) / n
    biggest = max((bar.value or 0 for bar in bars), default=0)
    parts = _open(chart_id, title, bars, height, "Histogram")
    for index, bar in enumerate(bars):
        x = 1 + index * slot
        middle = round(x + slot / 2, 1)
        if bar.value is None:
            parts.append(
                f'<rect x="{round(x + 3, 1)}" y="{base - 20.5}" width="{round(slot - 6, 1)}" '
                f'height="20" fill="none" stroke="{MUTED}" stroke-dasharray="3 2"/>'
            )
            top: float = base - 20
        else:
            bar_height: float = round(plot * bar.value / biggest, 1) if biggest else 0
            if bar.value and bar_height < 2:
                bar_height = 2
            top = base - bar_height
            if bar_height:
                parts.append(
                    f'<rect x="{round(x + 1, 1)}" y="{top}" width="{round(slot - 2, 1)}" '
                    f'height="{bar_height}" fill="{BAR}"/>'
                )
        parts.append(
            f'<text x="{middle}" y="{top - 6}" text-anchor="middle" font-weight="700" '
            f'font-size="13">'
            f"{escape(bar.text)}</text>"
        )
        parts.append(
            f'<text x="{middle}" y="{base + 22}" text-anchor="middle" font-size="13">'
            f"{escape(_label(bar.label))}</text>"
        )
    parts.append(f'<line x1="0" y1="{base + 0.5}" x2="{WIDTH}" y2="{base + 0.5}" stroke="{INK}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped
