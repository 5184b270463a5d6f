"""Charts of London against England and Wales, drawn with the shared accessible bar chart
(``online/charts.py``: inline SVG, a title and a description listing every value, the value
written by every bar). A table with the same numbers always sits next to a chart."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.safestring import SafeString

from endeavour.official_stats.selectors import Comparison, DimensionComparison, Share, YearShare
from endeavour.online.charts import Bar, bar_chart


def _bar(label: str, share: Share) -> Bar:
    return Bar(label=label, value=share.percent, text=share.text)


def comparison_chart(comparison: DimensionComparison, chart_id: str = "") -> SafeString:
    """Each category's share of London's referrals beside its share of England and Wales's,
    for one dimension and year: two labelled bars per category, never told apart by colour."""
    bars: list[Bar] = []
    london = comparison.london_label or "London"
    england = comparison.england_and_wales_label or "England and Wales"
    for row in comparison.categories:
        if comparison.london_label:
            bars.append(_bar(f"{row.category}: {london}", row.london_share))
        if comparison.england_and_wales_label:
            bars.append(_bar(f"{row.category}: {england}", row.england_and_wales_share))
    if comparison.dimension == "region" and comparison.london_of_all is not None:
        bars = [_bar(f"{london} as a share of {england}", comparison.london_of_all)]
    title = (
        f"{comparison.label}: share of referrals in London and in England and Wales, "
        f"year ending March {comparison.year}"
    )
    return bar_chart(chart_id or f"official-{comparison.dimension}-{comparison.year}", title, bars)


def london_share_chart(
    shares: Sequence[YearShare], chart_id: str = "official-london-share"
) -> SafeString:
    """London's share of all referrals in England and Wales, one bar per year."""
    bars = [
        Bar(
            label=f"Year ending March {item.year}",
            value=item.share.percent if item.share else None,
            text=item.share.text if item.share else "not available",
        )
        for item in shares
    ]
    return bar_chart(chart_id, "London's share of all Prevent referrals in England and Wales", bars)


def london_vs_england_and_wales_chart(
    comparison: Comparison, dimension: str = "ideology", chart_id: str = ""
) -> SafeString | None:
    """The chart of one dimension of ``selectors.london_vs_england_and_wales(year)``, to embed
    (for example in the annual report) beside a table of the same rows; None when that year's
    publication has no such table."""
    found = comparison.get(dimension)
    return comparison_chart(found, chart_id) if found is not None else None
