"""Charts and maps of the fund's figures. Bars extend the recommendations charts (same look,
``<title>``, ``<desc>`` listing every value, value written beside each bar); maps are
``core.maps`` tile maps. A table with the same numbers always sits next to each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from endeavour.core.maps import TileMap, tile_map
from endeavour.grants.selectors.figures import (
    MONEY_NOTE,
    REACH_NOTE,
    SUPPRESS_BELOW,
    FundFigures,
    money_text,
)
from endeavour.recommendations.charts import BAR, MUTED, WIDTH, _label, _open


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    text: str


def value_bars(chart_id: str, title: str, bars: Sequence[Bar]) -> SafeString:
    """Horizontal bars from 0 to the largest value."""
    row, top, room = 46, 6, WIDTH - 200
    height = top + row * max(len(bars), 1) + 8
    top_value = max((b.value for b in bars), default=0) or 1
    values = "; ".join(f"{b.label}: {b.text}" for b in bars)
    description = (
        f"Bar chart. {values}. The table that follows gives the same numbers."
        if bars
        else "Bar chart with no data."
    )
    parts = _open(chart_id, title, description, height)
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(f'<text x="0" y="{y + 15}">{escape(_label(bar.label))}</text>')
        if bar.value > 0:
            width = max(2.0, round(room * bar.value / top_value, 1))
            parts.append(f'<rect x="0" y="{y + 22}" width="{width}" height="18" fill="{BAR}"/>')
        parts.append(
            f'<line x1="0.5" y1="{y + 20}" x2="0.5" y2="{y + 42}" stroke="{MUTED}"/>'
            f'<text x="{room + 8}" y="{y + 36}" font-weight="700">{escape(bar.text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every piece of text above is escaped


def money_map(figures: FundFigures, map_id: str = "map-money") -> TileMap:
    return tile_map(
        {row.key: (row.amount if row.projects else None) for row in figures.by_borough},
        title="Money awarded by borough",
        map_id=map_id,
        formatter=lambda v: money_text(round(v)),
        value_heading="Money awarded",
        note=MONEY_NOTE,
    )


def reach_map(figures: FundFigures, map_id: str = "map-reach") -> TileMap:
    return tile_map(
        {row.key: (row.participants if row.participants else None) for row in figures.by_borough},
        title="Participants reached by borough",
        map_id=map_id,
        suppress_below=SUPPRESS_BELOW if figures.public else None,
        value_heading="Participants reached",
        note=REACH_NOTE,
    )


def theme_chart(figures: FundFigures, chart_id: str = "chart-theme") -> SafeString:
    return value_bars(
        chart_id,
        "Money awarded by theme",
        [
            Bar(
                row.label,
                float(row.amount),
                f"{money_text(row.amount)}, {figures.count(row.projects)} projects",
            )
            for row in figures.by_theme
        ],
    )
