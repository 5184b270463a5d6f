"""The partner API: submit items, see their status, within a daily quota per organisation."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from endeavour.core.models import OrganisationType, Role, User
from endeavour.core.tests.factories import OrganisationFactory, UserFactory
from endeavour.online.models import Item, ItemFile, Source, Submission
from endeavour.online.tests.factories import png_bytes, submit

pytestmark = pytest.mark.django_db

SUBMIT = "api-online-item-submit"


def partner(name: str = "Safer Streets Trust") -> User:
    organisation = OrganisationFactory(name=name, type=OrganisationType.DELIVERY_PARTNER)
    user: User = UserFactory(organisation=organisation)
    return user


def token_client(user: User) -> Client:
    _, token = AuthToken.objects.create(user=user)
    return Client(HTTP_AUTHORIZATION=f"Token {token}")


def test_a_partner_submits_an_item_and_learns_its_case(db: None) -> None:
    user = partner()
    client = token_client(user)
    response = client.post(
        reverse(SUBMIT),
        {"url": "https://videoshare.example/watch/1", "text": "words", "note": "from our team"},
        content_type="application/json",
    )
    assert response.status_code == 201
    item = Item.objects.get()
    assert response.json() == {
        "item": item.reference,
        "case": item.case.reference,
        "status": "new",
        "new": True,
    }
    submission = Submission.objects.get()
    assert (submission.source, submission.partner, submission.submitted_by) == (
        Source.PARTNER,
        user.organisation,
        user,
    )
    again = client.post(
        reverse(SUBMIT),
        {"url": "https://videoshare.example/watch/1?utm_source=feed"},
        content_type="application/json",
    )
    assert again.status_code == 201 and again.json()["new"] is False
    assert again.json()["item"] == item.reference and Item.objects.count() == 1


def test_validation_errors_have_the_api_shape_and_name_the_field(db: None) -> None:
    client = token_client(partner())
    bad = client.post(
        reverse(SUBMIT), {"url": "ftp://x.example/a"}, content_type="application/json"
    )
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert error["code"] == "invalid" and "url" in error["message"]
    assert error["fields"] == {"url": ["Only http and https web addresses can be reported."]}
    missing = client.post(reverse(SUBMIT), {"note": "no url"}, content_type="application/json")
    assert set(missing.json()["error"]["fields"]) == {"url"}
    broken = client.post(reverse(SUBMIT), "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "parse_error"
    assert Item.objects.count() == 0


def test_files_can_be_sent_as_multipart_and_bad_ones_are_named(db: None) -> None:
    client = token_client(partner())
    good = client.post(
        reverse(SUBMIT),
        {
            "url": "https://videoshare.example/watch/2",
            "files": [SimpleUploadedFile("shot.png", png_bytes(3), content_type="image/png")],
        },
    )
    assert good.status_code == 201 and ItemFile.objects.get().original_name == "shot.png"
    bad = client.post(
        reverse(SUBMIT),
        {
            "url": "https://videoshare.example/watch/3",
            "files": [SimpleUploadedFile("fake.pdf", b"hello", content_type="application/pdf")],
        },
    )
    assert bad.status_code == 400
    (message,) = bad.json()["error"]["fields"]["files"]
    assert message.startswith("fake.pdf: not a PDF, video or image we can read")
    assert Item.objects.count() == 1


def test_each_organisation_has_a_daily_quota(db: None, settings: Any) -> None:
    settings.ONLINE_PARTNER_DAILY_QUOTA = "2/day"
    first = partner()
    colleague = UserFactory(organisation=first.organisation)
    client = token_client(first)
    for n in range(2):
        response = client.post(
            reverse(SUBMIT), {"url": f"https://a.example/{n}"}, content_type="application/json"
        )
        assert response.status_code == 201
    refused = token_client(colleague).post(
        reverse(SUBMIT), {"url": "https://a.example/2"}, content_type="application/json"
    )
    assert refused.status_code == 429 and refused.json()["error"]["code"] == "throttled"
    item = Item.objects.first()
    assert item is not None
    detail = client.get(reverse("api-online-item-detail", args=[item.reference]))
    assert detail.status_code == 200  # reading status does not use the quota
    other = token_client(partner("Another Partner"))
    assert (
        other.post(
            reverse(SUBMIT), {"url": "https://a.example/3"}, content_type="application/json"
        ).status_code
        == 201
    )


def test_partners_see_only_items_they_submitted_and_analysts_see_all(client_as: Any) -> None:
    mine, theirs = partner("Partner One"), partner("Partner Two")
    token_client(mine).post(
        reverse(SUBMIT), {"url": "https://a.example/mine"}, content_type="application/json"
    )
    own = Item.objects.get()
    found_by_analyst = submit(url="https://a.example/analyst", source="analyst").item
    client = token_client(mine)
    response = client.get(reverse("api-online-item-detail", args=[own.reference]))
    assert response.status_code == 200
    assert response.json() == {
        "item": own.reference,
        "case": own.case.reference,
        "status": "received",
        "status_label": "Received",
        "url": "https://a.example/mine",
        "created_at": response.json()["created_at"],
    }
    assert (
        client.get(reverse("api-online-item-detail", args=[found_by_analyst.reference])).status_code
        == 404
    )
    assert (
        client.get(reverse("api-online-item-detail", args=["ITM-1999-000001"])).status_code == 404
    )
    other = token_client(theirs).get(reverse("api-online-item-detail", args=[own.reference]))
    assert other.status_code == 404 and other.json()["error"]["code"] == "not_found"
    for role in (Role.ANALYST, Role.SENIOR_ANALYST, Role.AUDITOR):
        seen = client_as(role).get(reverse("api-online-item-detail", args=[own.reference]))
        assert seen.status_code == 200, role


def test_the_partner_api_needs_a_signed_in_person(db: None) -> None:
    anonymous = Client()
    response = anonymous.post(
        reverse(SUBMIT), {"url": "https://a.example/1"}, content_type="application/json"
    )
    assert response.status_code in (401, 403)
    assert "error" in response.json()
    assert Item.objects.count() == 0
