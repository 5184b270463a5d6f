"""Issue 10 (builder A), end to end in a real browser: choose a period and see the overview with
figures that match the records (counted here independently with the ORM), open the borough map,
import an official statistics table, generate the annual report (which includes it), write its
narrative and publish it, and read it as the public."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from endeavour.core.models import Role
from endeavour.core.tests.factories import UserFactory
from tests.test_browser_official_stats import import_statistics

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data", "status_definitions"),
]
PASSWORD = "Correct-horse-battery-9"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def status_definitions(transactional_db: None) -> None:
    import importlib

    from django.apps import apps

    from endeavour.recommendations.models import StatusVocabulary

    if not StatusVocabulary.objects.exists():
        migration = importlib.import_module(
            "endeavour.recommendations.migrations.0002_status_vocabulary_v1"
        )
        migration.load(apps, None)


def expected_figures() -> dict[str, str]:
    """The calendar year 2025's figures, from the records (not from any selector)."""
    from endeavour.incidents.models import IncidentReport
    from endeavour.online.models import Referral
    from endeavour.safeguarding.models import Concern

    lo = datetime.combine(date(2025, 1, 1), time.min, tzinfo=LONDON)
    hi = datetime.combine(date(2026, 1, 1), time.min, tzinfo=LONDON)
    sent = Referral.objects.filter(sent_at__gte=lo, sent_at__lt=hi)
    removed = sent.filter(status="removed", removed_at__isnull=False).count()
    concerns = Concern.objects.filter(submitted_at__gte=lo, submitted_at__lt=hi)
    acknowledged = concerns.filter(acknowledged_at__isnull=False).count()
    incidents = IncidentReport.objects.filter(occurred_on__year=2025)
    return {
        "referrals_sent": str(sent.count()),
        "share_removed": f"{removed} of {sent.count()} referrals removed "
        f"({round(100 * removed / sent.count())}%)",
        "concerns_routed": str(concerns.count()),
        "concerns_acknowledged": f"{acknowledged} of {concerns.count()} concerns acknowledged "
        f"({round(100 * acknowledged / concerns.count())}%)",
        "incidents_reported": str(incidents.count()),
    }


def sign_in(browser: Any, base_url: str, username: str) -> Any:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(20_000)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your work").wait_for()
    return page


def test_overview_map_and_annual_report_from_draft_to_the_public(
    browser_contexts: Any, live_server: Any, tmp_path: Path
) -> None:
    from endeavour.insights.tests import factories

    browser = browser_contexts
    factories.programme(factories.analyst_user())
    UserFactory(
        username="priya", first_name="Priya", last_name="Officer", roles=[Role.PROGRAMME_OFFICER]
    )
    expected = expected_figures()

    page = sign_in(browser, live_server.url, "priya")
    page.get_by_role("link", name="Programme overview").first.click()
    page.get_by_label("Kind of period").select_option("calendar_year")
    page.get_by_label("Year").select_option("2025")
    page.get_by_role("button", name="Show figures").click()
    page.get_by_text("Calendar year 2025: 1 January 2025 to 31 December 2025").wait_for()
    for key, text in expected.items():
        assert page.locator(f'[data-measure="{key}"]').inner_text() == text, key

    page.locator("main").get_by_role("link", name="Borough map", exact=True).click()
    page.get_by_text("Calendar year 2025: 1 January 2025").wait_for()
    page.get_by_label("Measure").select_option("concerns_routed")
    page.get_by_role("button", name="Show figures").click()
    page.get_by_text("Concerns routed to borough teams, by borough: the values as a table").click()
    table = page.locator("#map-concerns_routed-table")
    assert table.get_by_role("row", name="Camden").get_by_role("cell").first.inner_text() == "6"
    assert page.locator("svg[role=img] title", has_text="Camden").count() >= 1

    # The Home Office's table for the year ending March 2026 (made-up test values), which the
    # report for the financial year 2025-26 then includes.
    page.goto("/staff/")
    import_statistics(page, tmp_path, year_ending=2026)

    page.goto("/staff/insights/reports/")
    page.get_by_label("Financial year").select_option("2025")
    page.get_by_role("button", name="Generate the report").click()
    page.get_by_role("link", name="Edit the narrative").click()
    page.get_by_label("Title").fill("Programme report 2025-26")
    page.get_by_label("Narrative: Safeguard vulnerable people").fill(
        "Borough teams acknowledged most concerns within a day."
    )
    page.get_by_role("button", name="Save the narrative").click()
    page.get_by_role("button", name="Publish the report").click()
    page.get_by_text("Published", exact=True).wait_for()

    public = browser.new_context(base_url=live_server.url).new_page()
    public.goto("/insights/reports/")
    public.get_by_role("link", name="Programme report 2025-26").click()
    public.get_by_role("heading", name="Programme report 2025-26").wait_for()
    body = public.locator("main").inner_text()
    assert "Borough teams acknowledged most concerns within a day." in body
    assert "fewer than 5 of 8 concerns acknowledged (percentage not shown)" in body
    assert "Priya Officer" in body
    assert "Prevent referrals by" in body
    islamist = public.get_by_role("row", name="Islamist").get_by_role("cell").all_inner_texts()
    assert islamist[0] == "150" and "1,000" in islamist
    assert (
        public.locator('[data-measure="concerns_routed"]').inner_text()
        == expected["concerns_routed"]
    )
