"""Staff pages for one application (eligibility, documents, assessors, scores, moderation, the
panel's decision, extensions), one grant (agreement, payments, variations) and one return."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.grants import permissions
from endeavour.grants.forms.staff import (
    AssignForm,
    DecisionForm,
    ExtensionForm,
    InstalmentsForm,
    ModerationForm,
    PaymentForm,
    VariationForm,
)
from endeavour.grants.models import (
    Application,
    Assignment,
    Grant,
    Instalment,
    MonitoringReturn,
    Score,
)
from endeavour.grants.selectors.assessment import divergence_reasons, final_score
from endeavour.grants.services.applications import extension_record
from endeavour.grants.services.assessment import (
    assignment_create,
    decision_record,
    moderation_record,
)
from endeavour.grants.services.grants import (
    PlannedInstalment,
    instalment_paid,
    instalments_set,
    variation_record,
)
from endeavour.grants.services.monitoring import return_review


def application_or_404(user: Any, pk: int) -> Application:
    found = (
        permissions.scope_applications(user, Application.objects.all())
        .select_related("call", "organisation")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("assessor").prefetch_related(
                    Prefetch("scores", queryset=Score.objects.select_related("criterion"))
                ),
            )
        )
        .filter(pk=pk)
        .first()
    )
    if found is None or not permissions.can_view_fund(user):
        raise Http404("No such application")
    return found


def _context(request: HttpRequest, application: Application, **forms: Any) -> dict[str, Any]:
    criteria = list(application.call.criteria.all())
    assignments = list(application.assignments.all())
    table = [
        (
            c,
            [
                next((s for s in a.scores.all() if s.criterion_id == c.pk), None)
                for a in assignments
            ],
        )
        for c in criteria
    ]
    can_manage = permissions.can_manage_fund(request.user)
    moderation = getattr(application, "moderation", None)
    context = {
        "application": application,
        "call": application.call,
        "attachments": application.attachments.all(),
        "boroughs": application.boroughs.all(),
        "assignments": assignments,
        "score_table": table,
        "criteria": criteria,
        "moderation": moderation,
        "moderated_scores": {
            int(k): v for k, v in (moderation.scores.items() if moderation else [])
        },
        "divergence": divergence_reasons(application),
        "final_score": final_score(application),
        "decision": getattr(application, "decision", None),
        "grant": getattr(application, "grant", None),
        "can_manage": can_manage,
    }
    if can_manage:
        context.setdefault("assign_form", forms.get("assign_form") or AssignForm())
        context.setdefault("extension_form", forms.get("extension_form") or ExtensionForm())
    return context


@requires(permissions.can_view_fund)
@require_GET
def staff_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request.user, pk)
    return render(request, "grants/staff/application.html", _context(request, application))


@requires(permissions.can_manage_fund)
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request.user, pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            assignment_create(
                application=application,
                assessor=form.cleaned_data["assessor"],
                by=request_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['assessor']} is asked to assess {application.reference}.",
            )
            return redirect(application.get_staff_url())
    return render(
        request,
        "grants/staff/application.html",
        _context(request, application, assign_form=form),
        status=400,
    )


@requires(permissions.can_manage_fund)
@require_POST
def extension(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request.user, pk)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            extension_record(application=application, by=request_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The extension is recorded.")
            return redirect(application.get_staff_url())
    return render(
        request,
        "grants/staff/application.html",
        _context(request, application, extension_form=form),
        status=400,
    )


@requires(permissions.can_manage_fund)
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request.user, pk)
    criteria = list(application.call.criteria.all())
    form = ModerationForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            moderation_record(
                application=application,
                scores={c.pk: form.cleaned_data.get(f"score_{c.pk}") for c in criteria},
                reason=form.cleaned_data["reason"],
                by=request_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "The agreed scores are recorded; the assessors' own scores are kept."
            )
            return redirect(application.get_staff_url())
    context = _context(request, application)
    context["form"] = form
    return render(
        request, "grants/staff/moderate.html", context, status=400 if form.errors else 200
    )


@requires(permissions.can_manage_fund)
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    application = application_or_404(request.user, pk)
    form = DecisionForm(request.POST or None, initial={"amount": application.amount_requested})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision_record(
                application=application,
                outcome=data["outcome"],
                amount=data["amount"] or 0,
                reasons=data["reasons"],
                by=request_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "The panel's decision is recorded. The letter is ready to send."
            )
            return redirect(application.get_staff_url())
    context = _context(request, application)
    context["form"] = form
    return render(request, "grants/staff/decide.html", context, status=400 if form.errors else 200)


def grant_or_404(user: Any, pk: int) -> Grant:
    grant = (
        permissions.scope_grants(user, Grant.objects.all())
        .select_related("application__call", "application__organisation")
        .filter(pk=pk)
        .first()
    )
    if grant is None or not permissions.can_view_fund(user):
        raise Http404("No such grant")
    return grant


def _grant_context(request: HttpRequest, grant: Grant, **extra: Any) -> dict[str, Any]:
    return {
        "grant": grant,
        "instalments": grant.instalments.all(),
        "variations": grant.variations.select_related("approved_by"),
        "returns": grant.returns.all(),
        "can_manage": permissions.can_manage_fund(request.user),
        "payment_form": PaymentForm(),
        "variation_form": extra.get("variation_form") or VariationForm(),
        **extra,
    }


@requires(permissions.can_view_fund)
@require_GET
def staff_grant(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_or_404(request.user, pk)
    return render(request, "grants/staff/grant.html", _grant_context(request, grant))


@requires(permissions.can_manage_fund)
@require_http_methods(["GET", "POST"])
def instalments(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_or_404(request.user, pk)
    unpaid = list(grant.instalments.filter(paid_on__isnull=True))
    initial: dict[str, Any] = {}
    for n, item in enumerate(unpaid, start=1):
        initial.update(
            {
                f"milestone_{n}": item.milestone,
                f"due_{n}": item.due_date,
                f"amount_{n}": item.amount,
            }
        )
    form = InstalmentsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            instalments_set(
                grant=grant,
                rows=[PlannedInstalment(m, d, a) for m, d, a in form.rows()],
                reason=form.cleaned_data["reason"],
                by=request_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The payment schedule is saved.")
            return redirect(grant)
    return render(
        request,
        "grants/staff/instalments.html",
        {"grant": grant, "form": form, "paid": grant.instalments.filter(paid_on__isnull=False)},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_manage_fund)
@require_POST
def instalment_paid_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = Instalment.objects.select_related("grant").filter(pk=pk).first()
    if item is None:
        raise Http404("No such instalment")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            instalment_paid(
                instalment=item, paid_on=form.cleaned_data["paid_on"], by=request_user(request)
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Payment of £{item.amount:,} recorded.")
    else:
        messages.error(request, "Give the date it was paid, for example 2026-04-30.")
    return redirect(item.grant)


@requires(permissions.can_manage_fund)
@require_POST
def variation(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_or_404(request.user, pk)
    form = VariationForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            variation_record(
                grant=grant,
                by=request_user(request),
                reason=data["reason"],
                amount=data["amount"],
                end_date=data["end_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The variation is recorded.")
            return redirect(grant)
    return render(
        request,
        "grants/staff/grant.html",
        _grant_context(request, grant, variation_form=form),
        status=400,
    )


@requires(permissions.can_view_fund)
@require_http_methods(["GET", "POST"])
def staff_return(request: HttpRequest, pk: int) -> HttpResponse:
    item = (
        MonitoringReturn.objects.select_related("grant__application__organisation")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("No such return")
    if request.method == "POST":
        if not permissions.can_manage_fund(request.user):
            return HttpResponse("Only programme officers can review returns.", status=403)
        try:
            return_review(monitoring_return=item, by=request_user(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The return is marked as reviewed.")
        return redirect("grants:staff-return", pk=item.pk)
    return render(
        request,
        "grants/staff/return.html",
        {
            "item": item,
            "grant": item.grant,
            "boroughs": item.boroughs.select_related("borough"),
            "outcomes": item.outcomes.select_related("instrument"),
            "can_manage": permissions.can_manage_fund(request.user),
        },
    )


urlpatterns: list[URLPattern] = [
    path("staff/grants/applications/<int:pk>/", staff_application, name="staff-application"),
    path("staff/grants/applications/<int:pk>/assign/", assign, name="assign"),
    path("staff/grants/applications/<int:pk>/extension/", extension, name="extension"),
    path("staff/grants/applications/<int:pk>/moderate/", moderate, name="moderate"),
    path("staff/grants/applications/<int:pk>/decide/", decide, name="decide"),
    path("staff/grants/grants/<int:pk>/", staff_grant, name="staff-grant"),
    path("staff/grants/grants/<int:pk>/instalments/", instalments, name="instalments"),
    path("staff/grants/grants/<int:pk>/variation/", variation, name="variation"),
    path("staff/grants/instalments/<int:pk>/paid/", instalment_paid_view, name="instalment-paid"),
    path("staff/grants/returns/<int:pk>/", staff_return, name="staff-return"),
]
