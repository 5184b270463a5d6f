"""The public pages: the help finder, the borough list, the concern form, and the figures.
Plain English, translatable, no JavaScript needed, nothing about the visitor kept."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.core.access import anyone, requires
from endeavour.core.forms import add_service_errors
from endeavour.core.models import Organisation, OrganisationType
from endeavour.core.ratelimit import over_limit
from endeavour.safeguarding import config
from endeavour.safeguarding.forms.public import (
    DONT_KNOW,
    ConcernForm,
    HelpFinderForm,
    london_boroughs,
)
from endeavour.safeguarding.guidance import guidance_for
from endeavour.safeguarding.models import BoroughRouting, Worry
from endeavour.safeguarding.selectors.directory import help_for
from endeavour.safeguarding.services.concerns import ConcernInput, concern_submit
from endeavour.safeguarding.services.usage import help_finder_use_record
from endeavour.safeguarding.views.figures import (
    public_figures,
    public_figures_csv,
    public_figures_xlsx,
)

HOUR = 60 * 60
# Results pages one address may add to the help-finder counters in an hour (the page is always
# shown; only the counting stops), so that the public figures cannot be inflated by a script.
COUNTED_VIEWS_PER_HOUR = 30


@requires(anyone)
@require_GET
def help_finder(request: HttpRequest) -> HttpResponse:
    form = HelpFinderForm(request.GET if request.GET else None)
    context: dict[str, object] = {"form": form, "results": None}
    status = 200
    if form.is_bound:
        if form.is_valid():
            worry = form.cleaned_data["worry"]
            if form.cleaned_data["borough"] == DONT_KNOW:
                boroughs_url = reverse("safeguarding:help-boroughs")
                return redirect(f"{boroughs_url}?worry={worry}")
            borough = form.borough_object()
            if borough is not None:
                results = help_for(borough, worry)
                context.update(
                    results=results,
                    worry_label=Worry(worry).label,
                    guidance=guidance_for(worry),
                    language=get_language() or "en",
                )
                if not over_limit(
                    request,
                    scope="help-finder-count",
                    limit=COUNTED_VIEWS_PER_HOUR,
                    window_seconds=HOUR,
                ):
                    help_finder_use_record(borough, worry)
        else:
            status = 400
    return render(request, "safeguarding/public/help_finder.html", context, status=status)


@requires(anyone)
@require_GET
def help_boroughs(request: HttpRequest) -> HttpResponse:
    """'I don't know': every London borough by name, with its council, each a link to its help."""
    worry = request.GET.get("worry", "")
    if worry not in Worry.values:
        worry = ""
    councils = {
        o.borough_id: o.name
        for o in Organisation.objects.filter(
            type=OrganisationType.LOCAL_AUTHORITY, borough__region="London"
        )
    }
    boroughs = [(b, councils.get(b.pk, "")) for b in london_boroughs()]
    return render(
        request, "safeguarding/public/boroughs.html", {"boroughs": boroughs, "worry": worry}
    )


def _routing_from(request: HttpRequest) -> BoroughRouting | None:
    code = request.GET.get("borough") or request.POST.get("borough") or ""
    return (
        BoroughRouting.objects.filter(borough__gss_code=code, is_active=True)
        .select_related("borough")
        .first()
    )


def _over_rate_limit(request: HttpRequest) -> bool:
    return over_limit(
        request,
        scope="safeguarding-concern",
        limit=config.concern_rate_limit(),
        window_seconds=HOUR,
    )


@requires(anyone)
@require_http_methods(["GET", "POST"])
def concern_form(request: HttpRequest) -> HttpResponse:
    routing = _routing_from(request)
    if routing is None:
        # First choose the borough: only boroughs whose team takes concerns here.
        routings = BoroughRouting.objects.filter(is_active=True).select_related("borough")
        return render(
            request,
            "safeguarding/public/concern_borough.html",
            {"routings": routings, "worry": request.GET.get("worry", "")},
            status=400 if "borough" in request.GET or request.method == "POST" else 200,
        )
    initial = (
        {"worry": request.GET.get("worry")} if request.GET.get("worry") in Worry.values else {}
    )
    status = 200
    if request.method == "POST":
        form = ConcernForm(request.POST, team_name=routing.team_name)
        if not form.is_valid():
            status = 400
        elif _over_rate_limit(request):
            # Only concerns ready to send are counted. The words stay in the form: nothing is lost.
            form.add_error(None, _rate_message())
            status = 429
        else:
            data = form.cleaned_data
            try:
                concern_submit(
                    ConcernInput(
                        borough=routing.borough,
                        worry=data["worry"],
                        sender_name=data["sender_name"],
                        contact_email=data["contact_email"],
                        contact_phone=data["contact_phone"],
                        relationship=data["relationship"],
                        description=data["description"],
                        consent=data["consent"],
                    )
                )
            except ValidationError as error:
                add_service_errors(form, error)
                status = 400
            else:
                sent = reverse("safeguarding:concern-sent")
                return redirect(f"{sent}?borough={routing.borough.gss_code}")
        form.renew_timestamp()
    else:
        form = ConcernForm(initial=initial, team_name=routing.team_name)
    return render(
        request,
        "safeguarding/public/concern_form.html",
        {"form": form, "routing": routing},
        status=status,
    )


def _rate_message() -> str:
    return _(
        "You have sent several concerns from this connection in the last hour, so we cannot "
        "take another one now. Your words are still below: wait an hour and send it again, or "
        "contact the team directly."
    )


@requires(anyone)
@require_GET
def concern_sent(request: HttpRequest) -> HttpResponse:
    routing = _routing_from(request)
    return render(
        request,
        "safeguarding/public/concern_sent.html",
        {
            "routing": routing,
            "purge_days": config.purge_days_after_acknowledgement(),
            "unacknowledged_days": config.purge_days_if_never_acknowledged(),
        },
    )


urlpatterns: list[URLPattern] = [
    path("help/", help_finder, name="help-finder"),
    path("help/boroughs/", help_boroughs, name="help-boroughs"),
    path("help/concern/", concern_form, name="concern-form"),
    path("help/concern/sent/", concern_sent, name="concern-sent"),
    path("help/figures/", public_figures, name="public-figures"),
    path("help/figures/figures.csv", public_figures_csv, name="public-figures-csv"),
    path("help/figures/figures.xlsx", public_figures_xlsx, name="public-figures-xlsx"),
]
