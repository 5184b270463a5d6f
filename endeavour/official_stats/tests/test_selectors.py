"""London against England and Wales: counts, bases, shares, suppression, versions."""

from __future__ import annotations

import pytest

from endeavour.official_stats import charts
from endeavour.official_stats.selectors import (
    london_share_by_year,
    london_vs_england_and_wales,
)
from endeavour.official_stats.tests import factories

pytestmark = pytest.mark.django_db


def _row(section, category):  # type: ignore[no-untyped-def]
    return next(row for row in section.rows if row.category == category)


def test_no_publication_no_comparison() -> None:
    assert london_vs_england_and_wales(2025) is None


def test_counts_shares_and_bases_as_staff_see_them() -> None:
    factories.publication()
    comparison = london_vs_england_and_wales(2025, public=False)
    assert comparison is not None
    ideology = comparison.get("ideology")
    assert ideology is not None
    assert (
        ideology.london_label == "London"
        and ideology.england_and_wales_label == "England and Wales"
    )
    islamist = _row(ideology, "Islamist")
    assert (islamist.london.value, islamist.england_and_wales.value) == (180, 1120)
    # 180 of London's published total 885 = 20.3%; 1,120 of 7,695 = 14.6%.
    assert islamist.london_share.text == "180 of 885 (20%)"
    assert islamist.england_and_wales_share.text == "1,120 of 7,695 (15%)"
    assert islamist.london_of_england_and_wales.text == "180 of 1,120 (16%)"
    assert ideology.london_base is not None and "published 'Total'" in ideology.london_base.source
    other = _row(ideology, "Other [note 2]")
    assert other.london.value is None and other.london.text == "[c]"
    assert other.london_share.percent is None
    conflicted = _row(ideology, "Conflicted")
    assert conflicted.london.text == "3"  # staff see it as published
    assert comparison.london_of_all is not None
    assert comparison.london_of_all.text == "885 of 7,695 (12%)"


def test_public_comparison_suppresses_small_counts_and_one_more() -> None:
    factories.publication()
    comparison = london_vs_england_and_wales(2025)
    assert comparison is not None and comparison.public
    ideology = comparison.get("ideology")
    assert ideology is not None
    conflicted = _row(ideology, "Conflicted")
    assert conflicted.london.text == "fewer than 5" and conflicted.london_share.percent is None
    # Secondary suppression: one more London count is hidden, so 3 cannot be worked out
    # from the total (the [c] cell is unknown to the reader, but the rule holds regardless).
    hidden = [row.category for row in ideology.rows if row.london.withheld]
    assert len(hidden) >= 2
    assert all(row.london.value != 3 or row.london.withheld for row in ideology.rows)


def test_outcome_table_with_no_london_figures() -> None:
    factories.publication()
    comparison = london_vs_england_and_wales(2025)
    assert comparison is not None
    outcome = comparison.get("outcome")
    assert outcome is not None and outcome.london_label == ""
    total = _row(outcome, "Total [note 3]")
    assert total.is_total and total.england_and_wales.value == 7695


def test_the_newest_version_is_current() -> None:
    factories.publication()
    newer = factories.publication()
    comparison = london_vs_england_and_wales(2025)
    assert comparison is not None and comparison.publication == newer


def test_each_year_keeps_its_own_categories_and_the_chart_carries_the_table() -> None:
    sheets_2016 = [
        (
            "T1",
            [
                ["Type of concern", "London", "England and Wales"],
                ["Islamist", 300, 2000],
                ["Right wing", 40, 500],
                ["Total", 340, 2500],
            ],
        ),
    ]
    factories.publication(
        sheets_2016,
        year=2016,
        table_mappings=factories.mappings([("ideology", "category", "region")], year=2016),
    )
    factories.publication()
    old = london_vs_england_and_wales(2016)
    assert old is not None and old.get("ideology") is not None
    assert [r.category for r in old.get("ideology").rows] == ["Islamist", "Right wing", "Total"]  # type: ignore[union-attr]
    shares = london_share_by_year()
    assert [(s.year, s.share.text if s.share else "") for s in shares] == [
        (2016, "340 of 2,500 (14%)"),
        (2025, "885 of 7,695 (12%)"),
    ]
    svg = charts.comparison_chart(old.get("ideology"))  # type: ignore[arg-type]
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "Islamist: London" in svg and "300 of 340 (88%)" in svg
    assert "Right wing: England and Wales" in svg
    assert "<script" not in svg and "style=" not in svg


def test_the_chart_for_the_annual_report() -> None:
    factories.publication()
    comparison = london_vs_england_and_wales(2025)
    assert comparison is not None
    svg = charts.london_vs_england_and_wales_chart(comparison, "sector", chart_id="report-sector")
    assert svg is not None and 'id="report-sector-title"' in svg
    assert "Education: London" in svg and "310 of 885 (35%)" in svg
    assert charts.london_vs_england_and_wales_chart(comparison, "nonsense") is None
