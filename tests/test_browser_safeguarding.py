"""Issue 9, end to end in a real browser: the help finder shows the right services for a borough in
English and, after switching language with the site's switcher, in Polish; a concern sent with
consent reaches Camden's team only, is acknowledged by a named officer, and its personal details are
gone once the purge period has passed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from endeavour.core.models import Organisation, Role
from endeavour.core.retention import purge_expired
from endeavour.core.tests.factories import UserFactory
from endeavour.safeguarding.models import Concern, Coverage, ServiceKind
from endeavour.safeguarding.tests import factories as f

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Correct-horse-battery-9"
WORDS = "My cousin has started repeating slogans from a violent group's channel."


def signed_in_page(browser: Any, base_url: str, username: str) -> Any:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your work").wait_for()
    return page


def officer(username: str, gss_code: str, first: str, last: str) -> Any:
    council = Organisation.objects.get(borough__gss_code=gss_code, type="local_authority")
    return UserFactory(
        username=username,
        first_name=first,
        last_name=last,
        organisation=council,
        roles=[Role.BOROUGH_OFFICER],
    )


def find_help(page: Any, borough: str, worry: str, button: str) -> str:
    page.get_by_role("combobox").filter(has_text=borough).last.select_option(label=borough)
    page.get_by_role("radio", name=worry).check()
    page.get_by_role("button", name=button).click()
    text: str = page.locator("main").inner_text()
    return text


def test_help_finder_in_two_languages_and_a_concern_routed_acknowledged_and_purged(
    browser_contexts: Any, live_server: Any
) -> None:
    browser, base = browser_contexts, live_server.url
    f.service(
        name="Camden Prevent contact (test)",
        kind=ServiceKind.BOROUGH_CONTACT,
        worries=["drawn_in", "online_material", "myself"],
        description="The council's team for worries about extremism in Camden.",
        description_pl="Zespół rady dzielnicy Camden ds. obaw związanych z ekstremizmem.",
    )
    f.service(
        name="Newham Prevent contact (test)",
        kind=ServiceKind.BOROUGH_CONTACT,
        boroughs=[f.NEWHAM],
        description="The council's team in Newham.",
    )
    f.service(
        name="National advice line (test)",
        kind=ServiceKind.HELPLINE,
        coverage=Coverage.NATIONAL,
        worries=["drawn_in"],
        description="Advice for families and friends.",
    )
    f.routing(f.CAMDEN)
    officer("cara", f.CAMDEN, "Cara", "Camden")
    officer("nina", f.NEWHAM, "Nina", "Newham")

    # 1. The help finder, in English: Camden's services, not Newham's.
    public = browser.new_context(base_url=base).new_page()
    public.set_default_timeout(15_000)
    public.goto("/help/")
    text = find_help(public, "Camden", "Someone is being drawn into extremist views", "Show help")
    assert "Help in Camden" in text
    assert "Camden Prevent contact (test)" in text and "National advice line (test)" in text
    assert "Newham Prevent contact (test)" not in text
    assert "Prevent is voluntary" in text and "0800 789 321" in text

    # 2. The same search in Polish, after switching language as a visitor does.
    polish = browser.new_context(base_url=base).new_page()
    polish.set_default_timeout(15_000)
    polish.goto("/help/")
    polish.locator("#site-language").select_option("pl")
    polish.locator("form[action$='/i18n/setlang/'] button").click()
    polish.get_by_role("heading", name="Martwisz się o kogoś? Znajdź pomoc").wait_for()
    text = find_help(polish, "Camden", "Ktoś ulega poglądom ekstremistycznym", "Pokaż pomoc")
    assert "Pomoc w dzielnicy Camden" in text
    assert "Zespół rady dzielnicy Camden ds. obaw związanych z ekstremizmem." in text
    assert "National advice line (test)" in text and "Newham Prevent contact" not in text
    assert "Prevent jest dobrowolny" in text

    # 3. A concern to Camden's team, sent with consent.
    public.get_by_role("link", name="Send your concern to the Camden Prevent team").click()
    public.get_by_label("What has made you worried?").fill(WORDS)
    public.get_by_label("How do you know the person?").fill("Cousin")
    public.get_by_label("Your name").fill("Robin Reporter")
    public.get_by_label("Your email address").fill("robin@example.invalid")
    public.wait_for_timeout(3_100)  # the form refuses what is sent within 3 seconds
    public.get_by_role("button", name="Send my concern").click()
    public.get_by_text("Tick the box to agree, or we cannot send your concern").first.wait_for()
    assert not Concern.objects.exists()
    public.get_by_label(
        "I agree that my concern and contact details are sent to the Camden"
    ).check()
    public.get_by_role("button", name="Send my concern").click()
    public.get_by_role("heading", name="Your concern has been sent").wait_for()
    concern = Concern.objects.get()
    assert concern.delivery_status == "available"

    # 4. Newham's officer cannot see it, in the list or by its address.
    nina = signed_in_page(browser, base, "nina")
    nina.get_by_role("link", name="Concerns for your borough").first.click()
    assert concern.reference not in nina.locator("main").inner_text()
    response = nina.goto(f"/staff/safeguarding/concerns/{concern.pk}/")
    assert response.status == 404
    assert "Robin Reporter" not in nina.content()

    # 5. Camden's officer reads it and acknowledges it.
    cara = signed_in_page(browser, base, "cara")
    cara.get_by_role("link", name="Concerns for your borough").first.click()
    cara.get_by_role("link", name=concern.reference).click()
    detail = cara.locator("main").inner_text()
    assert "Robin Reporter" in detail and WORDS in detail and "robin@example.invalid" in detail
    cara.get_by_role("button", name="Acknowledge this concern").click()
    cara.get_by_text(f"Concern {concern.reference} is acknowledged.").wait_for()
    assert "by Cara Camden" in cara.locator("main").inner_text()
    concern.refresh_from_db()
    assert concern.delivery_status == "opened" and concern.acknowledged_by_name == "Cara Camden"

    # 6. The purge period passes: the details are gone, the routing record stays.
    Concern.objects.filter(pk=concern.pk).update(
        acknowledged_at=timezone.now() - timedelta(days=31)
    )
    assert purge_expired()["safeguarding.AcknowledgedConcernDetails"] == 1
    cara.reload()
    detail = cara.locator("main").inner_text()
    assert "The sender's details were deleted on" in detail
    for personal in ("Robin Reporter", WORDS, "robin@example.invalid", "Cousin"):
        assert personal not in detail
    assert "Camden" in detail and concern.reference in detail
