"""Staff pages: publications with their versions, a publication as published, and the import
(upload, preview and mapping, confirmation)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.official_stats import exports, permissions, selectors
from endeavour.official_stats.forms import MappingForm, UploadForm
from endeavour.official_stats.models import Figure, PendingUpload, Publication
from endeavour.official_stats.services import imports

PROBLEMS_SHOWN = 500


@requires(permissions.can_view_publications)
@require_GET
def publication_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "official_stats/staff/publication_list.html",
        {
            "groups": selectors.publication_versions(),
            "can_import": permissions.can_import(request.user),
            "uploads": permissions.scope_uploads(request.user, PendingUpload.objects.all())
            .select_related("uploaded_by")
            .defer("data")[:20],
        },
    )


def _publication(pk: int) -> Publication:
    return get_object_or_404(Publication.objects.select_related("imported_by"), pk=pk)


@requires(permissions.can_view_publications)
@require_GET
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication(pk)
    tables = list(publication.tables.prefetch_related("figures"))
    latest = selectors.latest_versions().get(publication.year)
    return render(
        request,
        "official_stats/staff/publication_detail.html",
        {
            "publication": publication,
            "tables": tables,
            "is_current": latest == publication.version,
            "comparison": selectors.comparison_for(publication, public=False),
            "aggregate_only": selectors.AGGREGATE_ONLY,
        },
    )


def _download(content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    add_never_cache_headers(response)
    return response


def _figures(publication: Publication) -> list[Figure]:
    audit_event_record(
        action=AuditAction.EXPORT, instance=publication, reason="Official statistics as published"
    )
    return list(
        publication.figures.select_related("table").order_by(
            "table__position", "category_order", "id"
        )
    )


@requires(permissions.can_view_publications)
@require_GET
def publication_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication(pk)
    content = exports.publication_csv(publication, _figures(publication))
    name = f"official-statistics-{publication.year}-v{publication.version}.csv"
    return _download(content, "text/csv; charset=utf-8", name)


@requires(permissions.can_view_publications)
@require_GET
def publication_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication(pk)
    content = exports.publication_xlsx(publication, _figures(publication))
    name = f"official-statistics-{publication.year}-v{publication.version}.xlsx"
    return _download(content, exports.XLSX, name)


@requires(permissions.can_import)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        file = data["file"]
        try:
            pending = imports.upload_receive(
                data=file.read(imports.max_upload_bytes() + 1),
                filename=file.name or "",
                title=data["title"],
                year=data["year"],
                url=data["url"],
                by=request_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("official_stats:upload-map", pk=pending.pk)
    return render(
        request,
        "official_stats/staff/upload.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _pending(request: HttpRequest, pk: int) -> PendingUpload:
    queryset = permissions.scope_uploads(request.user, PendingUpload.objects.all())
    return get_object_or_404(queryset, pk=pk)


@requires(permissions.can_import)
@require_http_methods(["GET", "POST"])
def upload_map(request: HttpRequest, pk: int) -> HttpResponse:
    pending = _pending(request, pk)
    try:
        tables = imports.detected_tables(pending)
    except ValidationError:
        raise Http404("The uploaded file can no longer be read.") from None
    form = (
        MappingForm(request.POST, tables=tables, year=pending.year)
        if request.method == "POST"
        else MappingForm(tables=tables, year=pending.year)
    )
    plan: imports.ImportPlan | None = None
    if request.method == "POST" and form.is_valid():
        plan = imports.upload_map(upload=pending, mappings=form.mappings())
        if plan.is_valid:
            return redirect("official_stats:upload-confirm", pk=pending.pk)
    return render(
        request,
        "official_stats/staff/upload_map.html",
        {
            "pending": pending,
            "form": form,
            "tables": tables,
            "plan": plan,
            "problems": plan.problems[:PROBLEMS_SHOWN] if plan else [],
            "problems_hidden": max(0, len(plan.problems) - PROBLEMS_SHOWN) if plan else 0,
        },
        status=400 if form.errors or (plan is not None and not plan.is_valid) else 200,
    )


@requires(permissions.can_import)
@require_http_methods(["GET", "POST"])
def upload_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    pending = _pending(request, pk)
    plan = imports.stored_plan(pending)
    if plan is None:
        messages.info(request, "Choose what each table holds first.")
        return redirect("official_stats:upload-map", pk=pending.pk)
    error = None
    if request.method == "POST":
        try:
            publication = imports.publication_import(upload=pending, by=request_user(request))
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request,
                f"Imported {publication.figures.count():,} figures as version "
                f"{publication.version} for the year ending March {publication.year}.",
            )
            return redirect("official_stats:publication-detail", pk=publication.pk)
    latest = selectors.latest_versions().get(pending.year, 0)
    return render(
        request,
        "official_stats/staff/upload_confirm.html",
        {
            "pending": pending,
            "plan": plan,
            "summary": plan.summary(),
            "next_version": latest + 1,
            "error": error,
            "map_url": reverse("official_stats:upload-map", kwargs={"pk": pending.pk}),
        },
        status=400 if error else 200,
    )


urlpatterns: list[URLPattern] = [
    path("staff/official-statistics/", publication_list, name="publication-list"),
    path("staff/official-statistics/import/", upload, name="upload"),
    path("staff/official-statistics/import/<int:pk>/", upload_map, name="upload-map"),
    path(
        "staff/official-statistics/import/<int:pk>/confirm/", upload_confirm, name="upload-confirm"
    ),
    path(
        "staff/official-statistics/publications/<int:pk>/",
        publication_detail,
        name="publication-detail",
    ),
    path(
        "staff/official-statistics/publications/<int:pk>/figures.csv",
        publication_export_csv,
        name="publication-csv",
    ),
    path(
        "staff/official-statistics/publications/<int:pk>/figures.xlsx",
        publication_export_xlsx,
        name="publication-xlsx",
    ),
]
