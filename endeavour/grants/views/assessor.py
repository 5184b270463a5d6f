"""Pages for assessors: their assignments, the conflict-of-interest declaration that must come
first, and scoring against the rubric. Anything not assigned to them, or where they declared a
conflict, answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.core.access import requires
from endeavour.core.forms import add_service_errors
from endeavour.grants import permissions
from endeavour.grants.forms.partners import DeclarationForm, ScoreForm
from endeavour.grants.models import Assignment, Declaration
from endeavour.grants.selectors.assessment import assignment_or_404
from endeavour.grants.services.assessment import declaration_record, scores_submit


@requires(permissions.is_assessor)
@require_GET
def my_assessments(request: HttpRequest) -> HttpResponse:
    assignments = permissions.scope_assignments(
        request.user,
        Assignment.objects.select_related("application__call", "application__organisation"),
    )
    return render(request, "grants/assessor/list.html", {"assignments": assignments})


@requires(permissions.is_assessor)
@require_http_methods(["GET", "POST"])
def declare(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_or_404(request.user, pk)
    if assignment.declaration != Declaration.PENDING:
        return redirect("grants:assess", pk=assignment.pk)
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            declaration_record(
                assignment=assignment,
                conflict=form.cleaned_data["conflict"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if form.cleaned_data["conflict"]:
                messages.success(
                    request,
                    "Thank you. You are removed from this application; the fund manager will "
                    "ask someone else.",
                )
                return redirect("grants:my-assessments")
            return redirect("grants:assess", pk=assignment.pk)
    return render(
        request,
        "grants/assessor/declare.html",
        {"assignment": assignment, "form": form},
        status=400 if form.errors else 200,
    )


@requires(permissions.is_assessor)
@require_http_methods(["GET", "POST"])
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_or_404(request.user, pk)
    if assignment.declaration != Declaration.NO_CONFLICT:
        return redirect(reverse("grants:declare", args=[assignment.pk]))
    application = assignment.application
    criteria = list(application.call.criteria.all())
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    if request.method == "POST":
        form = ScoreForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                scores_submit(assignment=assignment, scores=form.scores(), comments=form.comments())
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Your scores for {application.reference} are saved.")
                return redirect("grants:my-assessments")
    else:
        initial: dict[str, object] = {}
        for criterion_id, score in existing.items():
            initial[f"score_{criterion_id}"] = str(score.score)
            initial[f"comment_{criterion_id}"] = score.comment
        form = ScoreForm(initial=initial, criteria=criteria)
    return render(
        request,
        "grants/assessor/assess.html",
        {
            "assignment": assignment,
            "application": application,
            "form": form,
            "attachments": application.attachments.all(),
            "boroughs": application.boroughs.all(),
            "criteria": criteria,
        },
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("fund/assessments/", my_assessments, name="my-assessments"),
    path("fund/assessments/<int:pk>/declare/", declare, name="declare"),
    path("fund/assessments/<int:pk>/", assess, name="assess"),
]
