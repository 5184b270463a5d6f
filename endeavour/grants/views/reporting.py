"""The staff dashboard (money, projects and reach by borough, theme and call; outcome change per
instrument), its CSV and Excel exports, and the officers' work list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import requires
from endeavour.grants import charts, exports, permissions
from endeavour.grants.forms.staff import FigureFilterForm
from endeavour.grants.models import Call
from endeavour.grants.selectors.figures import DESIGN_NOTE, FundFigures, fund_figures
from endeavour.grants.selectors.work import officer_work
from endeavour.grants.views.common import CSV, XLSX, download


def _figures(request: HttpRequest) -> tuple[FigureFilterForm, FundFigures]:
    form = FigureFilterForm(request.GET or None, calls=Call.objects.all())
    call = form.cleaned_data.get("call") if form.is_valid() else None
    return form, fund_figures(public=False, call=call)


@requires(permissions.can_view_fund)
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    form, figures = _figures(request)
    context: dict[str, Any] = {
        "form": form,
        "figures": figures,
        "money_map": charts.money_map(figures),
        "reach_map": charts.reach_map(figures),
        "theme_chart": charts.theme_chart(figures),
        "design_note": DESIGN_NOTE,
        "query": request.GET.urlencode(),
    }
    return render(request, "grants/staff/dashboard.html", context)


def _export(request: HttpRequest, extension: str) -> tuple[FundFigures, str]:
    _, figures = _figures(request)
    audit_event_record(
        action=AuditAction.EXPORT,
        object_type="grants.dashboard",
        object_repr=f"Grant fund figures ({extension}): {figures.scope_text}",
    )
    return figures, exports.filename(figures, extension)


@requires(permissions.can_view_fund)
@require_GET
def dashboard_csv(request: HttpRequest) -> HttpResponse:
    figures, name = _export(request, "csv")
    return download(exports.as_csv(figures), CSV, name)


@requires(permissions.can_view_fund)
@require_GET
def dashboard_xlsx(request: HttpRequest) -> HttpResponse:
    figures, name = _export(request, "xlsx")
    return download(exports.as_xlsx(figures), XLSX, name)


@requires(permissions.can_view_fund)
@require_GET
def work(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/staff/work.html", {"work": officer_work()})


urlpatterns: list[URLPattern] = [
    path("staff/grants/dashboard/", dashboard, name="dashboard"),
    path("staff/grants/dashboard.csv", dashboard_csv, name="dashboard-csv"),
    path("staff/grants/dashboard.xlsx", dashboard_xlsx, name="dashboard-xlsx"),
    path("staff/grants/work/", work, name="work"),
]
