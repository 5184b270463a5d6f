"""Referrals: the notice, sending it, the platform's response, and outcome checks."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.online import permissions
from endeavour.online.forms.review import ReferralResponseForm, ReferralSendForm
from endeavour.online.models import Referral, ReferralStatus
from endeavour.online.services import outcomes, referrals


def _referral_or_404(request: HttpRequest, pk: int) -> Referral:
    referral = (
        Referral.objects.select_related(
            "case__item", "platform", "policy_clause", "decision__decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if referral is None or not permissions.can_view_cases(request.user):
        raise Http404("No such referral")
    return referral


@requires(permissions.can_view_cases)
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = Referral.objects.select_related("platform", "case").order_by("-created_at")
    if status in ReferralStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "online/referral_list.html",
        {
            "page_obj": page,
            "statuses": ReferralStatus.choices,
            "status": status,
            "querystring": f"status={status}" if status else "",
        },
    )


def _render(
    request: HttpRequest,
    referral: Referral,
    *,
    send_form: ReferralSendForm | None = None,
    response_form: ReferralResponseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "online/referral_detail.html",
        {
            "referral": referral,
            "checks": referral.checks.all(),
            "disputes": referral.disputes.all(),
            "send_form": send_form or ReferralSendForm(),
            "response_form": response_form or ReferralResponseForm(),
            "can_manage": permissions.can_manage_referrals(request.user),
            "notice_json": json.dumps(referral.notice_json, indent=2),
        },
        status=status,
    )


@requires(permissions.can_view_cases)
@require_GET
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render(request, _referral_or_404(request, pk))


@requires(permissions.can_view_cases)
@require_GET
def referral_notice_json(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    audit_event_record(
        action=AuditAction.EXPORT, instance=referral, reason="Notice JSON downloaded"
    )
    response = HttpResponse(
        json.dumps(referral.notice_json, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{referral.reference}.json"'
    return response


@requires(permissions.can_manage_referrals)
@require_POST
def referral_send(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    form = ReferralSendForm(request.POST)
    if form.is_valid():
        try:
            referrals.referral_send(
                referral=referral, channel=form.cleaned_data["channel"], by=request_user(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{referral.reference} recorded as sent. The first check is due in an hour.",
            )
            return redirect("online:referral-detail", pk=pk)
    return _render(request, referral, send_form=form, status=400)


@requires(permissions.can_manage_referrals)
@require_POST
def referral_response(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    form = ReferralResponseForm(request.POST)
    if form.is_valid():
        try:
            referrals.referral_record_response(
                referral=referral,
                response=form.cleaned_data["response"],
                reason=form.cleaned_data["reason"],
                by=request_user(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The platform's response is recorded.")
            return redirect("online:referral-detail", pk=pk)
    return _render(request, referral, response_form=form, status=400)


@requires(permissions.can_manage_referrals)
@require_POST
def referral_check_now(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _referral_or_404(request, pk)
    if referral.status != ReferralStatus.SENT:
        messages.error(request, "Only a sent referral that is still being checked can be checked.")
    else:
        check = outcomes.outcome_check_run(referral=referral)
        messages.success(request, f"Checked: {check.get_cause_display()}.")
    return redirect("online:referral-detail", pk=pk)


urlpatterns = [
    path("staff/online/referrals/", referral_list, name="referral-list"),
    path("staff/online/referrals/<int:pk>/", referral_detail, name="referral-detail"),
    path(
        "staff/online/referrals/<int:pk>/notice.json",
        referral_notice_json,
        name="referral-notice-json",
    ),
    path("staff/online/referrals/<int:pk>/send/", referral_send, name="referral-send"),
    path("staff/online/referrals/<int:pk>/response/", referral_response, name="referral-response"),
    path("staff/online/referrals/<int:pk>/check/", referral_check_now, name="referral-check"),
]
