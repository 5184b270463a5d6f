"""Reading reports, always through the permission scopes, without N+1 queries."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from endeavour.incidents import permissions
from endeavour.incidents.models import IncidentReport, Status


def reports_for(
    user: Any, *, status: str = "", borough_id: int | None = None
) -> QuerySet[IncidentReport]:
    reports = permissions.scope_reports(user, IncidentReport.objects.all())
    if status in Status.values:
        reports = reports.filter(status=status)
    if borough_id is not None:
        reports = reports.filter(borough_id=borough_id)
    return reports.select_related("borough").prefetch_related("motivations", "links")


def report_or_404(user: Any, pk: int) -> IncidentReport:
    report = (
        permissions.scope_reports(user, IncidentReport.objects.all())
        .select_related("borough")
        .prefetch_related(
            "motivations", "links", "attachments", "routings__routed_by", "history__decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report")
    return report


def contact_of(report: IncidentReport) -> Any:
    return getattr(report, "contact", None) if hasattr(report, "contact") else None
