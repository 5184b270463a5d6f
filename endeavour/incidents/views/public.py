"""The public pages: the "Report or get help" front door, the hate incident report form, and
the aggregate figures (page, CSV, Excel). No account, no JavaScript needed, English or Polish."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import override
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.core.access import anyone, requires
from endeavour.core.forms import add_service_errors
from endeavour.core.ratelimit import over_limit
from endeavour.incidents import exports, reference
from endeavour.incidents.charts import trend_charts
from endeavour.incidents.forms.public import IncidentReportForm, contact_retention_days
from endeavour.incidents.forms.staff import PeriodForm
from endeavour.incidents.selectors.trends import (
    Period,
    calendar_year,
    incident_trends,
    last_twelve_months,
)
from endeavour.incidents.services.reports import incident_report_submit

RATE_WINDOW_SECONDS = 60 * 60
THANKS_SALT = "endeavour.incidents.thanks"
CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KEPT_ON_RATE_LIMIT = {"website", "started", "attachments"}


def help_finder_url() -> str:
    """The help finder (safeguarding app); its agreed path until that app is installed."""
    try:
        return reverse("safeguarding:help-finder")
    except NoReverseMatch:
        return "/help/"


def safety_context() -> dict[str, Any]:
    return {
        "ref": reference,
        "help_finder_url": help_finder_url(),
    }


@requires(anyone)
@require_GET
def front_door(request: HttpRequest) -> HttpResponse:
    return render(request, "incidents/public/front_door.html", safety_context())


def report_rate_limit() -> int:
    return int(getattr(settings, "INCIDENTS_REPORT_RATE_LIMIT", 10))


def _rate_limited_form(request: HttpRequest) -> IncidentReportForm:
    """An unbound form holding what the person typed, so nothing is lost while they wait."""
    initial: dict[str, Any] = {}
    for name in IncidentReportForm.base_fields:
        if name in KEPT_ON_RATE_LIMIT:
            continue
        values = request.POST.getlist(name)
        if name == "motivations":
            initial[name] = values
        elif values:
            initial[name] = values[0]
    return IncidentReportForm(initial=initial)


@requires(anyone)
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    context = safety_context()
    if request.method == "POST" and over_limit(
        request,
        scope="incidents-report",
        limit=report_rate_limit(),
        window_seconds=RATE_WINDOW_SECONDS,
    ):
        context.update(form=_rate_limited_form(request), rate_limited=True)
        return render(request, "incidents/public/report.html", context, status=429)
    if request.method != "POST":
        context["form"] = IncidentReportForm()
        return render(request, "incidents/public/report.html", context)
    form = IncidentReportForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        borough, unknown = form.borough_choice()
        try:
            submitted = incident_report_submit(
                incident_type=data["incident_type"],
                occurred_on=data["occurred_on"],
                occurred_time=data["occurred_time"],
                setting=data["setting"],
                borough=borough,
                borough_unknown=unknown,
                exact_location=data["exact_location"],
                description=data["description"],
                motivations=data["motivations"],
                reporter_role=data["reporter_role"],
                links=data["links"],
                files=data["attachments"],
                contact=form.contact(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            token = signing.dumps(submitted.reference, salt=THANKS_SALT)
            return redirect(f"{reverse('incidents:report-thanks')}?ref={token}")
    form.renew_timestamp()
    context["form"] = form
    return render(request, "incidents/public/report.html", context, status=400)


@requires(anyone)
@require_GET
def report_thanks(request: HttpRequest) -> HttpResponse:
    try:
        ref = signing.loads(request.GET.get("ref", ""), salt=THANKS_SALT, max_age=24 * 60 * 60)
    except signing.BadSignature:
        ref = ""
    context = safety_context()
    context.update(reference=ref if isinstance(ref, str) else "", days=contact_retention_days())
    return render(request, "incidents/public/thanks.html", context)


def period_from(request: HttpRequest) -> tuple[PeriodForm, Period | None]:
    form = PeriodForm(request.GET or None)
    if not request.GET:
        return form, last_twelve_months(timezone.localdate())
    if not form.is_valid():
        return form, None
    year = form.cleaned_data["year"]
    return form, calendar_year(year) if year else last_twelve_months(timezone.localdate())


def trends_page(
    request: HttpRequest, template: str, *, suppress: bool, extra: dict[str, Any] | None = None
) -> HttpResponse:
    form, period = period_from(request)
    context: dict[str, Any] = {"form": form, **(extra or {})}
    if period is None:
        return render(request, template, context, status=400)
    trends = incident_trends(period, suppress=suppress)
    context.update(trends=trends, **trend_charts(trends))
    return render(request, template, context)


@requires(anyone)
@require_GET
def trends(request: HttpRequest) -> HttpResponse:
    return trends_page(request, "incidents/public/trends.html", suppress=True)


def download(content: str | bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def trends_file(request: HttpRequest, kind: str, *, suppress: bool) -> HttpResponse:
    _, period = period_from(request)
    if period is None:
        return HttpResponse("Choose the last 12 months or a year from 2018.", status=400)
    with override("en-gb"):  # data files are in English, whatever the page's language
        trends = incident_trends(period, suppress=suppress)
        if kind == "csv":
            return download(exports.as_csv(trends), CSV, exports.filename(trends, "csv"))
        return download(exports.as_xlsx(trends), XLSX, exports.filename(trends, "xlsx"))


@requires(anyone)
@require_GET
def trends_csv(request: HttpRequest) -> HttpResponse:
    return trends_file(request, "csv", suppress=True)


@requires(anyone)
@require_GET
def trends_xlsx(request: HttpRequest) -> HttpResponse:
    return trends_file(request, "xlsx", suppress=True)


urlpatterns: list[URLPattern] = [
    path("report-or-get-help/", front_door, name="front-door"),
    path("report-or-get-help/hate-incident/", report, name="report"),
    path("report-or-get-help/hate-incident/thanks/", report_thanks, name="report-thanks"),
    path("hate-incidents/figures/", trends, name="trends"),
    path("hate-incidents/figures.csv", trends_csv, name="trends-csv"),
    path("hate-incidents/figures.xlsx", trends_xlsx, name="trends-xlsx"),
]
