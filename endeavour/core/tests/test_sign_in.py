from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.models import Role
from endeavour.core.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "Correct-horse-battery-9"


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_staff_sign_in_and_reach_their_home_page(client: Client) -> None:
    UserFactory(username="ali", roles=[Role.ANALYST])
    response = client.post(
        reverse("core:login"), {"username": "ali", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("core:staff-home")
    assert b"Your work" in response.content


def test_wrong_password_names_the_problem(client: Client) -> None:
    UserFactory(username="ali", roles=[Role.ANALYST])
    response = client.post(reverse("core:login"), {"username": "ali", "password": "nope"})
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content


def test_five_failures_lock_the_account_even_with_the_right_password(client: Client) -> None:
    UserFactory(username="ali", roles=[Role.ANALYST])
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("core:login"), {"username": "ali", "password": "nope"})
    response = client.post(reverse("core:login"), {"username": "ali", "password": PASSWORD})
    assert response.status_code == 429
    assert b"locked" in response.content
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT, object_repr="ali").exists()
    assert "_auth_user_id" not in client.session


def test_one_address_trying_many_accounts_is_slowed_down(client: Client, settings: Any) -> None:
    settings.SIGN_IN_IP_RATE_LIMIT = 3
    for n in range(3):
        client.post(reverse("core:login"), {"username": f"guess{n}", "password": "x"})
    response = client.post(reverse("core:login"), {"username": "guess9", "password": "x"})
    assert response.status_code == 429
    assert b"Too many attempts" in response.content


def test_sessions_end_after_thirty_idle_minutes(client: Client) -> None:
    assert settings.SESSION_COOKIE_AGE == 30 * 60 and settings.SESSION_SAVE_EVERY_REQUEST
    UserFactory(username="ali", roles=[Role.ANALYST])
    client.post(reverse("core:login"), {"username": "ali", "password": PASSWORD})
    assert 29 * 60 < client.session.get_expiry_age() <= 30 * 60


def test_administrator_without_a_device_must_set_one_up_first(client: Client) -> None:
    user = UserFactory(username="ada", roles=[Role.ADMINISTRATOR])
    client.post(reverse("core:login"), {"username": "ada", "password": PASSWORD})
    response = client.get(reverse("core:organisation-list"))
    assert response.status_code == 302 and response["Location"] == reverse("core:two-factor-setup")
    assert client.get(reverse("api-me")).status_code in (401, 403)  # the API refuses it too

    page = client.get(reverse("core:two-factor-setup"))
    assert b"data:image/svg+xml;base64," in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("core:two-factor-setup"), {"token": "000000"})
    assert b"not right" in wrong.content
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttling_failure_count = 0
    device.save()
    ok = client.post(reverse("core:two-factor-setup"), {"token": current_code(device)})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:organisation-list")).status_code == 200


def test_people_with_a_device_enter_a_code_after_their_password(client: Client) -> None:
    user = UserFactory(username="sam", roles=[Role.SENIOR_ANALYST])
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post(reverse("core:login"), {"username": "sam", "password": PASSWORD})
    response = client.get(reverse("core:staff-home"))
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("core:two-factor-verify")
    )
    wrong = client.post(reverse("core:two-factor-verify"), {"token": "12ab"})
    assert b"That code is not right" in wrong.content
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED).count() == 1
    letters = client.post(reverse("core:two-factor-verify"), {"token": "!!"})
    assert b"digits only" in letters.content
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    ok = client.post(
        reverse("core:two-factor-verify"), {"token": current_code(device), "next": "/staff/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/staff/"
    assert client.get(reverse("core:staff-home")).status_code == 200


def test_next_cannot_send_people_to_another_site(client: Client) -> None:
    user = UserFactory(username="sam", roles=[Role.SENIOR_ANALYST])
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.post(reverse("core:login"), {"username": "sam", "password": PASSWORD})
    response = client.post(
        reverse("core:two-factor-verify"),
        {"token": current_code(device), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("core:staff-home")


def test_weak_passwords_are_refused(client: Client) -> None:
    UserFactory(username="ali", roles=[Role.ANALYST])
    client.post(reverse("core:login"), {"username": "ali", "password": PASSWORD})
    response = client.post(
        reverse("core:password-change"),
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["new_password2"]
    assert any("too short" in e for e in errors) and any("too common" in e for e in errors)


def test_sign_out_needs_a_post(client: Client) -> None:
    UserFactory(username="ali", roles=[Role.ANALYST])
    client.post(reverse("core:login"), {"username": "ali", "password": PASSWORD})
    assert client.get(reverse("core:logout")).status_code == 405
    assert client.post(reverse("core:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_backup_code_signs_in_once(client: Client) -> None:
    from endeavour.core import services

    user = UserFactory(username="sam", roles=[Role.SENIOR_ANALYST])
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    codes = services.two_factor_backup_codes_create(user=user)
    assert len(set(codes)) == 10
    client.post(reverse("core:login"), {"username": "sam", "password": PASSWORD})
    ok = client.post(reverse("core:two-factor-verify"), {"token": codes[0]})
    assert ok.status_code == 302
    client.post(reverse("core:logout"))
    client.post(reverse("core:login"), {"username": "sam", "password": PASSWORD})
    again = client.post(reverse("core:two-factor-verify"), {"token": codes[0]})
    assert again.status_code == 200 and b"not right" in again.content


def test_backup_codes_page_makes_codes_for_people_with_an_app(client_as: Any) -> None:
    client = client_as(Role.SENIOR_ANALYST)
    response = client.post(reverse("core:two-factor-backup-codes"))
    assert response.status_code == 200 and len(response.context["codes"]) == 10
    analyst = client_as(Role.ANALYST)
    refused = analyst.post(reverse("core:two-factor-backup-codes"))
    assert refused.status_code == 302 and refused["Location"] == reverse("core:two-factor-setup")


def test_the_api_limits_each_partner(client_as: Any, settings: Any) -> None:
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    SimpleRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "partner": "2/hour"}
    try:
        client = client_as(Role.ANALYST)
        assert client.get(reverse("api-me")).status_code == 200
        assert client.get(reverse("api-me")).status_code == 200
        limited = client.get(reverse("api-me"))
        assert limited.status_code == 429 and limited.json()["error"]["code"] == "throttled"
    finally:
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
