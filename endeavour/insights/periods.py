"""The periods figures are given for: a calendar year, a financial year (April to March, as the
programme and the Home Office report), a calendar quarter, or a custom run of whole months.

Periods are whole months because help-finder use is only ever counted by month; every other
measure could take any dates, but one period must mean the same records for every measure.
Dates are London dates: a period runs from the start of its first day to the start of the day
after its last (``end_exclusive``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from django.utils import timezone

Kind = Literal["calendar_year", "financial_year", "quarter", "custom"]
KINDS: tuple[tuple[Kind, str], ...] = (
    ("financial_year", "Financial year (April to March)"),
    ("calendar_year", "Calendar year"),
    ("quarter", "Quarter"),
    ("custom", "Custom months"),
)
FIRST_YEAR = 2016
TREND_POINTS = {"calendar_year": 3, "financial_year": 3, "quarter": 4, "custom": 3}


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: Kind
    start: date  # first day
    end: date  # last day (inclusive)

    @property
    def end_exclusive(self) -> date:
        return self.end + timedelta(days=1)

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def label(self) -> str:
        if self.kind == "financial_year":
            return f"Financial year {self.start.year}-{str(self.start.year + 1)[2:]}"
        if self.kind == "calendar_year":
            return f"Calendar year {self.start.year}"
        if self.kind == "quarter":
            return f"{self.start:%B} to {self.end:%B %Y}"
        if self.months == 1:
            return f"{self.start:%B %Y}"
        return f"{self.start:%B %Y} to {self.end:%B %Y}"

    @property
    def short_label(self) -> str:
        if self.kind == "financial_year":
            return f"{self.start.year}-{str(self.start.year + 1)[2:]}"
        if self.kind == "calendar_year":
            return str(self.start.year)
        if self.kind == "quarter":
            return f"{self.start:%b}-{self.end:%b %Y}"
        return f"{self.start:%b %Y}-{self.end:%b %Y}"

    @property
    def dates_text(self) -> str:
        return f"{self.start.day} {self.start:%B %Y} to {self.end.day} {self.end:%B %Y}"

    def query(self) -> dict[str, str]:
        """The GET parameters that choose this period again."""
        if self.kind == "custom":
            return {
                "kind": "custom",
                "start": f"{self.start:%Y-%m}",
                "end": f"{self.end:%Y-%m}",
            }
        if self.kind == "quarter":
            return {"kind": "quarter", "year": str(self.start.year), "quarter": str(self.quarter)}
        return {"kind": self.kind, "year": str(self.start.year)}

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    def previous(self) -> Period:
        """The period of the same kind and length just before this one."""
        start = add_months(self.start, -self.months)
        return months_period(self.kind, start, self.months)

    def trend(self) -> list[Period]:
        """This period and those before it, oldest first (3 years, 4 quarters, 3 custom)."""
        periods = [self]
        for _ in range(TREND_POINTS[self.kind] - 1):
            periods.insert(0, periods[0].previous())
        return periods


def months_period(kind: Kind, start: date, months: int) -> Period:
    return Period(kind, start, add_months(start, months) - timedelta(days=1))


def calendar_year(year: int) -> Period:
    return Period("calendar_year", date(year, 1, 1), date(year, 12, 31))


def financial_year(year: int) -> Period:
    """The financial year starting on 1 April ``year``."""
    return Period("financial_year", date(year, 4, 1), date(year + 1, 3, 31))


def quarter(year: int, number: int) -> Period:
    return months_period("quarter", date(year, 3 * (number - 1) + 1, 1), 3)


def custom(first_month: date, last_month: date) -> Period:
    start = first_month.replace(day=1)
    return Period("custom", start, add_months(last_month, 1) - timedelta(days=1))


def current_financial_year(today: date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= 4 else today.year - 1


def default_period(today: date | None = None) -> Period:
    return financial_year(current_financial_year(today))
