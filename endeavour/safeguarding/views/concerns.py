"""The borough team's pages: the concerns sent to their borough, each concern, acknowledgement.
Borough officers see their own borough's concerns only; any other id answers 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_POST

from endeavour.core.access import request_user, requires
from endeavour.safeguarding import config, permissions
from endeavour.safeguarding.models import Concern, ConcernDetails
from endeavour.safeguarding.services.concerns import concern_acknowledge, concern_open


def _received_or_404(request: HttpRequest, pk: int) -> Concern:
    concern = (
        permissions.scope_received_concerns(request.user, Concern.objects.all())
        .select_related("borough")
        .filter(pk=pk)
        .first()
    )
    if concern is None:
        raise Http404("No such concern")
    return concern


@requires(permissions.can_receive_concerns)
@require_GET
def concern_inbox(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    concerns = permissions.scope_received_concerns(user, Concern.objects.all()).select_related(
        "borough"
    )
    return render(
        request,
        "safeguarding/staff/concern_inbox.html",
        {
            "borough": user.borough,
            "waiting": concerns.filter(acknowledged_at__isnull=True),
            "acknowledged": concerns.filter(acknowledged_at__isnull=False)[:100],
        },
    )


@requires(permissions.can_receive_concerns)
@require_GET
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _received_or_404(request, pk)
    concern_open(concern, by=request_user(request))
    details = ConcernDetails.objects.filter(concern=concern).first()
    response = render(
        request,
        "safeguarding/staff/concern_detail.html",
        {
            "concern": concern,
            "details": details,
            "purge_days": config.purge_days_after_acknowledgement(),
            "unacknowledged_days": config.purge_days_if_never_acknowledged(),
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@requires(permissions.can_receive_concerns)
@require_POST
def concern_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _received_or_404(request, pk)
    try:
        concern_acknowledge(concern, by=request_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Concern {concern.reference} is acknowledged.")
    return redirect("safeguarding:concern-detail", pk=concern.pk)


urlpatterns: list[URLPattern] = [
    path("staff/safeguarding/concerns/", concern_inbox, name="concern-inbox"),
    path("staff/safeguarding/concerns/<int:pk>/", concern_detail, name="concern-detail"),
    path(
        "staff/safeguarding/concerns/<int:pk>/acknowledge/",
        concern_acknowledge_view,
        name="concern-acknowledge",
    ),
]
