"""The same measure gives the same number on the module's own figures, the overview, the map and
the annual report, for the same period; and the numbers match the records."""

from __future__ import annotations

from datetime import date

import pytest

from endeavour.grants.selectors.figures import fund_figures
from endeavour.incidents.selectors.trends import calendar_year as incident_year
from endeavour.incidents.selectors.trends import incident_trends
from endeavour.insights import measures as registry
from endeavour.insights.measures import Sources
from endeavour.insights.selectors import borough_map, overview, report_snapshot
from endeavour.insights.tests import factories
from endeavour.insights.tests.factories import CALENDAR, CAMDEN, FINANCIAL, NEWHAM, YEAR
from endeavour.online.selectors.figures import transparency_figures
from endeavour.recommendations.models import Recommendation
from endeavour.recommendations.selectors.figures import load_history
from endeavour.safeguarding.selectors.figures import figures_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme() -> None:
    factories.programme(factories.analyst_user())


def values(period: object, *, public: bool = False) -> dict[str, object]:
    found = overview(period, public=public)
    return {view.measure.key: view.figure for view in found.measure_views}


def test_overview_matches_each_modules_own_selector(programme: None) -> None:
    figures = values(CALENDAR)
    online = transparency_figures(CALENDAR.start, CALENDAR.end, suppress=False)
    assert figures["referrals_sent"].value == online.measure("referrals_sent").value.value == 7
    share = online.measure("share_removed").value
    assert (
        (figures["share_removed"].numerator, figures["share_removed"].denominator)
        == (
            share.numerator.value,
            share.denominator.value,
        )
        == (5, 7)
    )
    assert figures["share_removed"].text == "5 of 7 referrals removed (71%)"
    assert (
        figures["median_hours_to_removal"].value
        == online.measure("median_hours_to_removal").value.value
        == 6
    )
    assert figures["p90_hours_to_removal"].value == 10
    overturned = online.measure("overturn_rate").value
    assert (
        (figures["disputes_overturned"].numerator, figures["disputes_overturned"].denominator)
        == (
            overturned.numerator.value,
            overturned.denominator.value,
        )
        == (1, 6)
    )

    safeguarding = figures_for(YEAR, public=False)
    routed, acknowledged = safeguarding.concerns_by_month.column_totals
    assert figures["concerns_routed"].value == routed.n == 8
    assert figures["concerns_acknowledged"].numerator == acknowledged.n == 4
    assert figures["help_finder_use"].value == safeguarding.use_by_month.total.n == 15

    fund = fund_figures(public=False, starting=(CALENDAR.start, CALENDAR.end_exclusive))
    assert figures["grants_awarded"].value == fund.projects == 2
    assert figures["grant_money"].value == fund.amount
    assert figures["grant_reach"].value == fund.participants == 70

    trends = incident_trends(incident_year(YEAR), suppress=False)
    assert figures["incidents_reported"].value == trends.total.n == 8
    assert figures["incidents_verified"].numerator == trends.verified_total.n == 3

    history = load_history(Recommendation.objects.all()).figure(date(YEAR, 12, 31))
    implemented = figures["recommendations_implemented"]
    assert (
        (implemented.numerator, implemented.denominator)
        == (
            history.implemented,
            history.total,
        )
        == (2, 3)
    )


def test_figures_match_the_records_counted_independently(programme: None) -> None:
    from endeavour.incidents.models import IncidentReport
    from endeavour.online.models import Referral
    from endeavour.safeguarding.models import Concern

    figures = values(FINANCIAL)
    lo, hi = factories.at(FINANCIAL.start, 0), factories.at(FINANCIAL.end_exclusive, 0)
    assert (
        figures["referrals_sent"].value
        == Referral.objects.filter(sent_at__gte=lo, sent_at__lt=hi).count()
    )
    assert (
        figures["concerns_routed"].value
        == Concern.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi).count()
    )
    assert (
        figures["incidents_reported"].value
        == IncidentReport.objects.filter(
            occurred_on__gte=FINANCIAL.start, occurred_on__lte=FINANCIAL.end
        ).count()
    )


def test_a_period_without_the_records_counts_nothing(programme: None) -> None:
    figures = values(CALENDAR.previous())
    assert figures["referrals_sent"].value == 1
    assert figures["concerns_routed"].value == 0
    assert figures["grants_awarded"].value == 0


@pytest.mark.parametrize("public", [False, True])
def test_map_totals_equal_the_overview_where_additive(programme: None, public: bool) -> None:
    figures = values(CALENDAR, public=public)
    for measure in registry.measures(public=public, with_borough=True):
        found = borough_map(measure, CALENDAR, public=public)
        assert found.total == figures[measure.key], measure.key
        if measure.additive and not public:
            assert found.borough_sum == pytest.approx(found.total.value), measure.key
    staff = borough_map(registry.get("concerns_routed"), CALENDAR, public=False)
    assert staff.figures[CAMDEN].value == 6
    assert staff.figures[NEWHAM].value == 2


def test_public_figures_withhold_small_counts(programme: None) -> None:
    public = borough_map(registry.get("concerns_routed"), CALENDAR, public=True)
    assert public.figures[NEWHAM].suppressed
    assert public.figures[NEWHAM].text == "fewer than 5"
    # Camden's 6 would give Newham's 2 away from the total of 8: withheld too.
    assert public.figures[CAMDEN].suppressed
    assert "Fewer than 5" in public.map.svg
    assert "6" not in [entry.text for entry in public.map.rows]
    figures = values(CALENDAR, public=True)
    assert figures["concerns_routed"].text == "8"
    assert figures["concerns_acknowledged"].text == (
        "fewer than 5 of 8 concerns acknowledged (percentage not shown)"
    )
    assert figures["disputes_overturned"].suppressed


def test_the_report_snapshot_is_the_public_overview(programme: None) -> None:
    snapshot = report_snapshot(FINANCIAL)
    public = values(FINANCIAL, public=True)
    stored = {m["key"]: m["figure"] for aim in snapshot["aims"] for m in aim["measures"]}
    assert set(stored) == set(public)
    for key, figure in public.items():
        assert stored[key] == figure.as_dict(), key


def test_borough_overview_has_only_borough_measures(programme: None) -> None:
    from endeavour.core.models import Borough

    camden = Borough.objects.get(gss_code=CAMDEN)
    found = overview(CALENDAR, public=False, borough=camden)
    keys = {view.measure.key for view in found.measure_views}
    assert keys == {m.key for m in registry.measures(with_borough=True)}
    assert found.view("concerns_routed").figure.value == 6
    assert found.view("incidents_reported").figure.value == 6
    assert found.view("incidents_verified").figure.numerator == 3


def test_each_module_is_read_once_per_period() -> None:
    sources = Sources(public=False)
    calls = []
    sources._get("x", CALENDAR, lambda: calls.append(1))
    sources._get("x", CALENDAR, lambda: calls.append(1))
    assert calls == [1]
