"""The public report form: no account needed, plain English, works without JavaScript."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.core.access import anyone, requires
from endeavour.core.ratelimit import over_limit
from endeavour.online.forms.intake import ReportForm, add_service_errors, retention_days
from endeavour.online.models import Source
from endeavour.online.services.intake import item_submit

RATE_WINDOW_SECONDS = 60 * 60


def report_rate_limit() -> int:
    """Reports from one address in an hour: ONLINE_REPORT_RATE_LIMIT (10)."""
    return int(getattr(settings, "ONLINE_REPORT_RATE_LIMIT", 10))


def _over_rate_limit(request: HttpRequest) -> bool:
    return over_limit(
        request,
        scope="online-report",
        limit=report_rate_limit(),
        window_seconds=RATE_WINDOW_SECONDS,
    )


@requires(anyone)
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and _over_rate_limit(request):
        return render(request, "429.html", status=429)
    form = ReportForm(request.POST, request.FILES) if request.method == "POST" else ReportForm()
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item_submit(
                    url=data["url"],
                    source=Source.PUBLIC_REPORT,
                    submitted_text=data["what_you_saw"].strip(),
                    files=data["attachments"],
                    contact=form.contact(),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                # The same page whether or not we knew the address already.
                return redirect("online:report-thanks")
        form.renew_timestamp()
    return render(
        request,
        "online/public/report.html",
        {"form": form, "retention_days": retention_days()},
    )


@requires(anyone)
@require_GET
def report_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "online/public/thanks.html", {"retention_days": retention_days()})


urlpatterns: list[URLPattern] = [
    path("report/", report, name="report"),
    path("report/thanks/", report_thanks, name="report-thanks"),
]
