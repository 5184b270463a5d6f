from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from endeavour.core import services
from endeavour.core.models import Role

pytestmark = pytest.mark.django_db


def test_partner_token_authenticates_and_is_stored_as_a_digest(staff_user: Any) -> None:
    partner = staff_user(Role.ANALYST)
    token, secret = services.api_token_create(user=partner, reason="Partner onboarding")
    assert secret not in token.digest
    response = Client().get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 200
    assert response.json()["username"] == partner.username and response.json()["roles"] == [
        "analyst"
    ]


def test_api_writes_by_token_are_attributed_to_the_token_holder(staff_user: Any) -> None:
    from endeavour.audit.models import AuditAction, AuditEvent

    auditor = staff_user(Role.AUDITOR)
    _, secret = services.api_token_create(user=auditor, reason="test")
    Client().get(reverse("api-audit-event-list"), HTTP_AUTHORIZATION=f"Token {secret}")
    token_event = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="knox.authtoken")
    assert token_event.reason == "test"


def test_revoked_and_bad_tokens_get_the_error_shape(staff_user: Any) -> None:
    partner = staff_user(Role.ANALYST)
    token, secret = services.api_token_create(user=partner, reason="x")
    services.api_token_revoke(token=token, reason="Partnership ended")
    response = Client().get(reverse("api-me"), HTTP_AUTHORIZATION=f"Token {secret}")
    assert response.status_code == 401
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == "authentication_failed"


def test_anonymous_callers_are_told_to_authenticate() -> None:
    body = Client().get(reverse("api-me")).json()
    assert body["error"]["code"] in {"not_authenticated", "permission_denied"}
    assert body["error"]["message"]


def test_unknown_endpoints_and_objects_answer_in_the_error_shape(client_as: Any) -> None:
    client = client_as(Role.ANALYST)
    missing = client.get("/api/v1/no-such-thing/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    gone = client.get(reverse("api-organisation-detail", args=[999999]))
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"


def test_validation_errors_name_the_field(client_as: Any) -> None:
    client = client_as(Role.ANALYST)
    response = client.get(reverse("api-organisation-list"), {"type": "castle"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "type" in error["fields"] and "type" in error["message"]


def test_boroughs_are_served_with_gss_codes(client_as: Any) -> None:
    boroughs = client_as(Role.PROGRAMME_OFFICER).get(reverse("api-borough-list")).json()
    assert len(boroughs) == 33
    assert {"gss_code": "E09000001", "name": "City of London", "region": "London"} in boroughs


def test_openapi_schema_lists_every_endpoint() -> None:
    response = Client().get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Endeavour API"
    for path in [
        "/api/v1/me/",
        "/api/v1/boroughs/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/audit-events/",
        "/api/v1/jobs/{id}/",
    ]:
        assert path in schema["paths"], path
    docs = Client().get(reverse("api-docs"))
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_method_not_allowed_uses_the_error_shape(client_as: Any) -> None:
    response = client_as(Role.ANALYST).post(
        reverse("api-borough-list"), {}, content_type="application/json"
    )
    assert response.status_code in (403, 405)
    assert "error" in response.json()
