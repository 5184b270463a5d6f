"""Staff pages: the triage queue, the case record, triage and routing decisions, attachments
(access-checked, audited) and the figures without suppression."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record, audit_view_record
from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.incidents import permissions
from endeavour.incidents.forms.staff import QueueFilterForm, RoutingForm, TriageForm
from endeavour.incidents.models import Attachment, IncidentReport, Status
from endeavour.incidents.reference import SEVERITY_LEVELS, STRAND_LABELS, STRAND_OF
from endeavour.incidents.selectors import reports as selectors
from endeavour.incidents.services.triage import report_route, report_triage
from endeavour.incidents.views.public import trends_file, trends_page

PAGE_SIZE = 50


@requires(permissions.can_view_reports)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    reports = selectors.reports_for(request.user, status=status)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {
        s: IncidentReport.objects.filter(status=s).count() for s in (Status.NEW, Status.IN_TRIAGE)
    }
    return render(
        request,
        "incidents/staff/queue.html",
        {
            "form": form,
            "page_obj": page,
            "reports": page.object_list,
            "counts": counts,
            "strand_labels": STRAND_LABELS,
            "strand_of": STRAND_OF,
            "can_triage": permissions.can_triage(request.user),
        },
        status=200 if form.is_valid() or not request.GET else 400,
    )


@requires(permissions.can_view_reports)
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_or_404(request.user, pk)
    restricted = permissions.can_view_restricted(request.user)
    contact = selectors.contact_of(report) if restricted else None
    if restricted:
        audit_view_record(report, reason="case record with location and contact details")
    return render(
        request,
        "incidents/staff/report_detail.html",
        {
            "report": report,
            "restricted": restricted,
            "contact": contact,
            "has_contact": selectors.contact_of(report) is not None,
            "can_triage": permissions.can_triage(request.user),
        },
    )


@requires(permissions.can_triage)
@require_http_methods(["GET", "POST"])
def triage(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_or_404(request.user, pk)
    if request.method == "POST":
        form = TriageForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report_triage(
                    report,
                    by=request_user(request),
                    status=data["status"],
                    verification=data["verification"],
                    severity=data["severity"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Your decision on {report.reference} is recorded.")
                return redirect(report)
    else:
        form = TriageForm(
            initial={
                "verification": report.verification,
                "severity": report.severity,
                "status": report.status,
            }
        )
    return render(
        request,
        "incidents/staff/triage_form.html",
        {"form": form, "report": report, "levels": SEVERITY_LEVELS},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_triage)
@require_http_methods(["GET", "POST"])
def route(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_or_404(request.user, pk)
    form = RoutingForm(request.POST) if request.method == "POST" else RoutingForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            routing = report_route(
                report,
                by=request_user(request),
                destination=data["destination"],
                routed_on=data["routed_on"],
                reporter_consent=data["reporter_consent"],
                reference=data["reference"],
                note=data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Recorded: {routing}.")
            return redirect(report)
    return render(
        request,
        "incidents/staff/route_form.html",
        {"form": form, "report": report, "has_contact": selectors.contact_of(report) is not None},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_view_restricted)
@require_GET
def attachment(request: HttpRequest, pk: int) -> FileResponse:
    found = permissions.scope_attachments(request.user, Attachment.objects.all()).filter(pk=pk)
    item = found.select_related("report").first()
    if item is None or not default_storage.exists(item.storage_path):
        raise Http404("No such file")
    audit_view_record(item, reason=f"attachment of {item.report.reference}")
    response = FileResponse(default_storage.open(item.storage_path, "rb"))
    response["Content-Type"] = item.content_type
    extension = item.storage_path.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f'attachment; filename="{item.report.reference}-{pk}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response


@requires(permissions.can_view_reports)
@require_GET
def staff_trends(request: HttpRequest) -> HttpResponse:
    return trends_page(request, "incidents/staff/trends.html", suppress=False)


@requires(permissions.can_view_reports)
@require_GET
def staff_trends_csv(request: HttpRequest) -> HttpResponse:
    response = trends_file(request, "csv", suppress=False)
    if response.status_code == 200:
        audit_event_record(
            action=AuditAction.EXPORT,
            object_type="incidents.figures",
            object_repr="Hate incident figures without suppression (CSV)",
            after={"query": request.GET.urlencode()},
        )
    return response


urlpatterns: list[URLPattern] = [
    path("staff/incidents/", queue, name="queue"),
    path("staff/incidents/figures/", staff_trends, name="staff-trends"),
    path("staff/incidents/figures.csv", staff_trends_csv, name="staff-trends-csv"),
    path("staff/incidents/<int:pk>/", report_detail, name="report-detail"),
    path("staff/incidents/<int:pk>/triage/", triage, name="triage"),
    path("staff/incidents/<int:pk>/route/", route, name="route"),
    path("staff/incidents/attachments/<int:pk>/", attachment, name="attachment"),
]
