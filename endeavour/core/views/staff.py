"""The public landing page and the staff home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from endeavour.core.access import anyone, requires, signed_in
from endeavour.core.work_queues import counts_for


@requires(anyone)
@require_GET
def public_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/public_home.html")


@requires(signed_in)
@require_GET
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/staff_home.html", {"queues": counts_for(request.user)})
