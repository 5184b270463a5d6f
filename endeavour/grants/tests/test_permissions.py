"""Who sees what, through the pages and the API: applicants only their own organisation's records;
assessors only what is assigned to them, never after declaring a conflict; auditors read only;
the public only awarded grants of published calls."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_staff, sign_in
from endeavour.core.models import Role
from endeavour.grants.models import Grant
from endeavour.grants.services.assessment import declaration_record
from endeavour.grants.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def fund() -> dict[str, Any]:
    call = f.call()
    ours, theirs = f.organisation(name="Our group"), f.organisation(name="Their group")
    our_grant = f.awarded_grant(ours, call)
    their_grant = f.awarded_grant(theirs, call)
    return {
        "call": call,
        "ours": ours,
        "our_grant": our_grant,
        "their_grant": their_grant,
        "me": f.applicant(ours),
    }


def url(name: str, pk: int) -> str:
    return reverse(f"grants:{name}", args=[pk])


def test_applicants_see_only_their_own_organisations_records(fund: dict[str, Any]) -> None:
    client = sign_in(Client(), fund["me"])
    ours, theirs = fund["our_grant"], fund["their_grant"]
    for name, mine, other in [
        ("application-detail", ours.application.pk, theirs.application.pk),
        ("decision-letter", ours.application.pk, theirs.application.pk),
        ("my-grant", ours.pk, theirs.pk),
        ("my-return", ours.returns.first().pk, theirs.returns.first().pk),
        (
            "attachment",
            ours.application.attachments.first().pk,
            theirs.application.attachments.first().pk,
        ),
    ]:
        assert client.get(url(name, mine)).status_code == 200, name
        assert client.get(url(name, other)).status_code == 404, name
        assert client.get(url(name, 999_999)).status_code == 404, name
    home = client.get(reverse("grants:my-applications")).content.decode()
    assert ours.reference in home and theirs.reference not in home
    assert client.post(url("my-grant", theirs.pk)).status_code == 404
    assert (
        client.get(reverse("grants:staff-application", args=[ours.application.pk])).status_code
        == 403
    )
    assert client.get(reverse("api-grants-application-list")).status_code == 403


def test_an_applicant_without_an_organisation_sees_nothing(fund: dict[str, Any]) -> None:
    loner = make_staff(Role.APPLICANT, organisation=None)
    client = sign_in(Client(), loner)
    assert client.get(reverse("grants:my-applications")).status_code == 403


def test_assessors_see_only_their_assignments_and_never_after_a_conflict(
    fund: dict[str, Any],
) -> None:
    app = f.application(fund["call"], f.organisation())
    other = f.application(fund["call"], f.organisation())
    me = f.assessor()
    pending = f.assign(app, me, declare=False)
    client = sign_in(Client(), me)
    # Before the declaration, the content is not shown: the score page sends them to declare.
    response = client.get(url("assess", pending.pk))
    assert response.status_code == 302 and response["Location"] == url("declare", pending.pk)
    declare_page = client.get(url("declare", pending.pk)).content.decode()
    assert app.summary not in declare_page
    attachment = app.attachments.first()
    assert client.get(url("attachment", attachment.pk)).status_code == 404
    # Someone else's assignment, and an application never assigned to them.
    theirs = f.assign(other)
    assert client.get(url("assess", theirs.pk)).status_code == 404
    assert client.get(url("declare", theirs.pk)).status_code == 404
    assert client.get(url("attachment", other.attachments.first().pk)).status_code == 404
    # No conflict: they may read and score it.
    response = client.post(url("declare", pending.pk), {"conflict": "no"})
    assert response.status_code == 302
    assert app.summary in client.get(url("assess", pending.pk)).content.decode()
    assert client.get(url("attachment", attachment.pk)).status_code == 200
    # A conflict removes them for good.
    second = f.application(fund["call"], f.organisation())
    conflicted = f.assign(second, me, declare=False)
    declaration_record(assignment=conflicted, conflict=True, note="I am a trustee")
    for name in ("assess", "declare"):
        assert client.get(url(name, conflicted.pk)).status_code == 404
    assert client.get(url("attachment", second.attachments.first().pk)).status_code == 404
    listing = client.get(reverse("grants:my-assessments")).content.decode()
    assert second.reference not in listing and app.reference in listing
    # Assessors are not staff.
    assert client.get(reverse("grants:fund-home")).status_code == 403
    assert client.get(url("staff-application", app.pk)).status_code == 403


def test_auditors_read_everything_and_change_nothing(fund: dict[str, Any]) -> None:
    auditor = sign_in(Client(), make_staff(Role.AUDITOR))
    grant = fund["our_grant"]
    assert auditor.get(url("staff-application", grant.application.pk)).status_code == 200
    assert auditor.get(url("staff-grant", grant.pk)).status_code == 200
    assert auditor.get(url("decision-letter", grant.application.pk)).status_code == 200
    assert auditor.get(reverse("api-grants-application-list")).status_code == 200
    before = Grant.objects.get(pk=grant.pk).amount
    assert auditor.post(url("variation", grant.pk), {"amount": 1, "reason": "x"}).status_code == 403
    assert auditor.post(url("call-detail", fund["call"].pk), {"name": "X"}).status_code == 403
    assert auditor.post(url("staff-return", grant.returns.first().pk)).status_code == 403
    assert Grant.objects.get(pk=grant.pk).amount == before


def test_the_public_sees_only_awarded_grants_of_published_calls(fund: dict[str, Any]) -> None:
    hidden_call = f.call()
    hidden = f.awarded_grant(f.organisation(name="Hidden group"), hidden_call).application
    type(hidden_call).objects.filter(pk=hidden_call.pk).update(is_published=False)
    declined = f.scored(f.application(fund["call"], f.organisation(name="Declined group")))
    from endeavour.grants.services.assessment import decision_record

    decision_record(application=declined, outcome="decline", reasons="No.", by=f.officer())
    page = Client().get(reverse("grants:funded")).content.decode()
    assert "Our group" in page and "Their group" in page
    assert "Declined group" not in page and "Hidden group" not in page
    api = Client().get(reverse("api-grants-funded")).json()
    assert {g["organisation"] for g in api["grants"]} == {"Our group", "Their group"}
    assert Client().get(url("public-call", hidden_call.pk)).status_code == 404
    assert hidden.reference not in str(Client().get(reverse("api-grants-call-list")).json())
