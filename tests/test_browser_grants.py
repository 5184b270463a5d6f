"""Issue 8, end to end in a real browser: publish a call, apply as an organisation, score as two
assessors, moderate, award, submit a monitoring return, and see the dashboard and the map change."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from endeavour.core.models import Borough, OrganisationType, Role
from endeavour.core.tests.factories import OrganisationFactory, UserFactory
from endeavour.grants.models import Application, Call, Instrument

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Correct-horse-battery-9"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def signed_in_page(browser: Any, base_url: str, username: str) -> Any:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(20_000)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your work").wait_for()
    return page


def camden_reach(page: Any) -> str:
    page.goto("/staff/grants/dashboard/")
    row = page.locator("#map-reach-table tr", has_text="Camden")
    return str(row.locator("td").first.text_content() or "").strip()


def score(page: Any, criteria: list[int], values: list[int], comment: str) -> None:
    page.get_by_role("link", name="Your assessments").first.click()
    page.get_by_role("link", name="Declare any conflict of interest").click()
    page.get_by_label("No: I have no connection").check()
    page.get_by_role("button", name="Make the declaration").click()
    page.get_by_role("heading", name="Your scores").wait_for()
    assert "Youth voices against hate (browser test)" in page.locator("main").inner_text()
    for pk, value in zip(criteria, values, strict=True):
        page.locator(f"#id_score_{pk}_{value}").check()
    page.get_by_label("Comment on Need").fill(comment)
    page.get_by_role("button", name="Save your scores").click()
    page.get_by_text("Your scores for").wait_for()


def test_call_to_award_to_return_changes_the_dashboard_and_map(
    browser_contexts: Any, live_server: Any, tmp_path: Path
) -> None:
    browser = browser_contexts
    base = live_server.url
    UserFactory(
        username="priya", first_name="Priya", last_name="Officer", roles=[Role.PROGRAMME_OFFICER]
    )
    group = OrganisationFactory(
        name="Camden Youth (browser test)",
        type=OrganisationType.DELIVERY_PARTNER,
        borough=Borough.objects.get(gss_code="E09000007"),
    )
    UserFactory(username="cal", organisation=group, roles=[Role.APPLICANT])
    UserFactory(username="asha", first_name="Asha", last_name="One", roles=[Role.ASSESSOR])
    UserFactory(username="ben", first_name="Ben", last_name="Two", roles=[Role.ASSESSOR])
    Instrument.objects.create(name="Belonging scale (browser test)")
    for kind in ("constitution", "safeguarding", "accounts"):
        (tmp_path / f"{kind}.pdf").write_bytes(PDF)
    now = timezone.localtime()

    # 1. The fund manager adds a call with its rubric and publishes it.
    officer = signed_in_page(browser, base, "priya")
    officer.get_by_role("link", name="Fund", exact=True).click()
    officer.get_by_role("link", name="Add a call").click()
    officer.get_by_label("Title").fill("Browser Fund 2026")
    officer.get_by_label("Summary").fill("Community projects against hate.")
    officer.get_by_label("Strengthen communities against extremism").check()
    officer.get_by_label("Budget (pounds)").fill("50000")
    officer.get_by_label("Maximum grant (pounds)").fill("30000")
    officer.get_by_label("Opens").fill((now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    officer.get_by_label("Closes").fill((now + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    officer.get_by_label("Decision date").fill((now + timedelta(days=30)).strftime("%Y-%m-%d"))
    officer.get_by_role("button", name="Add the call").click()
    for name, weight in (("Need", "2"), ("Delivery", "1")):
        officer.get_by_label("Name").fill(name)
        officer.get_by_label("Weight").fill(weight)
        officer.get_by_label("What each score means").fill("None\nWeak\nFair\nGood\nExcellent")
        officer.get_by_role("button", name="Add the criterion").click()
        officer.get_by_text(f"The criterion {name} is added.").wait_for()
    officer.get_by_role("button", name="Publish the call").click()
    officer.get_by_text("Browser Fund 2026 is published.").wait_for()
    call = Call.objects.get(title="Browser Fund 2026")
    criteria = list(call.criteria.values_list("pk", flat=True))
    assert camden_reach(officer) == "No data"

    # 2. The organisation applies: saves, then submits with its three documents.
    applicant = signed_in_page(browser, base, "cal")
    applicant.get_by_role("link", name="Community grant fund: open calls").click()
    applicant.get_by_role("link", name="Browser Fund 2026").click()
    applicant.get_by_role("button", name="Start an application").click()
    applicant.get_by_label("Project title").fill("Youth voices against hate (browser test)")
    applicant.get_by_role("button", name="Save and come back later").click()
    applicant.get_by_text("Your application is saved.").wait_for()
    assert applicant.get_by_label("Project title").input_value() == (
        "Youth voices against hate (browser test)"
    )
    applicant.get_by_label("What will the project do, and for whom?").fill("Workshops.")
    applicant.get_by_label("Strengthen communities against extremism").check()
    applicant.get_by_label("Amount requested (pounds)").fill("25000")
    applicant.get_by_label("Camden", exact=True).check()
    applicant.get_by_label("What kind of organisation are you?").select_option("charity")
    applicant.get_by_label("Annual income in your latest accounts (pounds)").fill("80000")
    applicant.get_by_label("We work in London").check()
    applicant.get_by_label("Constitution or governing document").set_input_files(
        str(tmp_path / "constitution.pdf")
    )
    applicant.get_by_label("Safeguarding policy").set_input_files(
        str(tmp_path / "safeguarding.pdf")
    )
    applicant.locator("#id_accounts").set_input_files(str(tmp_path / "accounts.pdf"))
    applicant.get_by_role("button", name="Save and submit").click()
    applicant.get_by_text("is submitted").wait_for()
    application = Application.objects.get(call=call)
    assert application.status == "submitted"

    # 3. The fund manager assigns two assessors.
    officer.goto(f"/staff/grants/applications/{application.pk}/")
    for person in ("Asha One", "Ben Two"):
        officer.get_by_label("Assign an assessor").select_option(label=person)
        officer.get_by_role("button", name="Assign", exact=True).click()
        officer.get_by_text(f"{person} is asked to assess").wait_for()

    # 4. Each assessor declares no conflict, then scores; their scores diverge.
    score(signed_in_page(browser, base, "asha"), criteria, [4, 4], "Clear need.")
    score(signed_in_page(browser, base, "ben"), criteria, [1, 2], "Thin evidence.")

    # 5. The fund manager moderates, then records the award.
    officer.goto(f"/staff/grants/applications/{application.pk}/")
    officer.get_by_text("The assessors' scores diverge.").wait_for()
    officer.get_by_role("link", name="Moderate the scores").click()
    for pk in criteria:
        officer.locator(f"#id_score_{pk}_3").check()
    officer.get_by_label("Reason for the agreed scores").fill("Agreed at the moderation call.")
    officer.get_by_role("button", name="Record the agreed scores").click()
    officer.get_by_text("The agreed scores are recorded").wait_for()
    officer.get_by_role("link", name="Record the panel's decision").click()
    officer.get_by_role("radio", name="Award").check()
    officer.get_by_label("Amount awarded (pounds)").fill("60000")
    officer.get_by_label("The panel's reasons").fill("A strong plan.")
    officer.get_by_role("button", name="Record the decision").click()
    officer.get_by_text("cannot be more than the £25,000 requested").first.wait_for()
    officer.get_by_label("Amount awarded (pounds)").fill("25000")
    officer.get_by_role("button", name="Record the decision").click()
    officer.get_by_text("The panel's decision is recorded.").wait_for()
    officer.goto("/staff/grants/dashboard/")
    assert "Camden: £25,000" in officer.content()
    assert camden_reach(officer) == "No data"

    # 6. The organisation sends its first monitoring return.
    applicant.get_by_role("link", name="Your applications and grants").first.click()
    applicant.get_by_role("link", name="Return for").first.click()
    applicant.get_by_label("Activities delivered in the period").fill("5")
    applicant.get_by_label("Participants reached in the period (a count)").fill("30")
    applicant.get_by_label("Age: 16 to 24").fill("30")
    applicant.get_by_label("Gender: Woman or girl").fill("30")
    applicant.get_by_label("Ethnic group: Not known").fill("30")
    applicant.get_by_label("Participants in Camden").fill("30")
    applicant.get_by_label("Measure 1: instrument").select_option(
        label="Belonging scale (browser test)"
    )
    applicant.get_by_label("Measure 1: people who answered (n)").fill("20")
    applicant.get_by_label("Measure 1: mean before").fill("2.5")
    applicant.get_by_label("Measure 1: mean after").fill("3.5")
    applicant.get_by_role("button", name="Submit the return").click()
    applicant.get_by_text("Your monitoring return is submitted.").wait_for()

    # 7. The dashboard and the map change.
    assert camden_reach(officer) == "30"
    dashboard = officer.locator("main").inner_text()
    assert "Belonging scale (browser test)" in dashboard
    assert "+1.00" in dashboard
    title = officer.locator('[data-map="map-reach"] g[data-gss="E09000007"] title')
    assert title.text_content() == "Camden: 30"
