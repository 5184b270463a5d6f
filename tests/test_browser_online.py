"""Issue 3, end to end in a real browser: public report to takedown, re-upload, dispute, figures."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from endeavour.core.models import Role
from endeavour.core.tests.factories import UserFactory
from endeavour.online.models import Case, Referral, SignalKind
from endeavour.online.tests.factories import PlatformFactory, png_bytes
from tests.localsite import LocalSite

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Correct-horse-battery-9"


def person(username: str, role: str) -> Any:
    user = UserFactory(username=username, roles=[role])
    if user.needs_two_factor:
        TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return user


def signed_in_page(browser: Any, base_url: str, username: str) -> Any:
    page = browser.new_context(base_url=base_url, accept_downloads=True).new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
    if device is not None:
        code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
        page.get_by_label("Code from your authenticator app").fill(code)
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("heading", name="Your work").wait_for()
    return page


def public_report(browser: Any, base_url: str, url: str, image: Path) -> None:
    page = browser.new_context(base_url=base_url).new_page()
    page.goto("/report/")
    page.get_by_label("Web address of what you saw").fill(url)
    page.get_by_label("What did you see?").fill("A video praising an attack.")
    page.locator("input[type=file]").first.set_input_files(str(image))
    page.wait_for_timeout(3200)  # the form refuses submissions faster than a person could type
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Thank you for your report").wait_for()
    page.context.close()


def decide_refer(page: Any, case_reference: str) -> None:
    page.get_by_role("button", name="Take this case for 15 minutes").click()
    page.get_by_label("Refer for removal").check()
    page.get_by_label("Tier", exact=True).select_option("tier3")
    page.get_by_label("Ideology category").select_option("islamist")
    page.get_by_label("Policy clause (for a referral)").select_option(
        label="T3 Proscribed-organisation propaganda"
    )
    page.get_by_label("Proscribed organisation (Tier 3)").select_option(
        label="Islamic State of Iraq and the Levant"
    )
    page.get_by_label("Legal basis (for a referral)").select_option("tact2006_s2")
    page.get_by_label("Reason").fill("Official propaganda video of a proscribed organisation.")
    page.get_by_role("button", name="Record decision").click()
    page.get_by_text("You can undo it for 0 seconds").wait_for()
    page.reload()  # the undo period (set to 0 here) is over; the decision takes effect


def test_report_to_takedown_then_reupload_and_dispute(
    browser_contexts: Any, live_server: Any, local_site: LocalSite, settings: Any, tmp_path: Path
) -> None:
    settings.ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = True
    settings.ONLINE_UNDO_SECONDS = 0
    browser = browser_contexts

    PlatformFactory(name="Local video site", domains=["127.0.0.1"])
    for username, role in [
        ("ali", Role.ANALYST),
        ("sam", Role.SENIOR_ANALYST),
        ("sue", Role.SENIOR_ANALYST),
    ]:
        person(username, role)
    image = tmp_path / "still.png"
    image.write_bytes(png_bytes(42))
    base = live_server.url
    video_url = local_site.set("/video/1", body=b"<title>Video</title><p>An attack video.</p>")

    # 1. A member of the public reports it.
    public_report(browser, base, video_url, image)
    case = Case.objects.get()
    assert case.item.captures.get().http_status == 200  # captured from the local site

    # 2. The case is in the analyst's queue, untriaged, with both parts of its priority.
    analyst = signed_in_page(browser, base, "ali")
    analyst.goto("/staff/online/queue/")
    row = analyst.get_by_role("row").filter(has_text=case.reference)
    assert "Not yet triaged" in row.inner_text()
    assert "180 = 150 tier + 30 confidence" in row.inner_text()
    row.get_by_role("link", name=case.reference).click()

    # 3. First decision, then a different senior analyst's second review.
    decide_refer(analyst, case.reference)
    assert "Awaiting second review" in analyst.content()
    senior = signed_in_page(browser, base, "sam")
    senior.goto(case.get_absolute_url())
    decide_refer(senior, case.reference)
    referral = Referral.objects.get()
    senior.get_by_role("link", name=referral.reference).click()

    # 4. The referral notice, sent through the platform's web form.
    assert f"Referral {referral.reference}" in senior.locator("pre.notice-text").inner_text()
    senior.get_by_label("Sent by").select_option("web_form")
    senior.get_by_role("button", name="Record as sent").click()
    senior.get_by_text("recorded as sent").wait_for()

    # 5. The platform takes it down; the outcome check sees it gone.
    local_site.remove("/video/1", status=410)
    senior.get_by_role("button", name="Check now whether it is still up").click()
    senior.get_by_text("Checked: Removed by the platform.").wait_for()

    # 6. The figures: one referral, 100% removed, with its time to removal (staff see unsuppressed).
    senior.goto("/transparency/")
    figures = senior.locator("main").inner_text()
    assert re.search(r"1 of 1 \(100(\.0)?%\)", figures), figures[:3000]
    assert "Median" in figures or "median" in figures

    # 7. The same image, posted again elsewhere, is caught as a re-upload.
    copy_url = local_site.set("/copy/9", body=b"<p>copy</p>")
    public_report(browser, base, copy_url, image)
    copy_case = Case.objects.exclude(pk=case.pk).get()
    assert copy_case.signals.filter(kind=SignalKind.REUPLOAD).exists()
    analyst.goto("/staff/online/queue/")
    analyst.get_by_role("row").filter(has_text=copy_case.reference).get_by_text(
        "Re-upload"
    ).wait_for()

    # 8. The platform disputes the referral; a senior analyst who took no part overturns it.
    platform = browser.new_context(base_url=base).new_page()
    platform.goto("/disputes/")
    platform.get_by_label("Referral reference").fill(referral.reference)
    platform.get_by_label("The platform that received the referral").check()
    platform.get_by_label("Why is the referral wrong?").fill(
        "This is a news report about the attack."
    )
    platform.get_by_role("button", name="Send the dispute").click()
    platform.get_by_role("heading", name="Thank you: we have your dispute").wait_for()
    reviewer = signed_in_page(browser, base, "sue")
    reviewer.goto("/staff/online/disputes/")
    reviewer.get_by_role("link", name=re.compile(r"DSP-")).click()
    reviewer.get_by_label("Overturn the referral").check()
    reviewer.get_by_label("Reason").fill("On review, this is news reporting.")
    reviewer.get_by_role("button", name="Record the outcome").click()
    reviewer.get_by_text("Referral overturned").first.wait_for()
    reviewer.goto("/transparency/")
    figures = reviewer.locator("main").inner_text()
    assert re.search(r"[Oo]verturn", figures)
    referral.refresh_from_db()
    assert referral.status == "withdrawn"
