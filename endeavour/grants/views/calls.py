"""Staff pages for calls: the fund's home, adding, editing and publishing calls and their rubric,
the ranked list, the call's PDF summary, importing past awards, instruments and registrations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.grants import charts, exports, permissions
from endeavour.grants.forms.staff import (
    CallForm,
    CriterionForm,
    ImportForm,
    InstrumentForm,
    RegistrationDecisionForm,
)
from endeavour.grants.models import (
    ApplicationStatus,
    Call,
    Instrument,
    RegistrationRequest,
    RegistrationStatus,
)
from endeavour.grants.selectors.assessment import ranking
from endeavour.grants.selectors.figures import DESIGN_NOTE, fund_figures
from endeavour.grants.services import imports
from endeavour.grants.services.calls import (
    call_create,
    call_publish,
    call_update,
    criterion_add,
    instrument_create,
)
from endeavour.grants.services.registration import registration_approve, registration_refuse
from endeavour.grants.views.common import PDF, download


def call_or_404(user: object, pk: int) -> Call:
    call = permissions.scope_calls(user, Call.objects.all()).filter(pk=pk).first()
    if call is None:
        raise Http404("No such call")
    return call


@requires(permissions.can_view_fund)
@require_GET
def fund_home(request: HttpRequest) -> HttpResponse:
    calls = Call.objects.annotate(
        submitted=Count("applications", filter=~Q(applications__status=ApplicationStatus.DRAFT)),
        drafts=Count("applications", filter=Q(applications__status=ApplicationStatus.DRAFT)),
        awarded=Count("applications", filter=Q(applications__status=ApplicationStatus.AWARDED)),
    )
    return render(
        request,
        "grants/staff/home.html",
        {
            "calls": calls,
            "can_manage": permissions.can_manage_fund(request.user),
            "pending_registrations": RegistrationRequest.objects.filter(
                status=RegistrationStatus.PENDING
            ).count(),
        },
    )


@requires(permissions.can_manage_fund)
@require_http_methods(["GET", "POST"])
def call_create_view(request: HttpRequest) -> HttpResponse:
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = call_create(by=request_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{call} is added. Add its assessment criteria, then publish it."
            )
            return redirect(call)
    return render(
        request,
        "grants/staff/call_form.html",
        {"form": form, "call": None},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_manage_fund)
@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(request.user, pk)
    form = CallForm(request.POST or None, initial=CallForm.initial_for(call))
    if request.method == "POST" and form.is_valid():
        try:
            call_update(call=call, by=request_user(request), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The call is saved.")
            return redirect(call)
    return render(
        request,
        "grants/staff/call_form.html",
        {"form": form, "call": call},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_view_fund)
@require_http_methods(["GET", "POST"])
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The call, its rubric (officers add criteria here) and its applications."""
    call = call_or_404(request.user, pk)
    form = CriterionForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_manage_fund(request.user):
            return HttpResponse("Only programme officers can change a call.", status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                criterion_add(
                    call=call,
                    name=data["name"],
                    guidance=data["guidance"],
                    weight=data["weight"],
                    descriptors=data["descriptors"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"The criterion {data['name']} is added.")
                return redirect(call)
    applications = call.applications.select_related("organisation").prefetch_related("assignments")
    return render(
        request,
        "grants/staff/call_detail.html",
        {
            "call": call,
            "criteria": call.criteria.all(),
            "applications": applications,
            "form": form,
            "can_manage": permissions.can_manage_fund(request.user),
            "imports": call.imports.all()[:5],
        },
        status=400 if form.errors else 200,
    )


@requires(permissions.can_manage_fund)
@require_POST
def call_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(request.user, pk)
    try:
        call_publish(call=call, by=request_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{call} is published.")
    return redirect(call)


@requires(permissions.can_view_fund)
@require_GET
def call_ranking(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(request.user, pk)
    return render(request, "grants/staff/ranking.html", {"call": call, "ranking": ranking(call)})


@requires(permissions.can_view_fund)
@require_GET
def call_summary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(request.user, pk)
    figures = fund_figures(public=False, call=call)
    audit_event_record(action=AuditAction.EXPORT, instance=call, reason="PDF summary of the call")
    context = {
        "call": call,
        "figures": figures,
        "ranking": ranking(call),
        "money_map": charts.money_map(figures, "pdf-money"),
        "reach_map": charts.reach_map(figures, "pdf-reach"),
        "design_note": DESIGN_NOTE,
    }
    return download(
        exports.pdf("grants/print/call_summary.html", context), PDF, f"call-{call.pk}-summary.pdf"
    )


@requires(permissions.can_manage_fund)
@require_http_methods(["GET", "POST"])
def awards_import_view(request: HttpRequest, pk: int) -> HttpResponse:
    call = call_or_404(request.user, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    plan: imports.AwardsPlan | None = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        name = upload.name or ""
        plan = imports.parse_awards_file(data, name, call)
        if plan.is_valid:
            try:
                run = imports.awards_import(
                    plan=plan, data=data, filename=name, by=request_user(request)
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Imported {run.rows} past awards (£{run.total_amount:,}) from {run.filename}.",
                )
                return redirect(call)
    return render(
        request,
        "grants/staff/import.html",
        {"call": call, "form": form, "plan": plan, "columns": imports.COLUMNS},
        status=400 if (plan is not None and not plan.is_valid) or form.errors else 200,
    )


@requires(permissions.can_view_fund)
@require_http_methods(["GET", "POST"])
def instruments(request: HttpRequest) -> HttpResponse:
    form = InstrumentForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_manage_fund(request.user):
            return HttpResponse("Only programme officers can add instruments.", status=403)
        if form.is_valid():
            try:
                instrument_create(**form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The instrument is added.")
                return redirect("grants:instruments")
    return render(
        request,
        "grants/staff/instruments.html",
        {
            "instruments": Instrument.objects.all(),
            "form": form,
            "can_manage": permissions.can_manage_fund(request.user),
        },
        status=400 if form.errors else 200,
    )


@requires(permissions.can_view_fund)
@require_GET
def registrations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "grants/staff/registrations.html",
        {"requests": RegistrationRequest.objects.select_related("borough", "decided_by")[:200]},
    )


@requires(permissions.can_view_fund)
@require_http_methods(["GET", "POST"])
def registration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = RegistrationRequest.objects.select_related("borough").filter(pk=pk).first()
    if found is None:
        raise Http404("No such request")
    form = RegistrationDecisionForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_manage_fund(request.user):
            return HttpResponse("Only programme officers can decide.", status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["decision"] == "approve":
                    user = registration_approve(
                        request=found, by=request_user(request), organisation=data["organisation"]
                    )
                    messages.success(
                        request,
                        f"Approved. {user.email} has been sent a link to set their password.",
                    )
                else:
                    registration_refuse(
                        request=found, by=request_user(request), reason=data["reason"]
                    )
                    messages.success(request, "Refused. The person has been told why.")
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("grants:registrations")
    return render(
        request,
        "grants/staff/registration.html",
        {"item": found, "form": form, "can_manage": permissions.can_manage_fund(request.user)},
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("staff/grants/", fund_home, name="fund-home"),
    path("staff/grants/calls/add/", call_create_view, name="call-create"),
    path("staff/grants/calls/<int:pk>/", call_detail, name="call-detail"),
    path("staff/grants/calls/<int:pk>/edit/", call_edit, name="call-edit"),
    path("staff/grants/calls/<int:pk>/publish/", call_publish_view, name="call-publish"),
    path("staff/grants/calls/<int:pk>/ranking/", call_ranking, name="call-ranking"),
    path("staff/grants/calls/<int:pk>/summary.pdf", call_summary_pdf, name="call-summary-pdf"),
    path("staff/grants/calls/<int:pk>/import/", awards_import_view, name="call-import"),
    path("staff/grants/instruments/", instruments, name="instruments"),
    path("staff/grants/registrations/", registrations, name="registrations"),
    path("staff/grants/registrations/<int:pk>/", registration_detail, name="registration-detail"),
]
