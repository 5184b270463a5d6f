"""Public pages: London against England and Wales, per year and per dimension, with charts,
tables and CSV/Excel downloads. Current versions only; counts under 5 suppressed."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from endeavour.core.access import anyone, requires
from endeavour.official_stats import charts, exports, selectors
from endeavour.official_stats.models import Dimension


def _comparison(year: int) -> selectors.Comparison:
    comparison = selectors.london_vs_england_and_wales(year, public=True)
    if comparison is None:
        raise Http404("No statistics for that year.")
    return comparison


def _dimension(comparison: selectors.Comparison, dimension: str) -> selectors.DimensionComparison:
    found = comparison.get(dimension) if dimension in Dimension.values else None
    if found is None:
        raise Http404("That year's publication has no such table.")
    return found


def _context(comparison: selectors.Comparison) -> dict[str, object]:
    return {
        "comparison": comparison,
        "publication": comparison.publication,
        "aggregate_only": selectors.AGGREGATE_ONLY,
        "suppression_note": selectors.SUPPRESSION_NOTE,
    }


@requires(anyone)
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    shares = selectors.london_share_by_year()
    return render(
        request,
        "official_stats/public/index.html",
        {
            "shares": list(reversed(shares)),
            "chart": charts.london_share_chart(shares) if shares else None,
            "aggregate_only": selectors.AGGREGATE_ONLY,
            "suppression_note": selectors.SUPPRESSION_NOTE,
        },
    )


@requires(anyone)
@require_GET
def year_page(request: HttpRequest, year: int) -> HttpResponse:
    comparison = _comparison(year)
    sections = [(d, charts.comparison_chart(d)) for d in comparison.dimensions]
    return render(
        request,
        "official_stats/public/year.html",
        {**_context(comparison), "sections": sections},
    )


@requires(anyone)
@require_GET
def dimension_page(request: HttpRequest, year: int, dimension: str) -> HttpResponse:
    comparison = _comparison(year)
    found = _dimension(comparison, dimension)
    return render(
        request,
        "official_stats/public/dimension.html",
        {**_context(comparison), "section": found, "chart": charts.comparison_chart(found)},
    )


def _download(content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(anyone)
@require_GET
def dimension_csv(request: HttpRequest, year: int, dimension: str) -> HttpResponse:
    comparison = _comparison(year)
    found = _dimension(comparison, dimension)
    return _download(
        exports.comparison_csv(comparison, found),
        "text/csv; charset=utf-8",
        f"prevent-referrals-{year}-{dimension}-london-and-england-and-wales.csv",
    )


@requires(anyone)
@require_GET
def dimension_xlsx(request: HttpRequest, year: int, dimension: str) -> HttpResponse:
    comparison = _comparison(year)
    found = _dimension(comparison, dimension)
    return _download(
        exports.comparison_xlsx(comparison, found),
        exports.XLSX,
        f"prevent-referrals-{year}-{dimension}-london-and-england-and-wales.xlsx",
    )


urlpatterns: list[URLPattern] = [
    path("official-statistics/", index, name="public-index"),
    path("official-statistics/<int:year>/", year_page, name="public-year"),
    path(
        "official-statistics/<int:year>/<slug:dimension>/", dimension_page, name="public-dimension"
    ),
    path("official-statistics/<int:year>/<slug:dimension>.csv", dimension_csv, name="public-csv"),
    path(
        "official-statistics/<int:year>/<slug:dimension>.xlsx", dimension_xlsx, name="public-xlsx"
    ),
]
