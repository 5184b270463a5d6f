"""The annual programme report: generate a draft for a financial year, edit its narrative,
publish it (figures frozen), read it as HTML, PDF, CSV or Excel; a public page per published
report. And the borough populations used for per-capita figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.core.access import anyone, requires
from endeavour.core.forms import add_service_errors
from endeavour.core.pdf import html_to_pdf
from endeavour.insights import exports, permissions
from endeavour.insights.forms import GenerateReportForm, NarrativeForm, PopulationForm
from endeavour.insights.models import AnnualReport, PopulationSet, ReportStatus
from endeavour.insights.selectors import (
    TABLE_HEADINGS,
    figure_cells,
    official_chart,
    snapshot_aims,
)
from endeavour.insights.services import (
    annual_report_generate,
    annual_report_narrative_update,
    annual_report_publish,
    populations_load,
)


def report_context(report: AnnualReport) -> dict[str, Any]:
    official = report.figures.get("official")
    return {
        "report": report,
        "aims": snapshot_aims(report.figures, report.narrative),
        "introduction": report.narrative.get("introduction", ""),
        "period": report.figures.get("period", {}),
        "official": official,
        "official_chart": official_chart(official) if official else None,
    }


def report_rows(report: AnnualReport) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for aim in snapshot_aims(report.figures):
        for measure in aim.measures:
            for label, figure in measure.trend:
                rows.append(
                    [
                        aim.label,
                        measure.key,
                        measure.label,
                        "London",
                        label,
                        *figure_cells(figure),
                        measure.definition,
                    ]
                )
    return rows


def _report_file(report: AnnualReport, kind: str) -> HttpResponse:
    name = f"programme-report-{report.year_label}"
    if kind == "pdf":
        html = render_to_string("insights/print/report.html", report_context(report))
        return exports.download(html_to_pdf(html), exports.PDF, f"{name}.pdf")
    return exports.table_response(kind, name, "Annual report", TABLE_HEADINGS, report_rows(report))


# Staff ----------------------------------------------------------------------------------------


@requires(permissions.can_view_reports)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "insights/staff/report_list.html",
        {
            "reports": AnnualReport.objects.select_related("published_by"),
            "form": GenerateReportForm(),
            "may_manage": permissions.can_manage_reports(request.user),
        },
    )


@requires(permissions.can_manage_reports)
@require_POST
def report_generate(request: HttpRequest) -> HttpResponse:
    form = GenerateReportForm(request.POST)
    if form.is_valid():
        try:
            report = annual_report_generate(year=form.cleaned_data["year"], by=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("insights:report-detail", pk=report.pk)
    return render(
        request,
        "insights/staff/report_list.html",
        {"reports": AnnualReport.objects.all(), "form": form, "may_manage": True},
        status=400,
    )


@requires(permissions.can_view_reports)
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    context = report_context(report)
    context["may_manage"] = permissions.can_manage_reports(request.user)
    response = render(request, "insights/staff/report_detail.html", context)
    add_never_cache_headers(response)
    return response


@requires(permissions.can_manage_reports)
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    if report.is_published:
        return render(
            request, "insights/staff/report_edit.html", {"report": report, "form": None}, status=409
        )
    initial = {"title": report.title, **report.narrative}
    form = NarrativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            annual_report_narrative_update(
                report=report,
                title=form.cleaned_data["title"],
                narrative=form.narrative(),
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("insights:report-detail", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "insights/staff/report_edit.html", {"report": report, "form": form}, status=status
    )


@requires(permissions.can_manage_reports)
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    try:
        annual_report_publish(report=report, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        context = report_context(report)
        context.update(may_manage=True, errors=error.messages)
        return render(request, "insights/staff/report_detail.html", context, status=409)
    return redirect("insights:report-detail", pk=report.pk)


@requires(permissions.can_manage_reports)
@require_POST
def report_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(AnnualReport, pk=pk)
    try:
        annual_report_generate(year=report.year, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        context = report_context(report)
        context.update(may_manage=True, errors=error.messages)
        return render(request, "insights/staff/report_detail.html", context, status=409)
    return redirect("insights:report-detail", pk=report.pk)


def _staff_file(pk: int, kind: str) -> HttpResponse:
    response = _report_file(get_object_or_404(AnnualReport, pk=pk), kind)
    add_never_cache_headers(response)
    return response


@requires(permissions.can_view_reports)
@require_GET
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_file(pk, "pdf")


@requires(permissions.can_view_reports)
@require_GET
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_file(pk, "csv")


@requires(permissions.can_view_reports)
@require_GET
def report_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _staff_file(pk, "xlsx")


# Public ---------------------------------------------------------------------------------------


def _published(year: int) -> AnnualReport:
    report = AnnualReport.objects.filter(year=year, status=ReportStatus.PUBLISHED).first()
    if report is None:
        raise Http404("No published report for that year")
    return report


@requires(anyone)
@require_GET
def public_reports(request: HttpRequest) -> HttpResponse:
    reports = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED)
    return render(request, "insights/public/report_list.html", {"reports": reports})


@requires(anyone)
@require_GET
def public_report(request: HttpRequest, year: int) -> HttpResponse:
    report = _published(year)
    context = report_context(report)
    return render(request, "insights/public/report.html", context)


@requires(anyone)
@require_GET
def public_report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    return _report_file(_published(year), "pdf")


@requires(anyone)
@require_GET
def public_report_csv(request: HttpRequest, year: int) -> HttpResponse:
    return _report_file(_published(year), "csv")


@requires(anyone)
@require_GET
def public_report_xlsx(request: HttpRequest, year: int) -> HttpResponse:
    return _report_file(_published(year), "xlsx")


# Populations ----------------------------------------------------------------------------------


@requires(permissions.can_view_programme)
@require_http_methods(["GET", "POST"])
def populations(request: HttpRequest) -> HttpResponse:
    may_manage = permissions.can_manage_populations(request.user)
    form = PopulationForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_manage:
            return HttpResponse("Only programme officers load populations.", status=403)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                populations_load(
                    content=upload.read(),
                    source=form.cleaned_data["source"],
                    as_of=form.cleaned_data["as_of"],
                    is_official=form.cleaned_data["is_official"],
                    by=request.user,  # type: ignore[arg-type]
                )
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                return redirect("insights:populations")
    sets = PopulationSet.objects.select_related("loaded_by").prefetch_related(
        "populations__borough"
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "insights/staff/populations.html",
        {"form": form, "sets": sets, "may_manage": may_manage, "current": sets.first()},
        status=status,
    )


urlpatterns: list[URLPattern] = [
    path("staff/insights/reports/", report_list, name="report-list"),
    path("staff/insights/reports/generate/", report_generate, name="report-generate"),
    path("staff/insights/reports/<int:pk>/", report_detail, name="report-detail"),
    path("staff/insights/reports/<int:pk>/edit/", report_edit, name="report-edit"),
    path("staff/insights/reports/<int:pk>/publish/", report_publish, name="report-publish"),
    path(
        "staff/insights/reports/<int:pk>/regenerate/", report_regenerate, name="report-regenerate"
    ),
    path("staff/insights/reports/<int:pk>/report.pdf", report_pdf, name="report-pdf"),
    path("staff/insights/reports/<int:pk>/report.csv", report_csv, name="report-csv"),
    path("staff/insights/reports/<int:pk>/report.xlsx", report_xlsx, name="report-xlsx"),
    path("staff/insights/populations/", populations, name="populations"),
    path("insights/reports/", public_reports, name="public-reports"),
    path("insights/reports/<int:year>/", public_report, name="public-report"),
    path("insights/reports/<int:year>/report.pdf", public_report_pdf, name="public-report-pdf"),
    path("insights/reports/<int:year>/report.csv", public_report_csv, name="public-report-csv"),
    path("insights/reports/<int:year>/report.xlsx", public_report_xlsx, name="public-report-xlsx"),
]
