"""What a person does in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from endeavour.core.models import Organisation, Role
from endeavour.core.tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Correct-horse-battery-9"


def sign_in(page: Any, username: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Staff sign in").click()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_sign_in_navigate_and_sign_out(page: Any) -> None:
    UserFactory(username="ali", roles=[Role.ANALYST])
    sign_in(page, "ali")
    assert page.get_by_role("heading", level=1).inner_text() == "Your work"
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name="Organisations").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Organisations"
    page.get_by_label("Name contains").fill("Camden")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="London Borough of Camden").click()
    assert "E09000007" in page.content()
    assert (
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").count()
        == 0
    )
    page.get_by_role("button", name="Sign out").click()
    assert page.get_by_text("You have signed out.").is_visible()
    page.goto("/staff/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign in"


def test_the_skip_link_is_the_first_thing_keyboard_users_reach(page: Any) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_administrator_signs_in_with_a_code_and_exports_the_audit_log(page: Any) -> None:
    admin = UserFactory(username="ada", roles=[Role.ADMINISTRATOR])
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(page, "ada")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Your work"
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    page.get_by_role("button", name="Export these events as CSV").click()
    page.get_by_role("link", name="Download audit-log.csv").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download audit-log.csv").click()
    assert download.value.suggested_filename == "audit-log.csv"


def test_a_form_error_is_announced_and_linked_to_its_field(page: Any) -> None:
    admin = UserFactory(username="ada", roles=[Role.ADMINISTRATOR])
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    sign_in(page, "ada")
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page.get_by_label("Code from your authenticator app").fill(code)
    page.get_by_role("button", name="Continue").click()
    page.goto("/staff/people/add/")
    page.get_by_label("Email").fill("not an email")
    page.get_by_role("button", name="Save").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    summary.get_by_role("link", name="Email address: Enter a valid email address.").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert Organisation.objects.filter(name__contains="sample").count() == 0
