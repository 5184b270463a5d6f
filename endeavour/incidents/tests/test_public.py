"""The public front door and report form, through HTTP: anonymous and consented reports, links to
the online casework, files checked by their bytes, spam and flood defences, escaping, Polish."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from endeavour.incidents.models import IncidentReport, ReporterContact
from endeavour.incidents.tests.factories import PDF_BYTES, form_data
from endeavour.online.models import Case, SignalKind, Source, Submission
from endeavour.online.tests.factories import png_bytes

pytestmark = pytest.mark.django_db
REPORT = "incidents:report"


def post(client: Client, **overrides: Any) -> Any:
    return client.post(reverse(REPORT), form_data(**overrides))


def test_front_door_shows_emergency_guidance_and_every_way_in(client: Client) -> None:
    page = client.get(reverse("incidents:front-door")).content.decode()
    assert "999" in page and "101" in page and "report-it.org.uk" in page
    assert "Victim Support" in page
    assert reverse("incidents:report") in page
    assert reverse("online:report") in page
    assert 'href="/help/"' in page or "help-finder" in page or "/help/" in page


def test_report_form_shows_emergency_guidance_and_perception_wording(client: Client) -> None:
    page = client.get(reverse(REPORT)).content.decode()
    assert "call <strong>999</strong>" in page
    assert "you, or anyone else, believe" in page
    assert "Anti-Muslim" in page and "Antisemitic" in page and "Transgender identity" in page


def test_anonymous_report_is_recorded_without_contact_details(client: Client) -> None:
    response = post(client, motivations=["anti_muslim", "anti_asian"])
    assert response.status_code == 302
    report = IncidentReport.objects.get()
    assert report.reference.startswith("HIR-")
    assert sorted(m.code for m in report.motivations.all()) == ["anti_asian", "anti_muslim"]
    assert not ReporterContact.objects.exists()
    thanks = client.get(response["Location"]).content.decode()
    assert report.reference in thanks


def test_contact_details_kept_only_with_consent(client: Client) -> None:
    response = post(client, consent="on", name="Amina", email="amina@example.invalid")
    assert response.status_code == 302
    contact = IncidentReport.objects.get().contact
    assert contact.email == "amina@example.invalid"


def test_contact_details_without_consent_are_refused_not_kept(client: Client) -> None:
    response = post(client, email="amina@example.invalid")
    assert response.status_code == 400
    assert "tick this box if we may contact you" in response.content.decode()
    assert not IncidentReport.objects.exists()


def test_consent_needs_a_way_to_reach_the_reporter(client: Client) -> None:
    response = post(client, consent="on", name="Amina")
    assert response.status_code == 400
    assert "Give an email address or a phone number" in response.content.decode()


def test_borough_needed_unless_online_only(client: Client) -> None:
    response = post(client, borough="")
    assert response.status_code == 400
    assert "Choose the borough where it happened" in response.content.decode()
    assert post(client, borough="unknown").status_code == 302
    assert post(client, borough="", setting="online").status_code == 302
    places = sorted(r.place for r in IncidentReport.objects.all())
    assert places == ["Borough not known", "Online only"]


def test_a_future_date_and_missing_motivation_are_named(client: Client) -> None:
    response = post(client, occurred_on="2999-01-01", motivations=[])
    text = response.content.decode()
    assert response.status_code == 400
    assert "The date cannot be in the future." in text
    assert "Why do you think it happened?" in text


def test_links_become_online_items_with_a_public_report_signal(client: Client) -> None:
    url = "https://social.example/post/42"
    assert post(client, setting="online", borough="", links=f"{url}\n\n").status_code == 302
    report = IncidentReport.objects.get()
    link = report.links.get()
    case = Case.objects.get(reference=link.online_case_reference)
    assert case.item.url == url
    assert case.signals.filter(kind=SignalKind.PUBLIC_REPORT).exists()
    submission = Submission.objects.get(item=case.item)
    assert submission.source == Source.PUBLIC_REPORT
    assert report.reference in submission.note
    # The reporter's words never reach the online casework.
    assert case.item.submitted_text == ""


def test_a_bad_link_is_refused_and_nothing_is_saved(client: Client) -> None:
    response = post(client, links="not a web address")
    assert response.status_code == 400
    assert "not a web address we can use" in response.content.decode()
    assert not IncidentReport.objects.exists() and not Case.objects.exists()


def test_pictures_and_pdfs_are_kept(client: Client) -> None:
    files = [
        SimpleUploadedFile("photo.png", png_bytes(3, size=64), "image/png"),
        SimpleUploadedFile("letter.pdf", PDF_BYTES, "application/pdf"),
    ]
    response = client.post(reverse(REPORT), {**form_data(), "attachments": files})
    assert response.status_code == 302
    kinds = sorted(a.content_type for a in IncidentReport.objects.get().attachments.all())
    assert kinds == ["application/pdf", "image/png"]


def test_oversized_and_disguised_files_are_refused_by_name(client: Client, settings: Any) -> None:
    settings.INCIDENTS_MAX_UPLOAD_BYTES = 1024
    files = [
        SimpleUploadedFile("big.png", png_bytes(3, size=256), "image/png"),
        SimpleUploadedFile("script.png", b"<script>alert(1)</script>", "image/png"),
    ]
    response = client.post(reverse(REPORT), {**form_data(), "attachments": files})
    text = response.content.decode()
    assert response.status_code == 400
    assert "big.png: the file is larger than 1.0\xa0KB." in text
    assert "script.png: we can only take pictures" in text
    assert not IncidentReport.objects.exists()


def test_more_than_three_files_are_refused(client: Client) -> None:
    files = [SimpleUploadedFile(f"p{i}.png", png_bytes(i, size=32), "image/png") for i in range(4)]
    response = client.post(reverse(REPORT), {**form_data(), "attachments": files})
    assert response.status_code == 400
    assert "Choose up to 3 files. You chose 4." in response.content.decode()


def test_honeypot_and_instant_submissions_are_refused(client: Client) -> None:
    from endeavour.incidents.forms.public import timestamp_token

    bot = post(client, website="http://spam.example")
    assert bot.status_code == 400 and "Leave this empty" in bot.content.decode()
    fast = post(client, started=timestamp_token())
    assert fast.status_code == 400 and "sent too quickly" in fast.content.decode()
    forged = post(client, started="forged")
    assert forged.status_code == 400 and "Something went wrong" in forged.content.decode()
    assert not IncidentReport.objects.exists()


def test_flood_limit_answers_429_keeps_the_text_and_loses_no_accepted_report(
    client: Client, settings: Any
) -> None:
    settings.INCIDENTS_REPORT_RATE_LIMIT = 2
    assert post(client, description="First genuine report.").status_code == 302
    assert post(client, description="Second genuine report.").status_code == 302
    response = post(client, description="Third report, typed with care.")
    text = response.content.decode()
    assert response.status_code == 429
    assert "We have received every report you already sent." in text
    assert "Third report, typed with care." in text  # still on screen to copy
    assert IncidentReport.objects.count() == 2


def test_script_in_text_is_escaped_on_every_page(client: Client, client_as: Any) -> None:
    payload = "<script>alert('x')</script>"
    assert post(client, description=payload, exact_location=payload).status_code == 302
    report = IncidentReport.objects.get()
    assert report.description == payload  # stored as written, escaped when shown
    officer = client_as("reports_officer")
    page = officer.get(report.get_absolute_url()).content.decode()
    assert payload not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_the_form_and_its_errors_in_polish(client: Client) -> None:
    client.cookies["endeavour_language"] = "pl"
    page = client.get(reverse("incidents:front-door")).content.decode()
    assert '<html lang="pl">' in page
    assert "Zgłoś lub uzyskaj pomoc" in page
    response = post(client, borough="", description="")
    text = response.content.decode()
    assert "Wybierz dzielnicę" in text  # our message
    assert "To pole jest wymagane." in text  # Django's own, in Polish


def test_language_switcher_sets_the_cookie_and_returns_to_the_page(client: Client) -> None:
    response = client.post(
        reverse("set_language"), {"language": "pl", "next": reverse("incidents:front-door")}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:front-door")
    assert response.cookies["endeavour_language"].value == "pl"
    assert "Zgłoś incydent z nienawiści" in client.get(response["Location"]).content.decode()
