"""Staff intake: an analyst's report of one item, and the bulk import of a CSV or JSONL file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.views.decorators.http import require_http_methods

from endeavour.core.access import request_user, requires
from endeavour.online import permissions
from endeavour.online.forms.intake import ImportForm, ItemSubmitForm, add_service_errors
from endeavour.online.models import Case, Source
from endeavour.online.services import imports
from endeavour.online.services.intake import item_submit

PROBLEMS_SHOWN = 500
REPEATS_IN_MESSAGE = 20


def _case_url(case: Case) -> str:
    try:
        return reverse("online:case-detail", args=[case.pk])
    except NoReverseMatch:  # the case pages are not installed yet
        return f"/staff/online/cases/{case.pk}/"


@requires(permissions.can_review)
@require_http_methods(["GET", "POST"])
def item_submit_form(request: HttpRequest) -> HttpResponse:
    form = (
        ItemSubmitForm(request.POST, request.FILES)
        if request.method == "POST"
        else ItemSubmitForm()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = item_submit(
                url=data["url"],
                source=Source.ANALYST,
                submitted_text=data["text"].strip(),
                files=data["attachments"],
                submitted_by=request_user(request),
                note=data["note"].strip(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if result.item_created:
                text = f"{result.item.reference} is a new item, in case {result.case.reference}."
            else:
                text = (
                    f"{result.item.reference} was already known: your report was added to "
                    f"case {result.case.reference}."
                )
            messages.success(request, text)
            return redirect(_case_url(result.case))
    return render(request, "online/imports/item_submit.html", {"form": form})


@requires(permissions.can_import)
@require_http_methods(["GET", "POST"])
def import_items(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    plan: imports.ImportPlan | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        filename = upload.name or ""
        plan = imports.parse_import(data, filename)
        if plan.is_valid:
            job = imports.import_start(
                user=request_user(request), data=data, filename=filename, plan=plan
            )
            messages.success(
                request, f"All {len(plan.rows):,} rows passed their checks. The import has started."
            )
            if plan.repeats:
                shown = "; ".join(
                    plan.describe_repeat(r) for r in plan.repeats[:REPEATS_IN_MESSAGE]
                )
                more = len(plan.repeats) - REPEATS_IN_MESSAGE
                messages.info(
                    request,
                    f"{len(plan.repeats):,} rows repeat an earlier row and are imported once: "
                    f"{shown}" + (f"; and {more:,} more." if more > 0 else "."),
                )
            return redirect(job)
    return render(
        request,
        "online/imports/import.html",
        {
            "form": form,
            "plan": plan,
            "problems": plan.errors[:PROBLEMS_SHOWN] if plan else [],
            "problems_hidden": max(0, len(plan.errors) - PROBLEMS_SHOWN) if plan else 0,
            "max_rows": imports.MAX_ROWS,
            "batch_size": imports.BATCH_SIZE,
        },
        status=400 if plan is not None and not plan.is_valid else 200,
    )


urlpatterns: list[URLPattern] = [
    path("staff/online/submit/", item_submit_form, name="item-submit"),
    path("staff/online/import/", import_items, name="import"),
]
