"""Staff findings: the page, the PDF and the CSV (downloads are audited)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.consultations import exports, permissions
from endeavour.consultations.selectors.consultations import consultation_or_404
from endeavour.consultations.selectors.findings import findings_for
from endeavour.consultations.views.reporting import chart_context, download
from endeavour.core.access import requires


@requires(permissions.can_view_consultations)
@require_GET
def findings(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request.user, pk)
    found = findings_for(consultation, public=False)
    return render(
        request,
        "consultations/staff/findings.html",
        {"consultation": consultation, **chart_context(found, "web")},
    )


@requires(permissions.can_view_consultations)
@require_GET
def findings_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request.user, pk)
    found = findings_for(consultation, public=False)
    audit_event_record(action=AuditAction.EXPORT, instance=consultation, reason="Findings PDF")
    pdf = exports.as_pdf(chart_context(found, "pdf"))
    return download(pdf, "application/pdf", exports.filename(found, "pdf"))


@requires(permissions.can_view_consultations)
@require_GET
def findings_csv(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request.user, pk)
    found = findings_for(consultation, public=False)
    audit_event_record(action=AuditAction.EXPORT, instance=consultation, reason="Findings CSV")
    return download(
        exports.as_csv(found), "text/csv; charset=utf-8", exports.filename(found, "csv")
    )


urlpatterns: list[URLPattern] = [
    path("staff/consultations/<int:pk>/findings/", findings, name="findings"),
    path("staff/consultations/<int:pk>/findings.pdf", findings_pdf, name="findings-pdf"),
    path("staff/consultations/<int:pk>/findings.csv", findings_csv, name="findings-csv"),
]
