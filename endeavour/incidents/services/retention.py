"""Retention: contact details and exact locations, and attachments, are deleted a set number of
days after a report is closed (RETENTION_DAYS). The report stays for the aggregate figures."""

from __future__ import annotations

from datetime import datetime

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from endeavour.incidents.models import Attachment, IncidentReport, ReporterContact


@transaction.atomic
def reporter_details_purge(cutoff: datetime) -> int:
    """Delete contact details and clear exact locations of reports closed before ``cutoff``.
    Returns how many reports lost something."""
    closed = IncidentReport.objects.filter(closed_at__lt=cutoff)
    contacts = ReporterContact.objects.filter(report__in=closed)
    touched = set(contacts.values_list("report_id", flat=True))
    contacts.delete()
    located = closed.exclude(exact_location="")
    touched |= set(located.values_list("pk", flat=True))
    located.update(exact_location="", location_purged_at=timezone.now())
    return len(touched)


@transaction.atomic
def attachments_purge(cutoff: datetime) -> int:
    """Delete the files of reports closed before ``cutoff`` (from storage, once committed)."""
    expired = list(Attachment.objects.filter(report__closed_at__lt=cutoff))
    paths = [attachment.storage_path for attachment in expired]
    Attachment.objects.filter(pk__in=[a.pk for a in expired]).delete()

    def remove_files() -> None:
        for path in paths:
            if not Attachment.objects.filter(storage_path=path).exists():
                default_storage.delete(path)

    transaction.on_commit(remove_files)
    return len(expired)
