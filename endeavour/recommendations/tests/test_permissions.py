"""Who may do what, through the pages: owners update only their own items, programme officers
manage all, auditors read only, and the public sees published items and published fields only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_staff, sign_in
from endeavour.core.models import Role
from endeavour.recommendations import permissions
from endeavour.recommendations.models import Recommendation
from endeavour.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db

SECRET_NOTE = "Internal note: the draft is with the minister."
LEAD_NAME = "Lorna Leadofficer"


@pytest.fixture
def tracker() -> dict[str, Any]:
    published = f.source(published=True, title="Published review")
    unpublished = f.source(published=False, title="Internal exercise")
    police, fire = f.organisation("Police (test)"), f.organisation("Fire (test)")
    lead = make_staff(
        Role.ANALYST, organisation=f.organisation(), first_name="Lorna", last_name="Leadofficer"
    )
    mine = f.recommendation(published, owners=[police], reference="1", lead_officer=lead)
    theirs = f.recommendation(published, owners=[fire], reference="2")
    hidden = f.recommendation(
        published,
        owners=[police],
        reference="S3",
        is_public=False,
        withheld_reason="Operational detail XYZ",
    )
    internal = f.recommendation(unpublished, owners=[police], reference="1")
    action = f.recommendation(published, owners=[fire], reference="1.1", parent=mine)
    f.record(mine, "implemented", date(2018, 1, 5), note=SECRET_NOTE, public_summary="Done.")
    return {
        "published": published,
        "unpublished": unpublished,
        "mine": mine,
        "theirs": theirs,
        "hidden": hidden,
        "internal": internal,
        "action": action,
        "police_officer": make_staff(Role.BOROUGH_OFFICER, organisation=police),
        "lead": lead,
    }


def url(name: str, item: Any) -> str:
    return reverse(f"recommendations:{name}", args=[item.pk])


def status_post(client: Client, item: Any, code: str = "in_progress") -> Any:
    return client.post(
        url("status-update", item),
        {
            "status": code,
            "effective_date": "2018-02-01",
            "note": "Work has begun.",
            "evidence_url": "https://evidence.example/2",
        },
    )


def test_owners_see_and_update_only_their_own_items(tracker: dict[str, Any]) -> None:
    client = sign_in(Client(), tracker["police_officer"])
    for item in (tracker["mine"], tracker["hidden"], tracker["internal"]):
        assert client.get(url("recommendation-detail", item)).status_code == 200
        assert status_post(client, item).status_code == 302
    # The action under their recommendation: visible, but owned by the fire service.
    assert client.get(url("recommendation-detail", tracker["action"])).status_code == 200
    assert status_post(client, tracker["action"]).status_code == 403
    # Someone else's recommendation: as if it did not exist.
    assert client.get(url("recommendation-detail", tracker["theirs"])).status_code == 404
    assert status_post(client, tracker["theirs"]).status_code == 404
    assert tracker["theirs"].status_changes.count() == 1
    # Owners do not manage the tracker.
    assert client.get(url("recommendation-edit", tracker["mine"])).status_code == 403
    assert client.get(url("source-detail", tracker["published"])).status_code == 403


def test_owners_cannot_verify_their_own_work(tracker: dict[str, Any]) -> None:
    client = sign_in(Client(), tracker["police_officer"])
    response = status_post(client, tracker["mine"], "implemented_verified")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_named_lead_officer_is_an_owner(tracker: dict[str, Any]) -> None:
    client = sign_in(Client(), tracker["lead"])
    assert status_post(client, tracker["mine"]).status_code == 302
    assert status_post(client, tracker["theirs"]).status_code == 404


def test_my_items_lists_only_the_owners_open_items(tracker: dict[str, Any]) -> None:
    client = sign_in(Client(), tracker["police_officer"])
    page = client.get(reverse("recommendations:my-items")).content.decode()
    assert "Recommendation S3" in page and "Recommendation 1<" in page.replace("</a>", "<")
    assert "Recommendation 2" not in page


def test_programme_officers_manage_everything(tracker: dict[str, Any]) -> None:
    client = sign_in(Client(), f.officer())
    for item in (tracker["theirs"], tracker["internal"], tracker["action"]):
        assert status_post(client, item).status_code == 302
    response = status_post(client, tracker["theirs"], "implemented_verified")
    assert response.status_code == 302
    assert client.get(url("recommendation-edit", tracker["theirs"])).status_code == 200
    assert client.get(url("source-detail", tracker["unpublished"])).status_code == 200
    assert client.get(reverse("recommendations:source-create")).status_code == 200


def test_auditors_read_everything_and_change_nothing(tracker: dict[str, Any]) -> None:
    police = tracker["mine"].owner_organisations.first()
    auditor = make_staff(Role.AUDITOR, organisation=police)  # even in an owner organisation
    client = sign_in(Client(), auditor)
    for item in (tracker["theirs"], tracker["internal"], tracker["mine"]):
        assert client.get(url("recommendation-detail", item)).status_code == 200
    assert client.get(url("source-detail", tracker["unpublished"])).status_code == 200
    assert client.get(reverse("recommendations:recommendation-list")).status_code == 200
    for name in ("status-update", "response-update", "link-add"):
        assert client.get(url(name, tracker["mine"])).status_code == 403, name
    assert status_post(client, tracker["mine"]).status_code == 403
    assert client.get(url("recommendation-edit", tracker["mine"])).status_code == 403
    assert client.get(reverse("recommendations:source-create")).status_code == 403
    detail = client.get(url("recommendation-detail", tracker["mine"])).content.decode()
    assert "Update the status" not in detail and SECRET_NOTE in detail


def test_the_public_sees_published_items_and_published_fields_only(
    client: Client, tracker: dict[str, Any]
) -> None:
    source_page = client.get(url("public-source", tracker["published"]))
    assert source_page.status_code == 200
    page = source_page.content.decode()
    assert tracker["mine"].text in page
    assert f">{tracker['hidden'].reference}<" not in page  # withheld: counted, not listed
    assert "1 of the 3 recommendations counted here is not listed" in page
    for secret in (SECRET_NOTE, LEAD_NAME, "Operational detail XYZ", "evidence.example"):
        assert secret not in page, secret
    detail = client.get(url("public-recommendation", tracker["mine"])).content.decode()
    assert "Done." in detail  # the public summary
    for secret in (SECRET_NOTE, LEAD_NAME, "evidence.example", "recorded by"):
        assert secret not in detail, secret
    assert client.get(url("public-recommendation", tracker["hidden"])).status_code == 404
    assert client.get(url("public-recommendation", tracker["internal"])).status_code == 404
    assert client.get(url("public-source", tracker["unpublished"])).status_code == 404
    index = client.get(reverse("recommendations:public-index")).content.decode()
    assert "Published review" in index and "Internal exercise" not in index


def test_staff_pages_send_the_public_to_sign_in(client: Client, tracker: dict[str, Any]) -> None:
    response = client.get(url("recommendation-detail", tracker["mine"]))
    assert response.status_code == 302 and reverse("core:login") in response["Location"]


def test_scopes() -> None:
    item = f.recommendation()
    owner = f.owner_of(item)
    stranger = make_staff(Role.BOROUGH_OFFICER, organisation=f.organisation())
    everything = Recommendation.objects.all()
    assert list(permissions.scope_recommendations(owner, everything)) == [item]
    assert not permissions.scope_recommendations(stranger, everything).exists()
    assert permissions.may_update(owner, item) and not permissions.may_update(stranger, item)
