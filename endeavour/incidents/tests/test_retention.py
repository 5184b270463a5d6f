"""Retention: contact details, exact places and files go a set time after closure; the report
stays for the figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from endeavour.core.retention import purge_expired
from endeavour.incidents.models import IncidentReport, ReporterContact
from endeavour.incidents.services.reports import ContactDetails
from endeavour.incidents.services.triage import report_triage
from endeavour.incidents.tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def closed_report(days_ago: int) -> IncidentReport:
    report = factories.report(
        exact_location="Outside the station",
        contact=ContactDetails(email="r@example.invalid"),
        files=[factories.picture(seed=days_ago + 1)],
    )
    report_triage(report, by=factories.officer(), status="closed", note="Done.")
    IncidentReport.objects.filter(pk=report.pk).update(
        closed_at=timezone.now() - timedelta(days=days_ago)
    )
    return report


def test_purge_after_the_period_leaves_the_aggregate_record(
    settings: Any, reference_data: None
) -> None:
    settings.RETENTION_DAYS = {
        **settings.RETENTION_DAYS,
        "incidents.ReporterContact": 365,
        "incidents.Attachment": 365,
    }
    old, recent = closed_report(400), closed_report(10)
    open_report = factories.report(contact=ContactDetails(email="o@example.invalid"))
    old_path = old.attachments.get().storage_path
    results = purge_expired()
    assert results["incidents.ReporterContact"] == 1
    assert results["incidents.Attachment"] == 1
    old.refresh_from_db()
    assert old.exact_location == "" and old.location_purged_at is not None
    assert not ReporterContact.objects.filter(report=old).exists()
    assert not old.attachments.exists() and not default_storage.exists(old_path)
    assert old.motivations.exists() and old.borough is not None  # still counted
    recent.refresh_from_db()
    assert recent.exact_location and recent.attachments.exists()
    assert ReporterContact.objects.filter(report__in=[recent, open_report]).count() == 2
