from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.models import Organisation, Role, User

pytestmark = pytest.mark.django_db


def test_an_administrator_adds_a_person_with_roles(client_as: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)
    camden = Organisation.objects.get(borough__gss_code="E09000007", type="local_authority")
    response = client.post(
        reverse("core:person-create"),
        {
            "username": "bo",
            "first_name": "Bo",
            "last_name": "Officer",
            "email": "bo@camden.example",
            "organisation": camden.pk,
            "job_title": "Prevent lead",
            "roles": [Role.BOROUGH_OFFICER],
            "password": "A-long-unusual-passphrase-41",
        },
    )
    person = User.objects.get(username="bo")
    assert response.status_code == 302 and response["Location"] == person.get_absolute_url()
    assert person.role_codes == {Role.BOROUGH_OFFICER} and person.borough == camden.borough
    assert AuditEvent.objects.filter(
        object_type="core.roleassignment", action=AuditAction.CREATE
    ).exists()


def test_bad_input_names_each_field_and_changes_nothing(client_as: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)
    before = User.objects.count()
    response = client.post(
        reverse("core:person-create"),
        {
            "username": "bad name!",
            "email": "not-an-email",
            "organisation": "999999",
            "roles": ["emperor"],
            "password": "short",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"username", "email", "organisation", "roles"} <= set(errors)
    assert User.objects.count() == before
    assert b"There is a problem" in response.content


def test_a_weak_first_password_is_refused_on_the_form(client_as: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)
    team = Organisation.objects.create(name="Team", type="cve_team")
    response = client.post(
        reverse("core:person-create"),
        {
            "username": "weak",
            "first_name": "W",
            "last_name": "P",
            "email": "w@example.invalid",
            "organisation": team.pk,
            "roles": [Role.ANALYST],
            "password": "password",
        },
    )
    assert response.status_code == 200 and "password" in response.context["form"].errors
    assert not User.objects.filter(username="weak").exists()


def test_a_borough_officer_must_belong_to_a_borough(client_as: Any, staff_user: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)
    person = staff_user(Role.ANALYST)
    response = client.post(
        reverse("core:person-edit", args=[person.pk]),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "a@example.invalid",
            "organisation": person.organisation_id,
            "roles": [Role.BOROUGH_OFFICER],
            "is_active": "on",
            "reason": "Moved team",
        },
    )
    assert response.status_code == 200
    assert "borough" in str(response.context["form"].errors["roles"])
    person.refresh_from_db()
    assert person.role_codes == {Role.ANALYST} and person.first_name == "Test"


def test_role_changes_carry_their_reason_into_the_log(client_as: Any, staff_user: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)
    person = staff_user(Role.ANALYST)
    response = client.post(
        reverse("core:person-edit", args=[person.pk]),
        {
            "first_name": "A",
            "last_name": "B",
            "email": "a@example.invalid",
            "organisation": person.organisation_id,
            "roles": [Role.ANALYST, Role.PROGRAMME_OFFICER],
            "is_active": "on",
            "reason": "Covering the fund",
        },
    )
    assert response.status_code == 302
    change = AuditEvent.objects.get(action=AuditAction.STATE_CHANGE, object_id=str(person.pk))
    assert change.reason == "Covering the fund"
    assert change.after == {"roles": ["analyst", "programme_officer"]}


def test_resetting_two_factor_needs_a_reason(client_as: Any, staff_user: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)
    person = staff_user(Role.SENIOR_ANALYST)
    url = reverse("core:person-two-factor-reset", args=[person.pk])
    client.post(url, {"reason": ""})
    assert TOTPDevice.objects.filter(user=person).exists()
    client.post(url, {"reason": "Lost phone"})
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_borough_officers_see_only_their_borough(client_as: Any) -> None:
    camden = Organisation.objects.get(borough__gss_code="E09000007", type="local_authority")
    Organisation.objects.create(
        name="Camden partner", type="delivery_partner", borough=camden.borough
    )
    client = client_as(Role.BOROUGH_OFFICER, organisation=camden)
    names = [o.name for o in client.get(reverse("core:organisation-list")).context["page_obj"]]
    assert names == ["Camden partner", "London Borough of Camden"]
    api = client.get(reverse("api-organisation-list")).json()
    assert api["count"] == 2


def test_filters_on_the_organisation_list(client_as: Any) -> None:
    client = client_as(Role.ANALYST)
    response = client.get(
        reverse("core:organisation-list"), {"type": "local_authority", "q": "Royal"}
    )
    names = [o.name for o in response.context["page_obj"]]
    assert names == [
        "Royal Borough of Greenwich",
        "Royal Borough of Kensington and Chelsea",
        "Royal Borough of Kingston upon Thames",
    ]
    bad = client.get(reverse("core:organisation-list"), {"type": "castle", "page": "x"})
    assert bad.status_code == 200 and "type" in bad.context["form"].errors
