"""The public transparency figures: page, CSV and PDF. Staff see exact counts, clearly marked."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import anyone, requires
from endeavour.core.pdf import html_to_pdf
from endeavour.online import charts, permissions
from endeavour.online.selectors.figures import (
    LONDON,
    SUPPRESSION_RULE,
    Chart,
    Section,
    Table,
    TransparencyReport,
    transparency_figures,
)

PRINT_DIR = Path(__file__).resolve().parent.parent / "templates" / "online" / "figures"
MAX_YEARS = 5
CSV_COLUMNS = [
    "section",
    "measure",
    "breakdown",
    "value",
    "denominator",
    "period_start",
    "period_end",
    "suppressed",
    "definition",
]


def today() -> date:
    return timezone.localdate(timezone=LONDON)


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class PeriodForm(forms.Form):
    start = forms.DateField(
        label="From (inclusive)",
        help_text="For example 2025-01-01",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label="To (inclusive)",
        help_text="London time. Up to five years after the start, and not after today.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    @classmethod
    def from_query(cls, query: Any) -> PeriodForm:
        """Bound to the query string, with 1 January this year to today for what is missing."""
        now = today()
        return cls(
            {
                "start": query.get("start") or date(now.year, 1, 1).isoformat(),
                "end": query.get("end") or now.isoformat(),
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end, now = data.get("start"), data.get("end"), today()
        if start and start > now:
            self.add_error("start", "The start date cannot be in the future.")
        if end and end > now:
            self.add_error("end", "The end date cannot be in the future.")
        if start and end and end < start:
            self.add_error("end", "The end date must be on or after the start date.")
        elif start and end and end >= _years_later(start, MAX_YEARS):
            self.add_error("end", f"The period can be at most {MAX_YEARS} years long.")
        return data

    def period(self) -> tuple[date, date] | None:
        if not self.is_valid():
            return None
        return self.cleaned_data["start"], self.cleaned_data["end"]


@dataclass(frozen=True)
class ChartView:
    title: str
    svg: SafeString


@dataclass(frozen=True)
class TableView:
    table: Table
    charts: list[ChartView]
    wide: bool


@dataclass(frozen=True)
class SectionView:
    section: Section
    charts: list[ChartView]
    tables: list[TableView]


def chart_svg(chart: Chart, prefix: str = "chart") -> ChartView:
    bars = [
        charts.Bar(label, None if count.suppressed else count.value, count.display)
        for label, count in chart.bars
    ]
    draw = charts.histogram if chart.kind == "histogram" else charts.bar_chart
    return ChartView(chart.title, draw(f"{prefix}-{chart.key}", chart.title, bars))


def section_views(report: TransparencyReport) -> list[SectionView]:
    return [
        SectionView(
            section,
            [chart_svg(chart) for chart in section.charts],
            [
                TableView(
                    table, [chart_svg(chart) for chart in table.charts], len(table.columns) > 3
                )
                for table in section.tables
            ],
        )
        for section in report.sections
    ]


def _internal(request: HttpRequest) -> bool:
    """Exact counts for staff who may see them, unless they ask for the public version."""
    return (
        permissions.can_view_internal_figures(request.user)
        and request.GET.get("version") != "public"
    )


def _context(
    request: HttpRequest, form: PeriodForm, report: TransparencyReport | None
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "form": form,
        "report": report,
        "may_see_internal": permissions.can_view_internal_figures(request.user),
        "suppression_rule": SUPPRESSION_RULE,
    }
    if report is not None:
        query = {"start": report.start.isoformat(), "end": report.end.isoformat()}
        context.update(
            sections=section_views(report),
            query=urlencode(query),
            public_query=urlencode({**query, "version": "public"}),
        )
    return context


def _respond(response: HttpResponse, internal: bool) -> HttpResponse:
    if internal:
        add_never_cache_headers(response)
    return response


def _report_for(request: HttpRequest) -> tuple[PeriodForm, TransparencyReport | None, bool]:
    """The period form, the report for its period (None if the period is invalid), and whether
    the figures are the unsuppressed internal version."""
    form = PeriodForm.from_query(request.GET)
    period = form.period()
    if period is None:
        return form, None, False
    internal = _internal(request)
    return form, transparency_figures(*period, suppress=not internal), internal


def _invalid(request: HttpRequest, form: PeriodForm) -> HttpResponse:
    return render(request, "online/figures/page.html", _context(request, form, None), status=400)


def _record_internal_export(report: TransparencyReport, kind: str) -> None:
    audit_event_record(
        action=AuditAction.EXPORT,
        object_type="online.transparencyfigures",
        object_id=f"{report.start.isoformat()}/{report.end.isoformat()}",
        object_repr=f"Unsuppressed transparency figures, {report.period_label} ({kind})",
    )


def _filename(report: TransparencyReport, internal: bool, extension: str) -> str:
    suffix = "-internal-unsuppressed" if internal else ""
    return f"endeavour-transparency-{report.start}-to-{report.end}{suffix}.{extension}"


@requires(anyone)
@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    form, report, internal = _report_for(request)
    if report is None:
        return _invalid(request, form)
    response = render(request, "online/figures/page.html", _context(request, form, report))
    return _respond(response, internal)


def _safe_cell(value: object) -> object:
    """Keep spreadsheets from treating a text cell as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@requires(anyone)
@require_GET
def figures_csv(request: HttpRequest) -> HttpResponse:
    form, report, internal = _report_for(request)
    if report is None:
        return _invalid(request, form)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, internal, "csv")}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in report.tidy_rows():
        writer.writerow(
            [
                _safe_cell(cell)
                for cell in (
                    row.section,
                    row.measure,
                    row.breakdown,
                    "" if row.value is None else row.value,
                    "" if row.denominator is None else row.denominator,
                    report.start.isoformat(),
                    report.end.isoformat(),
                    "true" if row.suppressed else "false",
                    row.definition,
                )
            ]
        )
    if internal:
        _record_internal_export(report, "CSV")
    return _respond(response, internal)


@requires(anyone)
@require_GET
def figures_pdf(request: HttpRequest) -> HttpResponse:
    form, report, internal = _report_for(request)
    if report is None:
        return _invalid(request, form)
    html = render_to_string(
        "online/figures/print.html",
        {"report": report, "sections": section_views(report), "suppression_rule": SUPPRESSION_RULE},
    )
    pdf = html_to_pdf(html, PRINT_DIR)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, internal, "pdf")}"'
    if internal:
        _record_internal_export(report, "PDF")
    return _respond(response, internal)


urlpatterns: list[URLPattern] = [
    path("transparency/", figures_page, name="figures"),
    path("transparency/figures.csv", figures_csv, name="figures-csv"),
    path("transparency/figures.pdf", figures_pdf, name="figures-pdf"),
]
