"""Aggregate figures: concerns routed (and acknowledged) by borough and month, and help-finder use
by borough, kind of worry and month. Never an individual record.

Public tables suppress counts under 5 ("fewer than 5") and then apply secondary suppression with
the consultations' ``protect`` (totals are published, so one withheld cell in a row or column
would be worked out by subtraction). Staff tables show every number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count as DbCount
from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from endeavour.consultations.selectors.findings import Count, protect
from endeavour.core.models import Borough
from endeavour.safeguarding.models import Concern, HelpFinderUse, Worry

FIRST_YEAR = 2020


@dataclass
class CrossTable:
    key: str
    title: str
    row_heading: str
    rows: list[str]
    columns: list[str]
    cells: list[list[Count]]
    row_totals: list[Count] | None
    column_totals: list[Count]
    total: Count

    @property
    def lines(self) -> list[tuple[str, list[Count], Count | None]]:
        totals: list[Count | None] = (
            list(self.row_totals) if self.row_totals else [None] * len(self.rows)
        )
        return list(zip(self.rows, self.cells, totals, strict=True))


def cross_table(
    key: str,
    title: str,
    row_heading: str,
    rows: list[str],
    columns: list[str],
    values: dict[tuple[int, int], int],
    *,
    suppress: bool,
    row_totals: bool = True,
    unit: str = "",
) -> CrossTable:
    grid = [[values.get((r, c), 0) for c in range(len(columns))] for r in range(len(rows))]
    totals_by_row = [sum(line) for line in grid]
    totals_by_column = [sum(grid[r][c] for r in range(len(rows))) for c in range(len(columns))]
    grand = sum(totals_by_column) if row_totals else (totals_by_column[0] if columns else 0)

    def count(n: int) -> Count:
        return Count(n, grand, unit=unit, suppress=suppress)

    table = [
        [count(v) for v in line] + ([count(totals_by_row[r])] if row_totals else [])
        for r, line in enumerate(grid)
    ]
    table.append([count(v) for v in totals_by_column] + ([count(grand)] if row_totals else []))
    if suppress and row_totals:
        table = protect(table)
    elif suppress:
        # No row totals are published (the columns are different measures): protect each
        # column against its own published total only.
        for c in range(len(columns)):
            column = protect([[line[c] for line in table]])[0]
            for r, cell in enumerate(column):
                table[r][c] = cell
    width = len(columns)
    return CrossTable(
        key=key,
        title=title,
        row_heading=row_heading,
        rows=rows,
        columns=columns,
        cells=[line[:width] for line in table[:-1]],
        row_totals=[line[width] for line in table[:-1]] if row_totals else None,
        column_totals=table[-1][:width],
        total=table[-1][width] if row_totals else table[-1][0],
    )


@dataclass
class Figures:
    year: int
    public: bool
    months: list[date]
    concerns_by_month: CrossTable
    concerns_by_borough: CrossTable
    concerns_by_borough_and_month: CrossTable
    use_by_month: CrossTable
    use_by_borough: CrossTable
    generated_at: Any

    @property
    def tables(self) -> list[CrossTable]:
        return [
            self.concerns_by_month,
            self.concerns_by_borough,
            self.concerns_by_borough_and_month,
            self.use_by_month,
            self.use_by_borough,
        ]


def months_of(year: int, today: date | None = None) -> list[date]:
    today = today or timezone.localdate()
    last = today.month if year == today.year else 12
    return [date(year, m, 1) for m in range(1, last + 1)]


def _month_key(value: Any) -> date:
    return value.date() if hasattr(value, "date") else value  # type: ignore[no-any-return]


def concerns_between(start: date, end: date) -> QuerySet[Concern]:
    """Concerns sent from the start of London day ``start`` up to, not including, ``end``."""
    return Concern.objects.filter(
        submitted_at__gte=timezone.make_aware(datetime.combine(start, time.min)),
        submitted_at__lt=timezone.make_aware(datetime.combine(end, time.min)),
    )


def uses_between(start: date, end: date) -> QuerySet[HelpFinderUse]:
    """Help-finder use counted in the months from ``start`` up to, not including, ``end``."""
    return HelpFinderUse.objects.filter(month__gte=start, month__lt=end, worry__in=Worry.values)


@dataclass(frozen=True)
class PeriodTotals:
    """Concerns routed and acknowledged, and help-finder use, for any run of whole months (the
    same records as ``figures_for`` counts for a calendar year), by borough id."""

    routed: dict[int, int]
    acknowledged: dict[int, int]
    use: dict[int, int]


def totals_between(start: date, end: date) -> PeriodTotals:
    london = set(Borough.objects.filter(region="London").values_list("pk", flat=True))
    routed: dict[int, int] = {}
    acknowledged: dict[int, int] = {}
    for row in (
        concerns_between(start, end)
        .filter(borough_id__in=london)
        .order_by()
        .values("borough_id")
        .annotate(n=DbCount("id"), acked=DbCount("acknowledged_at"))
    ):
        routed[row["borough_id"]] = row["n"]
        acknowledged[row["borough_id"]] = row["acked"]
    use = {
        row["borough_id"]: int(row["n"] or 0)
        for row in uses_between(start, end).order_by().values("borough_id").annotate(n=Sum("count"))
    }
    return PeriodTotals(routed, acknowledged, use)


def figures_for(year: int, *, public: bool) -> Figures:
    months = months_of(year)
    month_index = {m: i for i, m in enumerate(months)}
    month_labels = [date_format(m, "F Y") for m in months]
    boroughs = list(Borough.objects.filter(region="London").order_by("name"))
    borough_index = {b.pk: i for i, b in enumerate(boroughs)}
    borough_labels = [b.name for b in boroughs]
    worries = list(Worry)
    worry_index = {w.value: i for i, w in enumerate(worries)}
    worry_labels = [str(w.label) for w in worries]

    concerns = concerns_between(date(year, 1, 1), date(year + 1, 1, 1))
    routed: Counter[tuple[int, int]] = Counter()  # (borough, month)
    acknowledged: Counter[tuple[int, int]] = Counter()
    rows = (
        concerns.annotate(m=TruncMonth("submitted_at"))
        .values("borough_id", "m")
        .annotate(n=DbCount("id"), acked=DbCount("acknowledged_at"))
    )
    for row in rows:
        b, m = borough_index.get(row["borough_id"]), month_index.get(_month_key(row["m"]))
        if b is None or m is None:
            continue
        routed[(b, m)] += row["n"]
        acknowledged[(b, m)] += row["acked"]

    by_month: dict[tuple[int, int], int] = {}
    by_borough: dict[tuple[int, int], int] = {}
    for (b, m), n in routed.items():
        by_month[(m, 0)] = by_month.get((m, 0), 0) + n
        by_borough[(b, 0)] = by_borough.get((b, 0), 0) + n
    for (b, m), n in acknowledged.items():
        by_month[(m, 1)] = by_month.get((m, 1), 0) + n
        by_borough[(b, 1)] = by_borough.get((b, 1), 0) + n
    concern_columns = [_("Concerns routed"), _("Of these, acknowledged by the borough team")]

    use_month: dict[tuple[int, int], int] = {}
    use_borough: dict[tuple[int, int], int] = {}
    uses = (
        uses_between(date(year, 1, 1), date(year + 1, 1, 1))
        .values("month", "borough_id", "worry")
        .annotate(n=Sum("count"))
    )
    for use in uses:
        w = worry_index.get(use["worry"])
        m = month_index.get(use["month"])
        b = borough_index.get(use["borough_id"])
        if w is None:
            continue
        if m is not None:
            use_month[(m, w)] = use_month.get((m, w), 0) + use["n"]
        if b is not None:
            use_borough[(b, w)] = use_borough.get((b, w), 0) + use["n"]

    return Figures(
        year=year,
        public=public,
        months=months,
        concerns_by_month=cross_table(
            "concerns-by-month",
            _("Concerns routed to borough teams, by month"),
            _("Month"),
            month_labels,
            concern_columns,
            by_month,
            suppress=public,
            row_totals=False,
        ),
        concerns_by_borough=cross_table(
            "concerns-by-borough",
            _("Concerns routed to borough teams, by borough"),
            _("Borough"),
            borough_labels,
            concern_columns,
            by_borough,
            suppress=public,
            row_totals=False,
        ),
        concerns_by_borough_and_month=cross_table(
            "concerns-by-borough-and-month",
            _("Concerns routed, by borough and month"),
            _("Borough"),
            borough_labels,
            month_labels,
            dict(routed),
            suppress=public,
        ),
        use_by_month=cross_table(
            "help-finder-by-month",
            _("Help finder use, by month and kind of worry"),
            _("Month"),
            month_labels,
            worry_labels,
            use_month,
            suppress=public,
        ),
        use_by_borough=cross_table(
            "help-finder-by-borough",
            _("Help finder use, by borough and kind of worry"),
            _("Borough"),
            borough_labels,
            worry_labels,
            use_borough,
            suppress=public,
        ),
        generated_at=timezone.now(),
    )


def years_available(today: date | None = None) -> list[int]:
    today = today or timezone.localdate()
    return list(range(today.year, FIRST_YEAR - 1, -1))
