"""Bad input anywhere gets a clear 4xx or a form error, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_staff, sign_in
from endeavour.core.models import Organisation, Role
from tests.test_access_matrix import ANON, EVERYONE, EXPECTED

GARBAGE = {
    "username": "x" * 500,
    "password": "\x00",
    "token": "'; DROP TABLE--",
    "email": "@@",
    "organisation": "-1",
    "roles": ["nope"],
    "reason": "",
    "date_from": "31/31/31",
    "date_to": "0000-00-00",
    "type": "[]",
    "borough": "abc",
    "page": "-9",
    "user": "🙂",
    "q": "%" * 300,
    "action": "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace"),
    "next": "javascript:alert(1)",
    "object_id": "1" * 200,
}
ODD_IDS = {
    "reference": "REF-0000-'\"<x>",
    "pk": 2**62,
    "token_key": "..%00'\"<x>",
    "rest": "..%2f..%2f",
}


def _url(name: str) -> str | None:
    from django.urls import NoReverseMatch

    for kwargs in (
        {},
        {"pk": ODD_IDS["pk"]},
        {"token_key": ODD_IDS["token_key"]},
        {"rest": ODD_IDS["rest"]},
        {"reference": ODD_IDS["reference"]},
        {"year": 2025},
        {"year": 2025, "dimension": "no-such-dimension"},
        {"uidb64": ODD_IDS["token_key"], "token": ODD_IDS["token_key"]},
    ):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    if name.startswith("jobs:") or name == "api-job-detail":
        return reverse(name, kwargs={"pk": "00000000-0000-0000-0000-000000000000"})
    return None


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_garbage_never_causes_a_server_error(role: str, db: None) -> None:
    client = Client(enforce_csrf_checks=False)
    if role != ANON:
        kwargs = {}
        if role == Role.BOROUGH_OFFICER:
            kwargs["organisation"] = Organisation.objects.get(
                borough__gss_code="E09000007", type="local_authority"
            )
        sign_in(client, make_staff(role, **kwargs))
    for name in sorted(EXPECTED):
        url = _url(name)
        assert url is not None, name
        for response in (
            client.get(url, GARBAGE),
            client.post(url, GARBAGE),
            client.post(url, "{not json", content_type="application/json"),
        ):
            assert response.status_code < 500, f"{role} {name} {url}: {response.status_code}"
