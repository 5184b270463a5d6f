"""The public pages: progress on published sources, their listed recommendations, the status
definitions, and the same figures as CSV, Excel and PDF. Public fields only; no JavaScript."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET

from endeavour.core.access import anyone, requires
from endeavour.recommendations import exports, permissions
from endeavour.recommendations.models import (
    ChangeKind,
    Recommendation,
    Source,
    StatusVocabulary,
)
from endeavour.recommendations.rag import rag_for
from endeavour.recommendations.selectors.figures import load_history
from endeavour.recommendations.selectors.reports import (
    PUBLIC_FIELDS,
    ProgressReport,
    headline,
    progress_report,
)
from endeavour.recommendations.views.reporting import (
    AsAt,
    as_at_from,
    chart_context,
    report_context,
)

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _public_source_or_404(pk: int) -> Source:
    source = permissions.scope_public_sources(Source.objects.all()).filter(pk=pk).first()
    if source is None:
        raise Http404("No such published source")
    return source


@requires(anyone)
@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    sources = list(permissions.scope_public_sources(Source.objects.all()))
    return render(
        request,
        "recommendations/public/index.html",
        {"entries": [(source, headline(source, today)) for source in sources], "today": today},
    )


def _invalid(request: HttpRequest, source: Source, as_at: AsAt) -> HttpResponse:
    return render(
        request,
        "recommendations/public/source.html",
        {"source": source, "as_at": as_at, "report": None},
        status=400,
    )


@requires(anyone)
@require_GET
def public_source(request: HttpRequest, pk: int) -> HttpResponse:
    source, as_at, report = _public_report(request, pk)
    if report is None:
        return _invalid(request, source, as_at)
    context = report_context(request, report, as_at)
    context.update(source=source, public_fields=PUBLIC_FIELDS)
    return render(request, "recommendations/public/source.html", context)


def _public_report(request: HttpRequest, pk: int) -> tuple[Source, AsAt, ProgressReport | None]:
    source = _public_source_or_404(pk)
    as_at = as_at_from(request)
    if as_at.as_at is None:
        return source, as_at, None
    report = progress_report(source, as_at=as_at.as_at, recorded_on=as_at.recorded_on, public=True)
    return source, as_at, report


def _download(content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@requires(anyone)
@require_GET
def public_source_csv(request: HttpRequest, pk: int) -> HttpResponse:
    source, as_at, report = _public_report(request, pk)
    if report is None:
        return _invalid(request, source, as_at)
    return _download(exports.as_csv(report), CSV, exports.filename(report, "csv"))


@requires(anyone)
@require_GET
def public_source_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    source, as_at, report = _public_report(request, pk)
    if report is None:
        return _invalid(request, source, as_at)
    return _download(exports.as_xlsx(report), XLSX, exports.filename(report, "xlsx"))


@requires(anyone)
@require_GET
def public_source_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    source, as_at, report = _public_report(request, pk)
    if report is None:
        return _invalid(request, source, as_at)
    context = {"report": report, "figure": report.figure, "source": source}
    pdf = exports.as_pdf(report, {**context, **chart_context(report, "pdf")})
    return _download(pdf, "application/pdf", exports.filename(report, "pdf"))


@requires(anyone)
@require_GET
def public_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    item = (
        permissions.scope_public_recommendations(Recommendation.objects.all())
        .select_related("source", "theme", "parent", "current_status__vocabulary")
        .prefetch_related("owner_organisations")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("No such published recommendation")
    today = timezone.localdate()
    history = load_history(Recommendation.objects.filter(pk=item.pk) | item.actions.all())
    changes = list(
        item.status_changes.select_related("status__vocabulary").order_by(
            "-effective_date", "-recorded_at", "-id"
        )
    )
    actions = [
        (action, history.status_at(action.pk, today), history.progress_at(action.pk, today))
        for action in permissions.scope_public_recommendations(item.actions.all())
        .select_related("current_status")
        .prefetch_related("owner_organisations")
    ]
    return render(
        request,
        "recommendations/public/recommendation.html",
        {
            "item": item,
            "changes": changes,
            "initial_kind": ChangeKind.INITIAL,
            "progress": history.progress_at(item.pk, today),
            "actions": actions,
            "rag": rag_for(item.current_status, item.target_date, today),
            "today": today,
        },
    )


@requires(anyone)
@require_GET
def public_statuses(request: HttpRequest) -> HttpResponse:
    vocabularies = StatusVocabulary.objects.prefetch_related("statuses").order_by("-effective_from")
    return render(request, "recommendations/public/statuses.html", {"vocabularies": vocabularies})


@requires(anyone)
@require_GET
def source_document(request: HttpRequest, pk: int) -> FileResponse:
    """A source's attached document: public once the source is published; before, for viewers."""
    source = permissions.scope_sources(request.user, Source.objects.all()).filter(pk=pk).first()
    if source is None or not source.document_path:
        raise Http404("No such document")
    if not default_storage.exists(source.document_path):
        raise Http404("The document is missing from storage")
    response = FileResponse(default_storage.open(source.document_path, "rb"))
    response["Content-Type"] = source.document_type or "application/octet-stream"
    extension = source.document_path.rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="source-{source.pk}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if not source.is_published:
        response["Cache-Control"] = "no-store, private"
    return response


urlpatterns: list[URLPattern] = [
    path("recommendations/", public_index, name="public-index"),
    path("recommendations/statuses/", public_statuses, name="public-statuses"),
    path("recommendations/sources/<int:pk>/", public_source, name="public-source"),
    path(
        "recommendations/sources/<int:pk>/progress.csv", public_source_csv, name="public-source-csv"
    ),
    path(
        "recommendations/sources/<int:pk>/progress.xlsx",
        public_source_xlsx,
        name="public-source-xlsx",
    ),
    path(
        "recommendations/sources/<int:pk>/progress.pdf", public_source_pdf, name="public-source-pdf"
    ),
    path("recommendations/sources/<int:pk>/document/", source_document, name="source-document"),
    path("recommendations/items/<int:pk>/", public_recommendation, name="public-recommendation"),
]
