"""Charts and maps of the fund's figures: bars are the shared bar chart of ``online.charts``
(``<title>``, ``<desc>`` listing every value, value written beside each bar), as the other
modules' figures use; maps are ``core.maps`` tile maps. A table with the same numbers always sits
next to each."""

from __future__ import annotations

from django.utils.safestring import SafeString

from endeavour.core.maps import TileMap, tile_map
from endeavour.grants.selectors.figures import (
    MONEY_NOTE,
    REACH_NOTE,
    SUPPRESS_BELOW,
    FundFigures,
    money_text,
)
from endeavour.online.charts import Bar, bar_chart


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
    return bar_chart(
        chart_id,
        "Money awarded by theme",
        [
            Bar(
                row.label,
                int(row.amount),
                f"{money_text(row.amount)}, {figures.count(row.projects)} projects",
            )
            for row in figures.by_theme
        ],
    )
