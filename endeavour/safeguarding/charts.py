"""Charts for the figures, drawn with the online casework's accessible SVG bars (role="img",
title, description listing every value, values written beside each bar, withheld values as
dashed outlines). A table with the same numbers always follows on the page."""

from __future__ import annotations

from django.utils.safestring import SafeString

from endeavour.consultations.selectors.findings import Count
from endeavour.online.charts import Bar, bar_chart, histogram
from endeavour.safeguarding.selectors.figures import CrossTable, Figures


def _bar(label: str, count: Count) -> Bar:
    return Bar(label, None if count.suppressed else count.n, count.n_cell)


def figures_charts(figures: Figures) -> dict[str, SafeString]:
    by_month: CrossTable = figures.concerns_by_month
    use: CrossTable = figures.use_by_month
    use_by_borough: CrossTable = figures.use_by_borough
    return {
        "concerns_chart": histogram(
            "chart-concerns-by-month",
            by_month.title,
            [_bar(label[:3], cells[0]) for label, cells, _ in by_month.lines],
        ),
        "use_chart": bar_chart(
            "chart-help-finder-by-worry",
            use_by_borough.title,
            [
                _bar(column, count)
                for column, count in zip(use.columns, use.column_totals, strict=True)
            ],
        ),
    }
