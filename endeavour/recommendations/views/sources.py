"""Staff pages for sources: the list, adding and editing, progress, import and internal exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.recommendations import exports, permissions
from endeavour.recommendations.forms.tracker import ImportForm, SourceForm
from endeavour.recommendations.selectors.recommendations import source_or_404, sources_with_counts
from endeavour.recommendations.selectors.reports import ProgressReport, headline, progress_report
from endeavour.recommendations.services import imports
from endeavour.recommendations.services.sources import source_create, source_update
from endeavour.recommendations.views.reporting import as_at_from, report_context

PROBLEMS_SHOWN = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@requires(permissions.can_view_tracker)
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sources = list(sources_with_counts(request.user))
    return render(
        request,
        "recommendations/staff/source_list.html",
        {
            "entries": [(source, headline(source, today)) for source in sources],
            "can_manage": permissions.can_manage_tracker(request.user),
        },
    )


@requires(permissions.can_manage_tracker)
@require_http_methods(["GET", "POST"])
def source_create_view(request: HttpRequest) -> HttpResponse:
    form = SourceForm(request.POST, request.FILES) if request.method == "POST" else SourceForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            source = source_create(
                kind=data["kind"],
                title=data["title"],
                date=data["date"],
                author=data["author"],
                summary=data["summary"],
                url=data["url"],
                is_published=data["is_published"],
                document=data["document"],
                by=request_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{source} is added. Now import or add its recommendations.")
            return redirect(source)
    return render(
        request,
        "recommendations/staff/source_form.html",
        {"form": form, "source": None},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_manage_tracker)
@require_http_methods(["GET", "POST"])
def source_edit(request: HttpRequest, pk: int) -> HttpResponse:
    source = source_or_404(request.user, pk)
    if request.method == "POST":
        form = SourceForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            document = data.pop("document")
            try:
                source_update(source=source, by=request_user(request), document=document, **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The source is saved.")
                return redirect(source)
    else:
        form = SourceForm(initial=SourceForm.initial_for(source))
    return render(
        request,
        "recommendations/staff/source_form.html",
        {"form": form, "source": source},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_view_tracker)
@require_GET
def source_detail(request: HttpRequest, pk: int) -> HttpResponse:
    source = source_or_404(request.user, pk)
    as_at = as_at_from(request)
    context = {
        "source": source,
        "as_at": as_at,
        "report": None,
        "can_manage": permissions.can_manage_tracker(request.user),
        "imports": source.imports.select_related("imported_by")[:10],
    }
    if as_at.as_at is None:
        return render(request, "recommendations/staff/source_detail.html", context, status=400)
    report = progress_report(source, as_at=as_at.as_at, recorded_on=as_at.recorded_on, public=False)
    context.update(report_context(request, report, as_at))
    response = render(request, "recommendations/staff/source_detail.html", context)
    add_never_cache_headers(response)
    return response


@requires(permissions.can_manage_tracker)
@require_http_methods(["GET", "POST"])
def source_import(request: HttpRequest, pk: int) -> HttpResponse:
    source = source_or_404(request.user, pk)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    plan: imports.ImportPlan | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        name = upload.name or ""
        plan = imports.parse_recommendations_file(data, name, source)
        if plan.is_valid:
            try:
                run = imports.recommendations_import(
                    plan=plan, data=data, filename=name, by=request_user(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Imported {run.rows} rows from {run.filename}: {run.created_count} new, "
                    f"{run.updated_count} updated, {run.unchanged_count} unchanged.",
                )
                if run.not_in_file:
                    messages.info(
                        request,
                        f"{len(run.not_in_file)} items in the tracker were not in the file and "
                        f"are unchanged: {', '.join(run.not_in_file[:50])}"
                        + ("..." if len(run.not_in_file) > 50 else "."),
                    )
                return redirect(source)
    return render(
        request,
        "recommendations/staff/import.html",
        {
            "form": form,
            "source": source,
            "plan": plan,
            "problems": plan.problems[:PROBLEMS_SHOWN] if plan else [],
            "problems_hidden": max(0, len(plan.problems) - PROBLEMS_SHOWN) if plan else 0,
            "columns": imports.COLUMNS,
            "max_rows": imports.MAX_ROWS,
        },
        status=400 if (plan is not None and not plan.is_valid) or form.errors else 200,
    )


def _internal_report(
    request: HttpRequest, pk: int
) -> tuple[HttpResponse | None, ProgressReport | None]:
    source = source_or_404(request.user, pk)
    as_at = as_at_from(request)
    if as_at.as_at is None:
        return HttpResponse(
            "Give a real as-at date, for example as_at=2017-10-31.", status=400
        ), None
    report = progress_report(source, as_at=as_at.as_at, recorded_on=as_at.recorded_on, public=False)
    audit_event_record(
        action=AuditAction.EXPORT,
        instance=source,
        reason=f"Internal progress export as at {as_at.as_at.isoformat()}",
    )
    return None, report


def _download(content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    add_never_cache_headers(response)
    return response


@requires(permissions.can_view_tracker)
@require_GET
def source_export_csv(request: HttpRequest, pk: int) -> HttpResponse:
    error, report = _internal_report(request, pk)
    if report is None:
        assert error is not None
        return error
    return _download(
        exports.as_csv(report), "text/csv; charset=utf-8", exports.filename(report, "csv")
    )


@requires(permissions.can_view_tracker)
@require_GET
def source_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    error, report = _internal_report(request, pk)
    if report is None:
        assert error is not None
        return error
    return _download(exports.as_xlsx(report), XLSX, exports.filename(report, "xlsx"))


urlpatterns: list[URLPattern] = [
    path("staff/recommendations/sources/", source_list, name="source-list"),
    path("staff/recommendations/sources/add/", source_create_view, name="source-create"),
    path("staff/recommendations/sources/<int:pk>/", source_detail, name="source-detail"),
    path("staff/recommendations/sources/<int:pk>/edit/", source_edit, name="source-edit"),
    path("staff/recommendations/sources/<int:pk>/import/", source_import, name="source-import"),
    path(
        "staff/recommendations/sources/<int:pk>/export.csv",
        source_export_csv,
        name="source-export-csv",
    ),
    path(
        "staff/recommendations/sources/<int:pk>/export.xlsx",
        source_export_xlsx,
        name="source-export-xlsx",
    ),
]
