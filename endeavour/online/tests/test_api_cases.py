from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from endeavour.core.models import Role
from endeavour.online.tests.builders import referred_case
from endeavour.online.tests.factories import submit

pytestmark = pytest.mark.django_db


def test_case_status_and_referrals_by_api(client_as: Any) -> None:
    case = referred_case(send=True)
    other = submit(url="https://example.org/other", source="public_report").case
    client = client_as(Role.AUDITOR)
    listed = client.get(reverse("api-online-case-list"), {"status": "referred"}).json()
    assert [row["reference"] for row in listed["results"]] == [case.reference]
    assert listed["results"][0]["priority"] == (
        listed["results"][0]["priority_tier_part"]
        + listed["results"][0]["priority_confidence_part"]
    )
    detail = client.get(reverse("api-online-case-detail", args=[other.reference])).json()
    assert detail["status"] == "new" and detail["signals"][0]["kind"] == "public_report"
    referral = case.referrals.get()
    body = client.get(reverse("api-online-referral-detail", args=[referral.reference])).json()
    assert body["case"] == case.reference and body["status"] == "sent"
    assert body["notice_json"]["reference"] == referral.reference
    assert client.get(reverse("api-online-referral-list")).json()["count"] == 1


def test_case_api_validates_filters_and_scope(client_as: Any) -> None:
    bad = client_as(Role.ANALYST).get(reverse("api-online-case-list"), {"tier": "tier9"})
    assert bad.status_code == 400 and "tier" in bad.json()["error"]["fields"]
    assert client_as(Role.PROGRAMME_OFFICER).get(reverse("api-online-case-list")).status_code == 403
    assert Client().get(reverse("api-online-case-list")).status_code in (401, 403)


def test_the_schema_lists_the_online_api() -> None:
    schema = (
        Client().get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    for path in [
        "/api/v1/online/items/",
        "/api/v1/online/items/{reference}/",
        "/api/v1/online/cases/",
        "/api/v1/online/cases/{reference}/",
        "/api/v1/online/referrals/",
        "/api/v1/online/referrals/{reference}/",
        "/api/v1/online/figures/",
    ]:
        assert path in schema["paths"], path
