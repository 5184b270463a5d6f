"""Staff triage: named decisions in an append-only history, routing with consent, who may do
what, and location blurring on every staff page but the case record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff, sign_in
from endeavour.audit.models import AuditEvent
from endeavour.core.models import Role
from endeavour.incidents.models import (
    HistoryIsAppendOnly,
    Status,
    TriageEntry,
    TriageField,
    Verification,
)
from endeavour.incidents.services.reports import ContactDetails
from endeavour.incidents.services.triage import report_route, report_triage
from endeavour.incidents.tests import factories

pytestmark = pytest.mark.django_db
SECRET_PLACE = "Outside 12 Example Street"


def test_decisions_are_named_entries_and_a_new_report_moves_into_triage() -> None:
    report = factories.report()
    officer = factories.officer()
    entries = report_triage(
        report, by=officer, verification=Verification.VERIFIED, severity=2, note="CCTV seen."
    )
    report.refresh_from_db()
    assert (report.verification, report.severity, report.status) == ("verified", 2, "in_triage")
    assert [e.field for e in entries] == ["verification", "severity", "status"]
    assert all(e.decided_by == officer for e in entries)


def test_verifying_needs_a_note_and_nothing_changes_without_one() -> None:
    report = factories.report()
    with pytest.raises(ValidationError) as error:
        report_triage(report, by=factories.officer(), verification=Verification.NOT_VERIFIED)
    assert "note" in error.value.message_dict
    report.refresh_from_db()
    assert report.verification == Verification.REPORTED and not TriageEntry.objects.exists()


def test_an_empty_decision_is_refused() -> None:
    report = factories.report()
    with pytest.raises(ValidationError, match="Nothing has changed"):
        report_triage(report, by=factories.officer(), status=Status.NEW)


def test_only_reports_officers_decide() -> None:
    report = factories.report()
    for role in (Role.AUDITOR, Role.PROGRAMME_OFFICER, Role.ANALYST):
        with pytest.raises(PermissionDenied):
            report_triage(report, by=make_staff(role), severity=1)


def test_history_is_append_only() -> None:
    report = factories.report()
    entry = report_triage(report, by=factories.officer(), severity=1)[0]
    entry.note = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        entry.save()


def test_routing_records_consent_and_sets_the_status() -> None:
    report = factories.report(contact=ContactDetails(email="a@example.invalid"))
    officer = factories.officer()
    with pytest.raises(ValidationError) as error:
        report_route(
            report,
            by=officer,
            destination="police",
            routed_on=timezone.localdate(),
            reporter_consent="not_asked",
        )
    assert "reporter_consent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        report_route(
            report,
            by=officer,
            destination="police",
            routed_on=timezone.localdate() + timedelta(days=1),
            reporter_consent="yes",
        )
    assert "routed_on" in error.value.message_dict
    routing = report_route(
        report,
        by=officer,
        destination="police",
        routed_on=timezone.localdate(),
        reporter_consent="yes",
        reference="CAD 1234",
    )
    report.refresh_from_db()
    assert report.status == Status.ROUTED
    assert routing.reporter_consent == "yes"
    fields = list(report.history.values_list("field", flat=True))
    assert fields == [TriageField.ROUTING, TriageField.STATUS]


def test_routed_status_needs_a_routing_and_closing_sets_the_date() -> None:
    report = factories.report()
    officer = factories.officer()
    with pytest.raises(ValidationError) as error:
        report_triage(report, by=officer, status=Status.ROUTED)
    assert "status" in error.value.message_dict
    report_triage(report, by=officer, status=Status.CLOSED, note="Duplicate of an earlier one.")
    report.refresh_from_db()
    assert report.closed_at is not None


def test_case_record_shows_the_exact_place_and_contact_only_to_reports_officers(
    client_as: Any,
) -> None:
    report = factories.report(
        exact_location=SECRET_PLACE,
        contact=ContactDetails(name="Amina", email="amina@example.invalid"),
    )
    officer_page = client_as(Role.REPORTS_OFFICER).get(report.get_absolute_url()).content.decode()
    assert SECRET_PLACE in officer_page and "amina@example.invalid" in officer_page
    assert AuditEvent.objects.filter(action="view", object_id=str(report.pk)).exists()
    for role in (Role.PROGRAMME_OFFICER, Role.AUDITOR):
        page = client_as(role).get(report.get_absolute_url()).content.decode()
        assert "Camden" in page
        assert SECRET_PLACE not in page and "amina@example.invalid" not in page


def test_queue_and_api_show_the_borough_only(client_as: Any) -> None:
    report = factories.report(exact_location=SECRET_PLACE)
    client = client_as(Role.REPORTS_OFFICER)
    queue = client.get(reverse("incidents:queue")).content.decode()
    assert report.reference in queue and "Camden" in queue and SECRET_PLACE not in queue
    api = client.get(reverse("api-incidents-report-list")).content.decode()
    assert report.reference in api and SECRET_PLACE not in api
    detail = client.get(reverse("api-incidents-report-detail", args=[report.pk])).json()
    assert detail["borough"] == "Camden" and "exact_location" not in detail


def test_api_refuses_an_unknown_status_with_the_error_shape(client_as: Any) -> None:
    response = client_as(Role.AUDITOR).get(reverse("api-incidents-report-list") + "?status=x")
    assert response.status_code == 400
    assert "status" in response.json()["error"]["fields"]


def test_triage_through_the_page(client_as: Any) -> None:
    report = factories.report()
    client = client_as(Role.REPORTS_OFFICER)
    url = reverse("incidents:triage", args=[report.pk])
    bad = client.post(url, {"verification": "verified", "status": "new", "severity": "2"})
    assert bad.status_code == 400
    assert "Say how the report was checked" in bad.content.decode()
    good = client.post(
        url,
        {"verification": "verified", "status": "in_triage", "severity": "3", "note": "Photo."},
    )
    assert good.status_code == 302
    page = client.get(report.get_absolute_url()).content.decode()
    assert "3 - Threats or damage" in page and "Photo." in page


def test_auditors_and_programme_officers_cannot_post_decisions(db: None) -> None:
    report = factories.report()
    for role in (Role.AUDITOR, Role.PROGRAMME_OFFICER):
        client = sign_in(Client(), make_staff(role))
        response = client.post(
            reverse("incidents:triage", args=[report.pk]),
            {"verification": "verified", "status": "in_triage", "note": "x"},
        )
        assert response.status_code == 403
    assert not TriageEntry.objects.exists()


def test_attachments_are_served_to_reports_officers_and_audited(client_as: Any) -> None:
    report = factories.report(files=[factories.picture()])
    attachment = report.attachments.get()
    response = client_as(Role.REPORTS_OFFICER).get(
        reverse("incidents:attachment", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "no-store, private"
    assert AuditEvent.objects.filter(action="view", object_id=str(attachment.pk)).exists()
