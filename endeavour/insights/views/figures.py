"""The overview and the borough map, for staff (all of London, or a borough officer's borough)
and for the public (published measures, small counts withheld), with their CSV and Excel files,
and the data quality page."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import anyone, requires
from endeavour.core.models import Borough
from endeavour.insights import exports, permissions
from endeavour.insights import measures as registry
from endeavour.insights.forms import MapForm, PeriodForm
from endeavour.insights.periods import Period
from endeavour.insights.selectors import (
    MAP_HEADINGS,
    TABLE_HEADINGS,
    MapView,
    Overview,
    borough_map,
    current_populations,
    data_quality,
    overview,
)


def _official_stats_url() -> str:
    from django.urls import NoReverseMatch, reverse

    for name in ("official_stats:index", "official_stats:public-index"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return ""


def _borough_for(request: HttpRequest) -> Borough | None:
    gss = permissions.overview_borough(request.user)
    return Borough.objects.get(gss_code=gss) if gss else None


def _overview_for(request: HttpRequest, *, public: bool) -> tuple[PeriodForm, Overview | None]:
    form = PeriodForm.from_query(request.GET)
    period = form.period()
    if period is None:
        return form, None
    if public:
        return form, overview(period, public=True)
    borough = _borough_for(request)
    return form, overview(
        period,
        public=False,
        borough=borough,
        records_for=request.user if permissions.can_view_programme(request.user) else None,
    )


def _overview_page(request: HttpRequest, *, public: bool) -> HttpResponse:
    form, found = _overview_for(request, public=public)
    query = urlencode(found.period.query()) if found else ""
    context: dict[str, Any] = {
        "form": form,
        "overview": found,
        "public": public,
        "query": query,
        "official_stats_url": _official_stats_url(),
    }
    template = "insights/public/overview.html" if public else "insights/staff/overview.html"
    response = render(request, template, context, status=200 if found else 400)
    if not public:
        add_never_cache_headers(response)
    return response


def _overview_file(request: HttpRequest, kind: str, *, public: bool) -> HttpResponse:
    _form, found = _overview_for(request, public=public)
    if found is None:
        return HttpResponse(
            "Choose a valid period: a financial or calendar year, a quarter, or custom months "
            "(YYYY-MM to YYYY-MM).",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = f"programme-overview-{found.period.short_label}".replace(" ", "-")
    response = exports.table_response(kind, name, "Overview", TABLE_HEADINGS, found.table_rows())
    if not public:
        audit_event_record(
            action=AuditAction.EXPORT,
            object_type="insights.overview",
            object_repr=f"Programme overview, {found.period.label} ({kind.upper()})",
            after={"query": request.GET.urlencode()},
        )
        add_never_cache_headers(response)
    return response


@requires(permissions.can_view_overview)
@require_GET
def staff_overview(request: HttpRequest) -> HttpResponse:
    return _overview_page(request, public=False)


@requires(permissions.can_view_overview)
@require_GET
def staff_overview_csv(request: HttpRequest) -> HttpResponse:
    return _overview_file(request, "csv", public=False)


@requires(permissions.can_view_overview)
@require_GET
def staff_overview_xlsx(request: HttpRequest) -> HttpResponse:
    return _overview_file(request, "xlsx", public=False)


@requires(anyone)
@require_GET
def public_overview(request: HttpRequest) -> HttpResponse:
    return _overview_page(request, public=True)


@requires(anyone)
@require_GET
def public_overview_csv(request: HttpRequest) -> HttpResponse:
    return _overview_file(request, "csv", public=True)


@requires(anyone)
@require_GET
def public_overview_xlsx(request: HttpRequest) -> HttpResponse:
    return _overview_file(request, "xlsx", public=True)


# ---------------------------------------------------------------------------------------------
# The map


def _map_for(
    request: HttpRequest, *, public: bool
) -> tuple[PeriodForm, MapForm, Period | None, MapView | None]:
    # A borough officer sees other boroughs only as the public does.
    public = public or permissions.overview_borough(request.user) is not None
    period_form = PeriodForm.from_query(request.GET)
    map_form = MapForm(
        request.GET if "measure" in request.GET else {"measure": "concerns_routed"},
        public=public,
    )
    period = period_form.period()
    if period is None or not map_form.is_valid():
        return period_form, map_form, period, None
    measure = registry.get(map_form.cleaned_data["measure"])
    found = borough_map(
        measure, period, public=public, per_capita=map_form.cleaned_data["per_capita"]
    )
    return period_form, map_form, period, found


def _map_page(request: HttpRequest, *, public: bool) -> HttpResponse:
    form, map_form, period, found = _map_for(request, public=public)
    population_set, _values = current_populations()
    query = ""
    if found is not None:
        query = urlencode(
            {
                **found.period.query(),
                "measure": found.measure.key,
                **({"per_capita": "on"} if map_form.cleaned_data["per_capita"] else {}),
            }
        )
    borough = None if public else _borough_for(request)
    context: dict[str, Any] = {
        "form": form,
        "map_form": map_form,
        "found": found,
        "period": period,
        "public": public,
        "query": query,
        "population_set": population_set,
        "borough": borough,
    }
    template = "insights/public/map.html" if public else "insights/staff/map.html"
    response = render(request, template, context, status=200 if found else 400)
    if not public:
        add_never_cache_headers(response)
    return response


def _map_file(request: HttpRequest, kind: str, *, public: bool) -> HttpResponse:
    _form, _map_form, _period, found = _map_for(request, public=public)
    if found is None:
        return HttpResponse(
            "Choose a valid period and a measure with a borough breakdown.",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = f"borough-map-{found.measure.key}-{found.period.short_label}".replace(" ", "-")
    response = exports.table_response(kind, name, "Boroughs", MAP_HEADINGS, found.table_rows())
    if not public:
        audit_event_record(
            action=AuditAction.EXPORT,
            object_type="insights.map",
            object_repr=f"{found.measure.label} by borough, {found.period.label}",
            after={"query": request.GET.urlencode()},
        )
        add_never_cache_headers(response)
    return response


@requires(permissions.can_view_overview)
@require_GET
def staff_map(request: HttpRequest) -> HttpResponse:
    return _map_page(request, public=False)


@requires(permissions.can_view_overview)
@require_GET
def staff_map_csv(request: HttpRequest) -> HttpResponse:
    return _map_file(request, "csv", public=False)


@requires(permissions.can_view_overview)
@require_GET
def staff_map_xlsx(request: HttpRequest) -> HttpResponse:
    return _map_file(request, "xlsx", public=False)


@requires(anyone)
@require_GET
def public_map(request: HttpRequest) -> HttpResponse:
    return _map_page(request, public=True)


@requires(anyone)
@require_GET
def public_map_csv(request: HttpRequest) -> HttpResponse:
    return _map_file(request, "csv", public=True)


@requires(anyone)
@require_GET
def public_map_xlsx(request: HttpRequest) -> HttpResponse:
    return _map_file(request, "xlsx", public=True)


# ---------------------------------------------------------------------------------------------
# Data quality


@requires(permissions.can_view_data_quality)
@require_GET
def quality(request: HttpRequest) -> HttpResponse:
    response = render(request, "insights/staff/quality.html", {"items": data_quality()})
    add_never_cache_headers(response)
    return response


@requires(permissions.can_view_data_quality)
@require_GET
def quality_csv(request: HttpRequest) -> HttpResponse:
    rows = [[i.aim, i.key, i.label, i.count, i.explanation] for i in data_quality()]
    return exports.table_response(
        "csv", "data-quality", "Data quality", ["Aim", "Key", "Problem", "Count", "Why"], rows
    )


urlpatterns: list[URLPattern] = [
    path("staff/insights/", staff_overview, name="overview"),
    path("staff/insights/overview.csv", staff_overview_csv, name="overview-csv"),
    path("staff/insights/overview.xlsx", staff_overview_xlsx, name="overview-xlsx"),
    path("staff/insights/map/", staff_map, name="map"),
    path("staff/insights/map.csv", staff_map_csv, name="map-csv"),
    path("staff/insights/map.xlsx", staff_map_xlsx, name="map-xlsx"),
    path("staff/insights/data-quality/", quality, name="data-quality"),
    path("staff/insights/data-quality.csv", quality_csv, name="data-quality-csv"),
    path("insights/", public_overview, name="public-overview"),
    path("insights/overview.csv", public_overview_csv, name="public-overview-csv"),
    path("insights/overview.xlsx", public_overview_xlsx, name="public-overview-xlsx"),
    path("insights/map/", public_map, name="public-map"),
    path("insights/map.csv", public_map_csv, name="public-map-csv"),
    path("insights/map.xlsx", public_map_xlsx, name="public-map-xlsx"),
]
