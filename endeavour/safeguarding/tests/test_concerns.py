"""Concern routing through HTTP and services: consent, minimum data, delivery by channel,
borough scoping, acknowledgement, purge, and bad input."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail, signing
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import sign_in
from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.retention import purge_expired
from endeavour.safeguarding import models as sg_models
from endeavour.safeguarding.forms.public import TIMESTAMP_SALT
from endeavour.safeguarding.models import Channel, Concern, ConcernDetails, DeliveryStatus
from endeavour.safeguarding.services.concerns import concern_acknowledge
from endeavour.safeguarding.tasks import retry_due_deliveries
from endeavour.safeguarding.tests import factories as f

pytestmark = pytest.mark.django_db
FORM = reverse("safeguarding:concern-form")


def form_data(**overrides: Any) -> dict[str, Any]:
    return {
        "worry": "drawn_in",
        "description": "My brother keeps repeating things from a violent group's videos.",
        "relationship": "Sister",
        "sender_name": "Alex Example",
        "contact_email": "alex@example.invalid",
        "contact_phone": "",
        "consent": "on",
        "website": "",
        "started": signing.dumps({"t": time.time() - 60}, salt=TIMESTAMP_SALT),
        **overrides,
    }


def post(client: Client, gss: str = f.CAMDEN, **overrides: Any) -> Any:
    return client.post(f"{FORM}?borough={gss}", form_data(**overrides))


def test_without_consent_nothing_is_sent_or_kept(client: Client) -> None:
    f.routing()
    response = post(client, consent="")
    assert response.status_code == 400
    assert "Tick the box to agree, or we cannot send your concern" in response.content.decode()
    assert not Concern.objects.exists() and not ConcernDetails.objects.exists()
    assert len(mail.outbox) == 0


def test_the_consent_names_the_borough_team(client: Client) -> None:
    f.routing()
    page = client.get(f"{FORM}?borough={f.CAMDEN}&worry=online_material").content.decode()
    assert "I agree that my concern and contact details are sent to the Camden Prevent team" in page
    assert re.search(r'value="online_material"[^>]*checked', page)


def test_a_concern_for_a_secure_download_borough_waits_in_endeavour(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    f.routing(f.CAMDEN, Channel.SECURE_DOWNLOAD)
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client)
    assert response.status_code == 302
    assert reverse("safeguarding:concern-sent") in response["Location"]
    concern = Concern.objects.get()
    assert concern.delivery_status == DeliveryStatus.AVAILABLE
    assert concern.borough.gss_code == f.CAMDEN and concern.worry == "drawn_in"
    assert concern.details.sender_name == "Alex Example"
    assert len(mail.outbox) == 0


def test_the_email_channel_sends_a_notice_without_personal_details(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    f.routing(f.NEWHAM, Channel.EMAIL_NOTICE, "prevent@newham.example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, f.NEWHAM)
    concern = Concern.objects.get()
    assert concern.delivery_status == DeliveryStatus.SENT and concern.delivered_at
    (email,) = mail.outbox
    assert email.to == ["prevent@newham.example.invalid"]
    body = email.subject + email.body
    assert concern.reference in body
    assert reverse("safeguarding:concern-detail", args=[concern.pk]) in body
    for personal in ("Alex Example", "alex@example.invalid", "Sister", "brother"):
        assert personal not in body


def test_a_failed_email_is_retried_with_back_off_until_it_goes(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    f.routing(f.NEWHAM, Channel.EMAIL_NOTICE)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    with django_capture_on_commit_callbacks(execute=True):
        concern = f.concern(f.NEWHAM)
    concern.refresh_from_db()
    assert concern.delivery_status == DeliveryStatus.FAILED
    assert concern.delivery_attempts == 1 and concern.last_error
    assert concern.next_attempt_at and concern.next_attempt_at > timezone.now()
    assert retry_due_deliveries() == 0  # not due yet
    Concern.objects.filter(pk=concern.pk).update(next_attempt_at=timezone.now())
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry_due_deliveries() == 1
    concern.refresh_from_db()
    assert concern.delivery_status == DeliveryStatus.SENT and concern.delivery_attempts == 2
    assert len(mail.outbox) == 1


def test_borough_officers_see_only_their_own_boroughs_concerns(client: Client) -> None:
    camden_concern = f.concern(f.CAMDEN)
    newham_officer = f.borough_officer(f.NEWHAM)
    sign_in(client, newham_officer)
    assert client.get(camden_concern.get_absolute_url()).status_code == 404
    assert client.get(reverse("safeguarding:concern-detail", args=[99999])).status_code == 404
    acknowledge = reverse("safeguarding:concern-acknowledge", args=[camden_concern.pk])
    assert client.post(acknowledge).status_code == 404
    assert "SG-" not in client.get(reverse("safeguarding:concern-inbox")).content.decode()

    camden = sign_in(Client(), f.borough_officer(f.CAMDEN, first_name="Cara", last_name="Cole"))
    page = camden.get(camden_concern.get_absolute_url())
    assert page.status_code == 200 and "Sam Sender" in page.content.decode()
    assert page["Cache-Control"] == "no-store"
    camden_concern.refresh_from_db()
    assert camden_concern.delivery_status == DeliveryStatus.OPENED
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(camden_concern.pk)
    ).exists()
    camden.post(acknowledge)
    camden_concern.refresh_from_db()
    assert camden_concern.acknowledged_by_name == "Cara Cole"
    assert camden_concern.acknowledged_at is not None


def test_other_staff_never_read_the_details(client_as: Any) -> None:
    concern = f.concern()
    for role in ("programme_officer", "reports_officer", "auditor", "administrator"):
        client = client_as(role)
        assert client.get(concern.get_absolute_url()).status_code == 403
        records = client.get(reverse("safeguarding:routing-records"))
        if records.status_code == 200:
            text = records.content.decode()
            assert concern.reference in text and "Sam Sender" not in text


def test_a_concern_is_acknowledged_once() -> None:
    concern = f.concern()
    officer = f.borough_officer()
    concern_acknowledge(concern, by=officer)
    with pytest.raises(Exception, match="already acknowledged"):
        concern_acknowledge(concern, by=officer)


def test_details_are_purged_after_the_periods_leaving_the_routing_record() -> None:
    acknowledged_long_ago = f.concern()
    concern_acknowledge(acknowledged_long_ago, by=f.borough_officer())
    acknowledged_recently = f.concern()
    concern_acknowledge(acknowledged_recently, by=f.borough_officer())
    never_acknowledged_old = f.concern()
    never_acknowledged_new = f.concern()
    now = timezone.now()
    Concern.objects.filter(pk=acknowledged_long_ago.pk).update(
        acknowledged_at=now - timedelta(days=31)
    )
    Concern.objects.filter(pk=never_acknowledged_old.pk).update(
        submitted_at=now - timedelta(days=91)
    )
    Concern.objects.filter(pk=never_acknowledged_new.pk).update(
        submitted_at=now - timedelta(days=80)
    )
    results = purge_expired()
    assert results["safeguarding.AcknowledgedConcernDetails"] == 1
    assert results["safeguarding.UnacknowledgedConcernDetails"] == 1
    kept = set(ConcernDetails.objects.values_list("concern_id", flat=True))
    assert kept == {acknowledged_recently.pk, never_acknowledged_new.pk}
    assert Concern.objects.count() == 4  # every routing record stays
    purged = Concern.objects.get(pk=acknowledged_long_ago.pk)
    assert purged.details_purged_at is not None and purged.borough.gss_code == f.CAMDEN
    assert AuditEvent.objects.filter(
        action=AuditAction.PURGE, object_type="safeguarding.acknowledgedconcerndetails"
    ).exists()
    assert purge_expired()["safeguarding.AcknowledgedConcernDetails"] == 0


def test_the_purge_periods_are_settings(settings: Any) -> None:
    settings.RETENTION_DAYS = {
        **settings.RETENTION_DAYS,
        "safeguarding.AcknowledgedConcernDetails": 5,
    }
    concern = f.concern()
    concern_acknowledge(concern, by=f.borough_officer())
    Concern.objects.filter(pk=concern.pk).update(acknowledged_at=timezone.now() - timedelta(days=6))
    assert purge_expired()["safeguarding.AcknowledgedConcernDetails"] == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"description": "<script>alert(1)</script>"}, "without HTML tags or code"),
        ({"sender_name": "<img src=x onerror=alert(1)>"}, "without HTML tags or code"),
        ({"description": "x" * 1501}, "Keep it to 1,500 characters or fewer"),
        ({"contact_email": "", "contact_phone": ""}, "Give an email address or a phone number"),
        ({"contact_phone": "call me maybe"}, "Enter a phone number using digits"),
        ({"website": "http://spam.example"}, "clear the box marked"),
        ({"started": "just now"}, "too quickly"),
        ({"started": "forged"}, "Something went wrong with this form"),
        ({"worry": "nonsense"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    client: Client, overrides: dict[str, Any], message: str
) -> None:
    f.routing()
    if overrides.get("started") == "just now":
        overrides = {"started": signing.dumps({"t": time.time()}, salt=TIMESTAMP_SALT)}
    response = post(client, **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "<script>alert" not in response.content.decode()
    assert not Concern.objects.exists()


def test_a_borough_without_routing_gets_no_form(client: Client) -> None:
    response = client.post(f"{FORM}?borough={f.NEWHAM}", form_data())
    assert response.status_code == 400
    assert not Concern.objects.exists()


def test_a_flood_is_refused_and_the_words_are_kept(client: Client, settings: Any) -> None:
    settings.SAFEGUARDING_CONCERN_RATE_LIMIT = 2
    f.routing()
    assert post(client).status_code == 302
    assert post(client).status_code == 302
    refused = post(client, description="A third concern, kept on screen.")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "wait an hour and send it again" in page
    assert "A third concern, kept on screen." in page
    assert Concern.objects.count() == 2
    # Mistakes do not count against the limit: only concerns ready to send.
    assert post(client, consent="").status_code == 400


def test_no_score_rating_or_profile_of_anyone_is_stored() -> None:
    forbidden = {"score", "rating", "risk", "profile", "age", "ethnicity", "religion", "ip"}
    for model in (
        sg_models.Concern,
        sg_models.ConcernDetails,
        sg_models.HelpFinderUse,
        sg_models.SupportService,
        sg_models.BoroughRouting,
    ):
        for field in model._meta.get_fields():
            if isinstance(field, models.Field):
                assert not forbidden & set(field.name.split("_")), (model, field.name)
