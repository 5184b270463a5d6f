"""Periods: financial and calendar years, quarters, custom months, and their trends."""

from __future__ import annotations

from datetime import date

from endeavour.insights import periods


def test_financial_year_runs_april_to_march() -> None:
    year = periods.financial_year(2025)
    assert (year.start, year.end, year.end_exclusive) == (
        date(2025, 4, 1),
        date(2026, 3, 31),
        date(2026, 4, 1),
    )
    assert year.label == "Financial year 2025-26"
    assert year.months == 12


def test_trend_is_the_period_and_those_before_it() -> None:
    years = periods.financial_year(2025).trend()
    assert [p.short_label for p in years] == ["2023-24", "2024-25", "2025-26"]
    quarters = periods.quarter(2025, 1).trend()
    assert [p.start for p in quarters] == [
        date(2024, 4, 1),
        date(2024, 7, 1),
        date(2024, 10, 1),
        date(2025, 1, 1),
    ]
    assert quarters[-1].label == "January to March 2025"
    custom = periods.custom(date(2025, 11, 1), date(2026, 2, 1))
    assert (custom.months, custom.end) == (4, date(2026, 2, 28))
    assert custom.previous() == periods.Period("custom", date(2025, 7, 1), date(2025, 10, 31))


def test_the_query_chooses_the_period_again() -> None:
    from endeavour.insights.forms import PeriodForm

    for period in (
        periods.financial_year(2024),
        periods.calendar_year(2024),
        periods.quarter(2024, 3),
        periods.custom(date(2024, 2, 1), date(2024, 5, 1)),
    ):
        assert PeriodForm(period.query()).period() == period


def test_the_current_financial_year_turns_in_april() -> None:
    assert periods.current_financial_year(date(2026, 3, 31)) == 2025
    assert periods.current_financial_year(date(2026, 4, 1)) == 2026
