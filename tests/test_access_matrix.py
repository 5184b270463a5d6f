"""Every URL and API endpoint, for every role and for the public: allowed or denied as written here.

The table is written by hand, apart from the rules in each app's permissions.py, so that a change
to a rule that widens access shows up as a failing test. A URL missing from the table fails too.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from knox.models import AuthToken

from conftest import make_staff, sign_in
from endeavour.core.access import is_api_view, rule_of
from endeavour.core.models import Organisation, Role, User
from endeavour.jobs.models import JobRun
from tests.access_rules import collect, roles

ANON = roles.ANON
EVERYONE = roles.EVERYONE
EXPECTED, ANSWERS_NOT_FOUND, _kwargs_builders = collect()


def all_url_names() -> dict[str, Any]:
    """Every named URL pattern outside the admin, with its pattern."""
    found: dict[str, Any] = {}

    def walk(patterns: list[Any], namespace: str = "") -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern):
                assert pattern.name, (
                    f"URL {pattern.pattern} has no name, so it cannot be in the matrix"
                )
                found[f"{namespace}{pattern.name}"] = pattern

    walk(get_resolver().url_patterns)
    return found


def test_every_url_is_in_the_matrix() -> None:
    names = set(all_url_names())
    assert names - set(EXPECTED) == set(), "URLs with no access expectation: add them to EXPECTED"
    assert set(EXPECTED) - names == set(), "EXPECTED names URLs that no longer exist"


def test_every_view_declares_an_access_rule() -> None:
    for name, pattern in all_url_names().items():
        view = pattern.callback
        rule = (
            getattr(getattr(view, "cls", None), "access_rule", None)
            if is_api_view(view)
            else rule_of(view)
        )
        assert rule is not None, f"{name} has no access rule"


def _user_for(role: str) -> User | None:
    if role == ANON:
        return None
    if role == Role.BOROUGH_OFFICER:
        camden = Organisation.objects.get(borough__gss_code="E09000007", type="local_authority")
        return make_staff(role, organisation=camden)
    return make_staff(role)


def _kwargs(name: str, user: User | None, fixtures: dict[str, Any]) -> dict[str, Any]:
    for build in _kwargs_builders:
        kwargs = build(name, user, fixtures)
        if kwargs is not None:
            return kwargs
    return {}


def _is_denied(response: Any) -> bool:
    if response.status_code in (401, 403):
        return True
    return response.status_code == 302 and reverse("core:login") in response["Location"]


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_role_can_reach_exactly_what_the_matrix_says(role: str, db: None) -> None:
    camden = Organisation.objects.get(borough__gss_code="E09000007", type="local_authority")
    person = make_staff(Role.ANALYST)
    token, _ = AuthToken.objects.create(user=person)
    fixtures = {"camden": camden, "person": person, "token": token}
    user = _user_for(role)
    client = sign_in(Client(), user) if user else Client()
    failures = []
    for name in sorted(EXPECTED):
        url = reverse(name, kwargs=_kwargs(name, user, fixtures))
        response = client.get(url)
        assert response.status_code < 500, f"{name} gave {response.status_code} to {role}"
        allowed = role in EXPECTED[name]
        if allowed == _is_denied(response):
            failures.append(
                f"{name} ({url}): expected {'allowed' if allowed else 'denied'}, "
                f"got {response.status_code}"
            )
        elif allowed and response.status_code == 404 and name not in ANSWERS_NOT_FOUND:
            failures.append(f"{name} ({url}): allowed but answered 404")
    assert not failures, f"{role}:\n" + "\n".join(failures)


@pytest.mark.parametrize("role", sorted(EVERYONE))
def test_admin_site_is_for_administrators_only(role: str, db: None) -> None:
    user = _user_for(role)
    client = sign_in(Client(), user) if user else Client()
    for url in [
        "/admin/",
        "/admin/core/borough/",
        "/admin/core/organisation/",
        "/admin/core/organisation/add/",
    ]:
        response = client.get(url, follow=True)
        final = response.redirect_chain[-1][0] if response.redirect_chain else url
        reached = response.status_code == 200 and final == url
        assert reached == (role == Role.ADMINISTRATOR), (
            f"{role} on {url}: {response.status_code} {final}"
        )


def test_a_view_without_a_rule_is_refused(client: Client, db: None, settings: Any) -> None:
    """Deny by default: the middleware refuses a view that declared nothing."""
    from django.http import HttpResponse
    from django.urls import include, path

    def unguarded(request: Any) -> HttpResponse:
        return HttpResponse("should never be seen")

    module = type(
        "urls",
        (),
        {
            "urlpatterns": [
                path("unguarded/", unguarded, name="unguarded"),
                path("", include("config.urls")),
            ]
        },
    )
    settings.ROOT_URLCONF = module
    sign_in(client, make_staff(Role.ADMINISTRATOR))
    assert client.get("/unguarded/").status_code == 403


def test_an_api_view_without_a_rule_is_refused(db: None, settings: Any) -> None:
    from django.urls import include, path
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class Unguarded(APIView):
        def get(self, request: Any) -> Response:
            return Response({"secret": True})

    module = type(
        "urls",
        (),
        {
            "urlpatterns": [
                path("api/unguarded/", Unguarded.as_view()),
                path("", include("config.urls")),
            ]
        },
    )
    settings.ROOT_URLCONF = module
    client = sign_in(Client(), make_staff(Role.ADMINISTRATOR))
    response = client.get("/api/unguarded/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_unknown_ids_and_out_of_scope_ids_look_the_same(db: None) -> None:
    camden_officer = make_staff(
        Role.BOROUGH_OFFICER,
        organisation=Organisation.objects.get(
            borough__gss_code="E09000007", type="local_authority"
        ),
    )
    newham = Organisation.objects.get(borough__gss_code="E09000025", type="local_authority")
    client = sign_in(Client(), camden_officer)
    assert client.get(reverse("core:organisation-detail", args=[newham.pk])).status_code == 404
    assert client.get(reverse("core:organisation-detail", args=[999999])).status_code == 404
    assert client.get(reverse("api-organisation-detail", args=[newham.pk])).status_code == 404
    other_job = JobRun.objects.create(kind="t", title="t", owner=make_staff(Role.ANALYST))
    assert client.get(reverse("jobs:detail", args=[other_job.pk])).status_code == 404
    assert client.get(reverse("jobs:detail", args=[uuid.uuid4()])).status_code == 404
