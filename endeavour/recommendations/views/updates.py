"""What owners (and programme officers) do to an item: respond, report progress with evidence,
link evidence; and the evidence files, served access-checked from private storage."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.audit.services import audit_view_record
from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.recommendations import permissions
from endeavour.recommendations.forms.tracker import (
    LinkForm,
    ReasonForm,
    ResponseForm,
    StatusChangeForm,
)
from endeavour.recommendations.models import EvidenceLink, Recommendation
from endeavour.recommendations.selectors import recommendations as selectors
from endeavour.recommendations.services.recommendations import (
    evidence_link_add,
    evidence_link_remove,
    response_record,
)
from endeavour.recommendations.services.status import status_change_record, statuses_for_form


@requires(permissions.can_report_progress)
@require_http_methods(["GET", "POST"])
def status_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.updatable_item_or_404(request.user, pk)
    user = request_user(request)
    statuses = statuses_for_form(user)
    initial = {"effective_date": timezone.localdate()}
    if item.current_status is not None and any(
        s.code == item.current_status.code for s in statuses
    ):
        initial["status"] = item.current_status.code  # type: ignore[assignment]
    if request.method == "POST":
        form = StatusChangeForm(request.POST, request.FILES, statuses=statuses)
        if form.is_valid():
            data = form.cleaned_data
            try:
                change = status_change_record(
                    recommendation=item,
                    status_code=data["status"],
                    effective_date=data["effective_date"],
                    note=data["note"],
                    evidence_url=data["evidence_url"],
                    files=data["documents"],
                    public_summary=data["public_summary"],
                    progress=data["progress"],
                    by=user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                item.refresh_from_db()
                when = f"{change.effective_date:%-d %B %Y}"
                text = f"{item}: \u201c{change.status.label}\u201d from {when} is recorded."
                if item.current_status_since and item.current_status_since > change.effective_date:
                    text += (
                        " It is dated before the latest entry, so the current status is still "
                        f"\u201c{item.current_status}\u201d."
                    )
                messages.success(request, text)
                return redirect(item)
    else:
        form = StatusChangeForm(initial=initial, statuses=statuses)
    return render(
        request,
        "recommendations/staff/status_form.html",
        {
            "form": form,
            "item": item,
            "statuses": statuses,
            "can_manage": permissions.can_manage_tracker(user),
        },
        status=400 if form.errors else 200,
    )


@requires(permissions.can_report_progress)
@require_http_methods(["GET", "POST"])
def response_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.updatable_item_or_404(request.user, pk)
    if request.method == "POST":
        form = ResponseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                response_record(
                    recommendation=item,
                    response=data["response"],
                    reason=data["reason"],
                    response_date=data["response_date"],
                    by=request_user(request),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The response is recorded.")
                return redirect(item)
    else:
        form = ResponseForm(
            initial={
                "response": item.response if item.response != "awaiting" else None,
                "reason": item.response_reason,
                "response_date": item.response_date or timezone.localdate(),
            }
        )
    return render(
        request,
        "recommendations/staff/response_form.html",
        {"form": form, "item": item},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_report_progress)
@require_http_methods(["GET", "POST"])
def link_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.updatable_item_or_404(request.user, pk)
    form = LinkForm(request.POST) if request.method == "POST" else LinkForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = evidence_link_add(
                recommendation=item,
                kind=data["kind"],
                reference=data["reference"],
                note=data["note"],
                by=request_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{link.reference} is linked as evidence.")
            return redirect(item)
    return render(
        request,
        "recommendations/staff/link_form.html",
        {"form": form, "item": item},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_manage_tracker)
@require_POST
def link_remove(request: HttpRequest, pk: int) -> HttpResponse:
    visible = selectors.visible_items(request.user)
    link = (
        EvidenceLink.objects.select_related("recommendation")
        .filter(pk=pk, recommendation__in=visible)
        .first()
    )
    if link is None:
        raise Http404("No such link")
    item: Recommendation = link.recommendation
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            evidence_link_remove(
                link=link, by=request_user(request), reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"The link to {link.reference} is removed.")
    else:
        messages.error(request, "Give a reason to remove a link: it is kept in the audit log.")
    return redirect(item)


@requires(permissions.can_use_owner_pages)
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    found = selectors.evidence_file_or_404(request.user, pk)
    if not default_storage.exists(found.storage_path):
        raise Http404("The evidence file is missing from storage")
    response = FileResponse(default_storage.open(found.storage_path, "rb"))
    audit_view_record(found, reason="Evidence document opened")
    extension = found.storage_path.rsplit(".", 1)[-1]
    response["Content-Type"] = found.content_type
    response["Content-Disposition"] = (
        f'attachment; filename="evidence-{found.status_change.recommendation_id}-'
        f'{found.pk}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


urlpatterns: list[URLPattern] = [
    path("staff/recommendations/items/<int:pk>/status/", status_update, name="status-update"),
    path("staff/recommendations/items/<int:pk>/response/", response_update, name="response-update"),
    path("staff/recommendations/items/<int:pk>/links/add/", link_add, name="link-add"),
    path("staff/recommendations/links/<int:pk>/remove/", link_remove, name="link-remove"),
    path("staff/recommendations/evidence/<int:pk>/", evidence_file, name="evidence-file"),
]
