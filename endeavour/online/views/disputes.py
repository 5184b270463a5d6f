"""Disputes: a public form for platforms and uploaders, and the review by a senior analyst."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.core.access import anyone, request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.core.ratelimit import over_limit
from endeavour.online import permissions
from endeavour.online.forms.review import DisputeDecisionForm, DisputeForm
from endeavour.online.models import Dispute, DisputeStatus
from endeavour.online.services import disputes

PUBLIC_LIMIT_PER_HOUR = 10


def _over_limit(request: HttpRequest) -> bool:
    limit = int(getattr(settings, "ONLINE_DISPUTES_PER_HOUR", PUBLIC_LIMIT_PER_HOUR))
    return over_limit(request, scope="dispute-form", limit=limit, window_seconds=3600)


@requires(anyone)
@require_http_methods(["GET", "POST"])
def dispute_submit(request: HttpRequest) -> HttpResponse:
    form = DisputeForm(
        request.POST or None, initial={"referral_reference": request.GET.get("reference", "")[:24]}
    )
    if request.method == "POST":
        if _over_limit(request):
            return render(request, "429.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            if data.get("website"):  # honeypot: people never see this field
                return redirect("online:dispute-thanks")
            try:
                disputes.dispute_submit(
                    referral_reference=data["referral_reference"],
                    grounds=data["grounds"],
                    raised_by_platform=data["raised_by_platform"],
                    contact_email=data["contact_email"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("online:dispute-thanks")
        return render(request, "online/disputes/public_form.html", {"form": form}, status=400)
    return render(request, "online/disputes/public_form.html", {"form": form})


@requires(anyone)
@require_GET
def dispute_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "online/disputes/public_thanks.html")


@requires(permissions.can_review_disputes)
@require_GET
def dispute_list(request: HttpRequest) -> HttpResponse:
    rows = Dispute.objects.select_related("referral__platform", "referral__case").order_by(
        "status", "-submitted_at"
    )
    return render(request, "online/disputes/list.html", {"disputes": rows[:200]})


@requires(permissions.can_review_disputes)
@require_http_methods(["GET", "POST"])
def dispute_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = (
        Dispute.objects.select_related("referral__case__item", "referral__platform")
        .filter(pk=pk)
        .first()
    )
    if dispute is None:
        raise Http404("No such dispute")
    user = request_user(request)
    may_decide = dispute.status == DisputeStatus.OPEN and permissions.may_review_dispute(
        user, disputes.deciders_of(dispute.referral)
    )
    form = DisputeDecisionForm(request.POST or None)
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied("You took part in this decision, or the dispute is closed.")
        if form.is_valid():
            try:
                disputes.dispute_decide(
                    dispute=dispute,
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    by=user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Dispute {dispute.reference} decided.")
                return redirect("online:dispute-detail", pk=pk)
    decisions = dispute.referral.case.decisions.select_related("decided_by", "policy_clause")
    return render(
        request,
        "online/disputes/detail.html",
        {
            "dispute": dispute,
            "form": form,
            "may_decide": may_decide,
            "decisions": decisions,
        },
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [
    path("disputes/", dispute_submit, name="dispute-submit"),
    path("disputes/thanks/", dispute_thanks, name="dispute-thanks"),
    path("staff/online/disputes/", dispute_list, name="dispute-list"),
    path("staff/online/disputes/<int:pk>/", dispute_detail, name="dispute-detail"),
]
