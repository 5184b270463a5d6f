"""Issue 9 (builder A), end to end in a real browser: an anonymous hate incident report with an
online link, through the "Report or get help" front door, appears in the reports officer's triage
queue and its link in the online-content queue; the language switcher turns the public pages into
Polish and back; a script typed into the report never runs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from endeavour.core.models import Role
from endeavour.core.tests.factories import UserFactory
from endeavour.incidents.models import IncidentReport
from endeavour.online.models import Case

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Correct-horse-battery-9"
LINK = "https://social.example/posts/98765"
SCRIPT = "<script>window.__pwned = 1; alert('x')</script>"


def signed_in_page(browser: Any, base_url: str, username: str) -> Any:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your work").wait_for()
    return page


def test_anonymous_report_reaches_triage_and_its_link_the_online_queue(
    browser_contexts: Any, live_server: Any, settings: Any
) -> None:
    settings.ONLINE_CAPTURE_IN_REQUEST = False  # the link is not fetched in this test
    browser = browser_contexts
    UserFactory(
        username="rhea", first_name="Rhea", last_name="Reports", roles=[Role.REPORTS_OFFICER]
    )
    UserFactory(username="ali", roles=[Role.ANALYST])
    base = live_server.url
    dialogs: list[str] = []

    # 1. A member of the public, no account, from the header link through the front door.
    public = browser.new_context(base_url=base).new_page()
    public.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    public.goto("/")
    public.get_by_role("link", name="Report or get help").first.click()
    public.get_by_role("heading", name="Report or get help", level=1).wait_for()
    assert "call 999" in public.locator("main").inner_text()
    public.get_by_role("link", name="Report a hate incident").click()
    public.get_by_role("radio", name="Online abuse").check()
    public.get_by_label("Anti-Muslim").check()
    public.get_by_label("Antisemitic").check()
    yesterday = timezone.localdate() - timedelta(days=1)
    public.get_by_label("When did it happen?").fill(yesterday.isoformat())
    public.get_by_role("radio", name="Online only").check()
    public.get_by_label("Tell us what happened").fill(f"Hateful replies under my post. {SCRIPT}")
    public.get_by_label("Web addresses").fill(LINK)
    public.wait_for_timeout(3200)  # the form refuses submissions faster than a person could type
    public.get_by_role("button", name="Send report").click()
    public.get_by_role("heading", name="Thank you for your report").wait_for()
    report = IncidentReport.objects.get()
    assert report.reference in public.locator("main").inner_text()
    assert not hasattr(report, "contact")  # anonymous
    case_reference = report.links.get().online_case_reference

    # 2. The reports officer finds it in triage, borough-level, with its online case.
    officer = signed_in_page(browser, base, "rhea")
    officer.goto("/staff/incidents/")
    row = officer.get_by_role("row").filter(has_text=report.reference)
    assert "Online only" in row.inner_text() and case_reference in row.inner_text()
    row.get_by_role("link", name=report.reference).click()
    assert LINK in officer.locator("main").inner_text()
    officer.get_by_role("link", name="Record a triage decision").click()
    officer.get_by_role("radio", name="Verified", exact=True).check()
    officer.get_by_label("Severity").select_option("2")
    officer.get_by_label("Note").fill("Screenshots match the posts.")
    officer.get_by_role("button", name="Record decision").click()
    officer.get_by_text(f"Your decision on {report.reference} is recorded.").wait_for()
    history = officer.get_by_role("table", name="Every decision, oldest first, with who made it")
    assert "Rhea Reports" in history.inner_text()
    assert "Screenshots match the posts." in history.inner_text()

    # 3. The analyst sees the link, and only the link, in the online-content queue.
    analyst = signed_in_page(browser, base, "ali")
    analyst.goto("/staff/online/queue/")
    analyst.get_by_role("row").filter(has_text=case_reference).get_by_role(
        "link", name=case_reference
    ).click()
    case_page = analyst.locator("main").inner_text()
    assert LINK in case_page and "Hateful replies" not in case_page
    assert Case.objects.get(reference=case_reference).item.url == LINK
    assert analyst.goto(report.get_absolute_url()).status == 403  # not the report itself

    # 4. The language switcher: the front door in Polish, then back in English.
    public.goto("/report-or-get-help/")
    public.get_by_label("Language").select_option("pl")
    public.get_by_role("button", name="Change language").click()
    public.get_by_role("heading", name="Zgłoś lub uzyskaj pomoc", level=1).wait_for()
    assert public.locator("html").get_attribute("lang") == "pl"
    assert "dzwoń pod 999" in public.locator("main").inner_text()
    public.get_by_label("Język").select_option("en-gb")
    public.get_by_role("button", name="Zmień język").click()
    public.get_by_role("heading", name="Report or get help", level=1).wait_for()

    # The script typed into the report never ran anywhere it was shown.
    assert dialogs == []
    assert officer.evaluate("window.__pwned") is None
