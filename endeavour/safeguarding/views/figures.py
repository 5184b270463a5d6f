"""Figures: aggregate counts of concerns routed and help-finder use. Public pages suppress small
numbers; staff pages (programme officers, reports officers, auditors) show every number."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import anyone, requires
from endeavour.safeguarding import exports, permissions
from endeavour.safeguarding.charts import figures_charts
from endeavour.safeguarding.forms.public import YearForm
from endeavour.safeguarding.selectors.figures import Figures, figures_for

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figures(request: HttpRequest, *, public: bool) -> tuple[YearForm, Figures | None]:
    form = YearForm(request.GET if "year" in request.GET else {"year": timezone.localdate().year})
    if not form.is_valid():
        return form, None
    return form, figures_for(form.cleaned_data["year"], public=public)


def _page(request: HttpRequest, *, public: bool) -> HttpResponse:
    form, figures = _figures(request, public=public)
    context: dict[str, object] = {"form": form, "figures": figures, "public": public}
    if figures is not None:
        context.update(figures_charts(figures))
    return render(
        request,
        "safeguarding/figures.html",
        context,
        status=200 if figures is not None else 400,
    )


def _download(request: HttpRequest, *, public: bool, extension: str) -> HttpResponse:
    form, figures = _figures(request, public=public)
    if figures is None:
        return render(
            request,
            "safeguarding/figures.html",
            {"form": form, "figures": None, "public": public},
            status=400,
        )
    if not public:
        audit_event_record(
            action=AuditAction.EXPORT,
            object_type="safeguarding.figures",
            object_repr=f"Internal safeguarding figures for {figures.year} ({extension})",
        )
    if extension == "csv":
        response = HttpResponse(exports.as_csv(figures), content_type=CSV)
    else:
        response = HttpResponse(exports.as_xlsx(figures), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(figures, extension)}"'
    )
    return response


@requires(anyone)
@require_GET
def public_figures(request: HttpRequest) -> HttpResponse:
    return _page(request, public=True)


@requires(anyone)
@require_GET
def public_figures_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, public=True, extension="csv")


@requires(anyone)
@require_GET
def public_figures_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, public=True, extension="xlsx")


@requires(permissions.can_view_routing_records)
@require_GET
def staff_figures(request: HttpRequest) -> HttpResponse:
    return _page(request, public=False)


@requires(permissions.can_view_routing_records)
@require_GET
def staff_figures_csv(request: HttpRequest) -> HttpResponse:
    return _download(request, public=False, extension="csv")


@requires(permissions.can_view_routing_records)
@require_GET
def staff_figures_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, public=False, extension="xlsx")
