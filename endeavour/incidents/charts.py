"""Charts of the figures: the accessible inline SVG bars of ``online/charts.py`` (title,
description listing every value, value written by each bar, no colour-only meaning), always
with the same numbers in a table on the page."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from endeavour.consultations.selectors.findings import Count
from endeavour.incidents.selectors.trends import Row, Trends
from endeavour.online.charts import Bar, bar_chart, histogram


def count_text(count: Count) -> str:
    if count.hidden:
        return _("not shown")
    if count.suppressed:
        return _("fewer than 5")
    return str(count.n)


def _bars(rows: Sequence[Row], *, skip_zero: bool) -> list[Bar]:
    return [
        Bar(
            row.label, None if row.reported.suppressed else row.reported.n, count_text(row.reported)
        )
        for row in rows
        if not (skip_zero and row.reported.n == 0)
    ]


def trend_charts(trends: Trends) -> dict[str, SafeString]:
    months = [
        Bar(
            date_format(month, "M y"),
            None if row.reported.suppressed else row.reported.n,
            count_text(row.reported),
        )
        for row, month in zip(trends.by_month, trends.period.months, strict=True)
    ]
    return {
        "month_chart": histogram(
            "incidents-by-month", _("Reports by month of the incident"), months
        ),
        "borough_chart": bar_chart(
            "incidents-by-borough",
            _("Reports by borough (boroughs with no reports left out)"),
            _bars(trends.by_borough, skip_zero=True),
        ),
        "motivation_chart": bar_chart(
            "incidents-by-motivation",
            _("Reports by motivation (motivations with no reports left out)"),
            _bars(trends.by_motivation, skip_zero=True),
        ),
    }
