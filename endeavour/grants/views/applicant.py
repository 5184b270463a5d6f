"""Pages for community organisations: their applications (save and resume, attachments, submit),
decision letters, grants (accept the agreement) and monitoring returns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.core.models import Borough
from endeavour.grants import exports, permissions
from endeavour.grants.forms.partners import ApplicationForm, ReturnForm
from endeavour.grants.models import (
    Application,
    Attachment,
    Call,
    Grant,
    MonitoringReturn,
    ReturnStatus,
)
from endeavour.grants.services.applications import (
    DuplicateApplication,
    application_save,
    application_start,
    application_submit,
)
from endeavour.grants.services.grants import agreement_accept
from endeavour.grants.services.monitoring import OutcomeRow, return_submit
from endeavour.grants.views.common import PDF, attachment_response, download


def _own_application_or_404(request: HttpRequest, pk: int) -> Application:
    found = (
        permissions.scope_own_applications(request.user, Application.objects.all())
        .select_related("call", "organisation")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such application")
    return found


@requires(permissions.is_applicant)
@require_GET
def my_applications(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    applications = permissions.scope_own_applications(
        user, Application.objects.select_related("call")
    ).filter(is_imported=False)
    grants = permissions.scope_grants(user, Grant.objects.select_related("application__call"))
    returns = permissions.scope_returns(
        user, MonitoringReturn.objects.select_related("grant")
    ).filter(status=ReturnStatus.DUE, period_start__lte=timezone.localdate())
    open_calls = [
        c
        for c in permissions.scope_public_calls(Call.objects.filter(is_historical=False))
        if c.is_open
    ]
    return render(
        request,
        "grants/applicant/home.html",
        {
            "applications": applications,
            "grants": grants,
            "returns": returns,
            "open_calls": open_calls,
            "today": timezone.localdate(),
        },
    )


@requires(permissions.is_applicant)
@require_POST
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    call = permissions.scope_public_calls(Call.objects.all()).filter(pk=pk).first()
    if call is None:
        raise Http404("No such call")
    try:
        application = application_start(call=call, organisation=user.organisation, by=user)
    except DuplicateApplication as duplicate:
        messages.error(
            request,
            format_html(
                '{} <a href="{}">Go to application {}</a>.',
                duplicate.messages[0],
                duplicate.existing.get_absolute_url(),
                duplicate.existing.reference,
            ),
        )
        return redirect("grants:public-call", pk=call.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("grants:public-call", pk=call.pk)
    messages.success(
        request, f"Application {application.reference} is started. Save it as often as you like."
    )
    return redirect(application)


def _initial(application: Application) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(application, name) for name in ApplicationForm.FIELDS}
    initial["boroughs"] = list(application.boroughs.all())
    return initial


@requires(permissions.is_applicant)
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The application: a form while it is a draft (save and come back), then read only."""
    user = request_user(request)
    application = _own_application_or_404(request, pk)
    form = None
    if application.is_editable:
        if request.method == "POST":
            form = ApplicationForm(request.POST, request.FILES, call=application.call)
            if form.is_valid():
                try:
                    application_save(
                        application=application,
                        by=user,
                        boroughs=list(form.cleaned_data["boroughs"]),
                        files=form.cleaned_data["files"],
                        **form.changes(),
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        "Your application is saved. You can come back to it at any time "
                        "before the call closes.",
                    )
                    if "submit" in request.POST:
                        return _submit(request, application)
                    return redirect(application)
        else:
            form = ApplicationForm(initial=_initial(application), call=application.call)
    elif request.method == "POST":
        return HttpResponse(
            "This application has been submitted and cannot be changed.", status=409
        )
    return _render_application(request, application, form)


def _render_application(
    request: HttpRequest,
    application: Application,
    form: ApplicationForm | None,
    status: int | None = None,
) -> HttpResponse:
    decision = getattr(application, "decision", None)
    return render(
        request,
        "grants/applicant/application.html",
        {
            "application": application,
            "call": application.call,
            "form": form,
            "attachments": application.attachments.all(),
            "boroughs": application.boroughs.all(),
            "decision": decision,
            "grant": getattr(application, "grant", None),
        },
        status=status or (400 if form is not None and form.errors else 200),
    )


def _submit(request: HttpRequest, application: Application) -> HttpResponse:
    try:
        result = application_submit(application=application, by=request_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(application)
    application.refresh_from_db()
    if result.submitted:
        messages.success(
            request,
            f"Application {application.reference} is submitted. We will tell you the panel's "
            f"decision by {application.call.decision_date:%d %B %Y}.",
        )
        return redirect(application)
    messages.error(
        request,
        "Your application is saved but not submitted: it does not meet every rule yet. See "
        "what to fix below.",
    )
    return redirect(application)


@requires(permissions.is_applicant)
@require_POST
def application_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application_or_404(request, pk)
    return _submit(request, application)


@requires(permissions.can_open_application_files)
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = (
        permissions.scope_attachments(request.user, Attachment.objects.all())
        .select_related("application")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Http404("No such document")
    return attachment_response(attachment)


@requires(permissions.can_read_letters)
@require_GET
def decision_letter(request: HttpRequest, pk: int) -> HttpResponse:
    application = (
        permissions.scope_applications(request.user, Application.objects.all())
        .select_related("call", "organisation", "decision", "grant")
        .filter(pk=pk, decision__isnull=False, is_imported=False)
        .first()
    )
    if application is None:
        raise Http404("No decision letter")
    context = {
        "application": application,
        "decision": application.decision,
        "grant": getattr(application, "grant", None),
        "instalments": application.grant.instalments.all() if hasattr(application, "grant") else [],
    }
    pdf = exports.pdf("grants/print/letter.html", context)
    return download(pdf, PDF, f"decision-{application.reference}.pdf")


def _own_grant_or_404(request: HttpRequest, pk: int) -> Grant:
    grant = (
        permissions.scope_grants(request.user, Grant.objects.all())
        .select_related("application__call", "application__organisation")
        .filter(pk=pk)
        .first()
    )
    if grant is None or not permissions.is_applicant(request.user):
        raise Http404("No such grant")
    return grant


@requires(permissions.is_applicant)
@require_http_methods(["GET", "POST"])
def my_grant(request: HttpRequest, pk: int) -> HttpResponse:
    grant = _own_grant_or_404(request, pk)
    if request.method == "POST":
        try:
            agreement_accept(grant=grant, by=request_user(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "You have accepted the grant agreement.")
        return redirect(grant.get_applicant_url())
    return render(
        request,
        "grants/applicant/grant.html",
        {
            "grant": grant,
            "instalments": grant.instalments.all(),
            "returns": grant.returns.all(),
            "variations": grant.variations.all(),
            "today": timezone.localdate(),
        },
    )


def _outcomes(form: ReturnForm) -> list[OutcomeRow]:
    rows = []
    data = form.cleaned_data
    for n in range(1, 4):
        if data.get(f"instrument_{n}") is not None:
            rows.append(
                OutcomeRow(
                    data[f"instrument_{n}"],
                    int(data[f"respondents_{n}"]),
                    Decimal(data[f"before_{n}"]),
                    Decimal(data[f"after_{n}"]),
                )
            )
    return rows


@requires(permissions.is_applicant)
@require_http_methods(["GET", "POST"])
def my_return(request: HttpRequest, pk: int) -> HttpResponse:
    item = (
        permissions.scope_returns(request.user, MonitoringReturn.objects.all())
        .select_related("grant__application")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("No such return")
    form = None
    if item.status == ReturnStatus.DUE:
        form = ReturnForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            boroughs = {b.pk: b for b in Borough.objects.all()}
            data = form.cleaned_data
            try:
                return_submit(
                    monitoring_return=item,
                    by=request_user(request),
                    activities_delivered=data["activities_delivered"],
                    activities_summary=data["activities_summary"],
                    participants=data["participants"],
                    demographics={d: form.grouped(d) for d in ("age", "gender", "ethnicity")},
                    boroughs={boroughs[int(k)]: v for k, v in form.grouped("borough").items()},
                    outcomes=_outcomes(form),
                    incidents=form.grouped("incidents"),
                    risks=form.grouped("risks"),
                    risks_summary=data["risks_summary"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your monitoring return is submitted. Thank you.")
                return redirect(item.grant.get_applicant_url())
    elif request.method == "POST":
        return HttpResponse("This return has already been submitted.", status=409)
    return render(
        request,
        "grants/applicant/return.html",
        {"item": item, "form": form, "grant": item.grant},
        status=400 if form is not None and form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("fund/applications/", my_applications, name="my-applications"),
    path("fund/calls/<int:pk>/apply/", apply, name="apply"),
    path("fund/applications/<int:pk>/", application_detail, name="application-detail"),
    path("fund/applications/<int:pk>/submit/", application_submit_view, name="application-submit"),
    path("fund/applications/<int:pk>/letter.pdf", decision_letter, name="decision-letter"),
    path("fund/documents/<int:pk>/", attachment_download, name="attachment"),
    path("fund/grants/<int:pk>/", my_grant, name="my-grant"),
    path("fund/returns/<int:pk>/", my_return, name="my-return"),
]
