"""The public report form and the analyst's item form, through HTTP."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from endeavour.core.models import Role
from endeavour.online.forms.intake import TIMESTAMP_SALT
from endeavour.online.models import (
    Item,
    ItemFile,
    ReporterContact,
    Signal,
    SignalKind,
    Source,
    Submission,
)
from endeavour.online.tests.factories import png_bytes, submit

pytestmark = pytest.mark.django_db

URL = "https://videoshare.example/watch/abc"


def started(seconds_ago: float) -> str:
    """The form's signed timestamp, as if the page had been opened ``seconds_ago``."""
    return signing.dumps({"t": time.time() - seconds_ago}, salt=TIMESTAMP_SALT)


def started_hours_ago(hours: float) -> str:
    """A timestamp signed ``hours`` ago (the signature's own time is old too)."""

    class Then(signing.TimestampSigner):
        def timestamp(self) -> str:
            return signing.b62_encode(int(time.time() - hours * 3600))

    return Then(salt=TIMESTAMP_SALT).sign_object({"t": time.time() - hours * 3600})


def report(client: Client, **fields: Any) -> Any:
    data = {"url": URL, "what_you_saw": "", "website": "", "started": started(10), **fields}
    return client.post(reverse("online:report"), data)


def png(name: str = "screenshot.png", seed: int = 1) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(seed), content_type="image/png")


def test_the_report_page_is_public_plain_and_says_what_to_do_in_an_emergency(
    client: Client,
) -> None:
    response = client.get(reverse("online:report"))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Call <strong>999</strong>", "0800 789 321", "after 90 days", "Send report"]:
        assert text in page
    assert 'enctype="multipart/form-data"' in page
    # The honeypot is hidden by a class and kept from screen readers and the keyboard.
    honeypot = re.search(r'<div class="visually-hidden" aria-hidden="true">.*?</div>', page, re.S)
    assert honeypot and 'name="website"' in honeypot.group() and 'tabindex="-1"' in honeypot.group()
    assert "style=" not in page


def test_a_report_makes_an_item_a_case_and_a_signal_and_thanks_without_a_reference(
    client: Client,
) -> None:
    response = report(
        client, what_you_saw="A video praising an attack.", attachments=[png("a.png", 1)]
    )
    assert response.status_code == 302 and response["Location"] == reverse("online:report-thanks")
    item = Item.objects.get()
    assert item.first_source == Source.PUBLIC_REPORT
    assert item.submitted_text == "A video praising an attack."
    assert item.case.signals.get().kind == SignalKind.PUBLIC_REPORT
    assert ItemFile.objects.get().original_name == "a.png"
    assert ReporterContact.objects.count() == 0
    thanks = client.get(response["Location"]).content.decode()
    assert "Thank you for your report" in thanks and "What happens next" in thanks
    assert item.reference not in thanks and item.case.reference not in thanks


def test_contact_details_are_kept_apart_and_only_with_an_email_address(client: Client) -> None:
    report(client, url="https://a.example/1", name="Sam")
    assert ReporterContact.objects.count() == 0  # a name alone is not kept
    report(client, url="https://a.example/2", name="Sam", email="sam@example.org")
    contact = ReporterContact.objects.get()
    assert (contact.name, contact.email, contact.consent_to_contact) == (
        "Sam",
        "sam@example.org",
        False,
    )
    report(client, url="https://a.example/3", email="jo@example.org", consent="on")
    assert ReporterContact.objects.get(email="jo@example.org").consent_to_contact is True
    response = report(client, url="https://a.example/4", consent="on")
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == [
        "Give your email address if you want us to contact you."
    ]
    assert not Item.objects.filter(normalised_url="https://a.example/4").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (lambda: {"website": "https://cheap-pills.example"}, "We could not accept this report."),
        (lambda: {"started": started(0)}, "That was sent too quickly"),
        (lambda: {"started": started_hours_ago(3)}, "open for more than 2 hours"),
        (lambda: {"started": "tampered"}, "Something went wrong with this form."),
        (lambda: {"started": ""}, "Something went wrong with this form."),
    ],
)
def test_spam_checks_refuse_with_a_message_and_store_nothing(
    client: Client, fields: Any, message: str
) -> None:
    sent = fields()
    response = report(client, email="x@example.org", **sent)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].non_field_errors())
    assert message in response.content.decode()
    assert Item.objects.count() == Submission.objects.count() == 0
    assert ReporterContact.objects.count() == 0
    renewed = response.context["form"].data["started"]
    assert renewed != sent.get("started") and signing.loads(renewed, salt=TIMESTAMP_SALT)


def test_too_many_reports_from_one_address_get_429(client: Client, settings: Any) -> None:
    settings.ONLINE_REPORT_RATE_LIMIT = 2
    assert report(client, url="https://a.example/1").status_code == 302
    assert report(client, url="https://a.example/2").status_code == 302
    response = report(client, url="https://a.example/3")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert Item.objects.count() == 2
    other = Client(REMOTE_ADDR="192.0.2.7")
    assert report(other, url="https://a.example/3").status_code == 302
    assert client.get(reverse("online:report")).status_code == 200  # reading is not limited


def test_a_malformed_address_is_an_error_on_the_field(client: Client) -> None:
    response = report(client, url="ftp://files.example/leak.pdf")
    assert response.status_code == 200
    assert response.context["form"].errors["url"] == [
        "Only http and https web addresses can be reported."
    ]
    page = response.content.decode()
    assert 'href="#id_url"' in page and "There is a problem" in page
    assert Item.objects.count() == 0


def test_bad_files_are_refused_naming_each_file(client: Client, settings: Any) -> None:
    fake = SimpleUploadedFile("notes.png", b"not really a picture", content_type="image/png")
    video = SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64)
    response = report(client, attachments=[fake, video])
    errors = response.context["form"].errors["attachments"]
    assert errors[0].startswith("notes.png: not a PDF, video or image we can read")
    assert errors[1] == "clip.mp4: we can only take picture or PDF files here."
    settings.ONLINE_MAX_UPLOAD_BYTES = 1000
    response = report(client, attachments=[png("huge.png")])
    assert response.context["form"].errors["attachments"] == [
        "huge.png: the file is larger than 1000\xa0bytes."
    ]
    response = report(client, attachments=[png(f"{n}.png", n) for n in range(4)])
    assert response.context["form"].errors["attachments"] == ["Choose up to 3 files. You chose 4."]
    assert Item.objects.count() == 0 and ItemFile.objects.count() == 0


def test_a_repeat_report_adds_a_signal_not_a_second_item_and_looks_the_same(
    client: Client,
) -> None:
    first = report(client, url="https://videoshare.example/watch/abc?utm_source=share")
    second = report(client, url="HTTPS://VideoShare.example/watch/abc/")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    item = Item.objects.get()
    assert item.submissions.count() == 2
    assert Signal.objects.filter(case=item.case, kind=SignalKind.PUBLIC_REPORT).count() == 2


# The analyst's form.


def test_an_analyst_submits_an_item_with_text_files_and_a_note(client_as: Any) -> None:
    client = client_as(Role.ANALYST)
    video = SimpleUploadedFile("clip.mp4", b"\x00\x00\x00\x18ftypisom" + b"\x00" * 64)
    response = client.post(
        reverse("online:item-submit"),
        {
            "url": "https://videoshare.example/watch/new",
            "text": "Join us",
            "note": "Shared in a public channel",
            "attachments": [png(), video],
        },
    )
    item = Item.objects.get()
    assert response.status_code == 302
    expected = item.case.get_absolute_url() if _case_url_exists() else ""
    assert response["Location"] == (expected or f"/staff/online/cases/{item.case.pk}/")
    submission = item.submissions.get()
    assert submission.source == Source.ANALYST and submission.submitted_by is not None
    assert submission.note == "Shared in a public channel"
    assert sorted(item.files.values_list("kind", flat=True)) == ["image", "video"]
    signal = item.case.signals.get()
    assert (signal.kind, signal.summary) == ("analyst", "Analyst: Shared in a public channel")


def _case_url_exists() -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse("online:case-detail", args=[1])
    except NoReverseMatch:
        return False
    return True


def test_the_analyst_form_shows_errors_on_the_field_and_joins_known_items(
    client_as: Any,
) -> None:
    known = submit(url="https://videoshare.example/watch/known", source="public_report")
    client = client_as(Role.SENIOR_ANALYST)
    bad = client.post(reverse("online:item-submit"), {"url": "not a web address"})
    assert bad.status_code == 200 and bad.context["form"].errors["url"]
    again = client.post(
        reverse("online:item-submit"), {"url": "https://videoshare.example/watch/known"}
    )
    assert again.status_code == 302 and Item.objects.count() == 1
    assert known.case.signals.count() == 2
    page = client.get(reverse("online:item-submit"))
    assert page.status_code == 200 and b"Submit item" in page.content


def test_only_analysts_may_use_the_analyst_form(client_as: Any) -> None:
    for role in (Role.PROGRAMME_OFFICER, Role.AUDITOR, Role.BOROUGH_OFFICER):
        assert client_as(role).get(reverse("online:item-submit")).status_code == 403
