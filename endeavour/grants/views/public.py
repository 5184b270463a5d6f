"""Public pages: open calls, a call's page, registering an organisation, setting a password, and
"what we funded" (awarded grants of published calls, aggregate figures, counts under 5 hidden)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.core.access import anyone, requires
from endeavour.core.forms import add_service_errors
from endeavour.core.models import User
from endeavour.core.ratelimit import over_limit
from endeavour.core.services import person_set_password
from endeavour.grants import charts, exports, permissions
from endeavour.grants.forms.partners import RegistrationForm
from endeavour.grants.forms.staff import FigureFilterForm
from endeavour.grants.models import Call, Grant
from endeavour.grants.selectors.figures import DESIGN_NOTE, fund_figures
from endeavour.grants.services.registration import registration_request_create
from endeavour.grants.views.common import CSV, download


def _public_call_or_404(pk: int) -> Call:
    call = (
        permissions.scope_public_calls(Call.objects.all())
        .filter(pk=pk, is_historical=False)
        .first()
    )
    if call is None:
        raise Http404("No such call")
    return call


@requires(anyone)
@require_GET
def public_calls(request: HttpRequest) -> HttpResponse:
    calls = permissions.scope_public_calls(Call.objects.filter(is_historical=False))
    return render(request, "grants/public/calls.html", {"calls": calls})


@requires(anyone)
@require_GET
def public_call(request: HttpRequest, pk: int) -> HttpResponse:
    call = _public_call_or_404(pk)
    return render(
        request,
        "grants/public/call.html",
        {
            "call": call,
            "criteria": call.criteria.all(),
            "can_apply": permissions.is_applicant(request.user),
        },
    )


@requires(anyone)
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST) if request.method == "POST" else RegistrationForm()
    if request.method == "POST":
        if over_limit(
            request,
            scope="grants-register",
            limit=int(getattr(settings, "GRANTS_REGISTRATION_RATE_LIMIT", 10)),
            window_seconds=3600,
        ):
            return render(request, "429.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            try:
                registration_request_create(
                    organisation_name=data["organisation_name"],
                    legal_form=data["legal_form"],
                    registration_number=data["registration_number"],
                    borough=data["borough"],
                    website=data["website"],
                    contact_first_name=data["contact_first_name"],
                    contact_last_name=data["contact_last_name"],
                    contact_email=data["contact_email"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    "Thank you. The fund team will check your request and email you a link to "
                    "set your password, usually within five working days.",
                )
                return redirect("grants:public-calls")
    return render(
        request, "grants/public/register.html", {"form": form}, status=400 if form.errors else 200
    )


def _user_from(uidb64: str) -> User | None:
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return User.objects.filter(pk=pk, is_active=True).first()


@requires(anyone)
@require_http_methods(["GET", "POST"])
def set_password(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The link emailed to a new applicant: a one-time token, as for a password reset."""
    user = _user_from(uidb64)
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "grants/public/set_password.html", {"invalid": True}, status=400)
    form: Any = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person_set_password(user=user, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your password is set. Sign in with your email address.")
            return redirect("core:login")
    return render(
        request,
        "grants/public/set_password.html",
        {"form": form, "person": user},
        status=400 if form.errors else 200,
    )


def _public_figures_context(request: HttpRequest) -> dict[str, Any]:
    calls = permissions.scope_public_calls(Call.objects.all())
    form = FigureFilterForm(request.GET or None, calls=calls)
    call = form.cleaned_data.get("call") if form.is_valid() else None
    figures = fund_figures(public=True, call=call)
    return {"form": form, "figures": figures, "call": call}


@requires(anyone)
@require_GET
def funded(request: HttpRequest) -> HttpResponse:
    context = _public_figures_context(request)
    figures = context["figures"]
    grants = (
        permissions.scope_public_grants(Grant.objects.all())
        .select_related("application__organisation", "application__call")
        .prefetch_related("application__boroughs")
        .order_by("application__call__opens_at", "application__organisation__name")
    )
    if context["call"] is not None:
        grants = grants.filter(application__call=context["call"])
    context.update(
        grants=grants,
        money_map=charts.money_map(figures),
        reach_map=charts.reach_map(figures),
        theme_chart=charts.theme_chart(figures),
        design_note=DESIGN_NOTE,
    )
    return render(request, "grants/public/funded.html", context)


@requires(anyone)
@require_GET
def funded_csv(request: HttpRequest) -> HttpResponse:
    figures = _public_figures_context(request)["figures"]
    return download(exports.as_csv(figures), CSV, exports.filename(figures, "csv"), private=False)


urlpatterns: list[URLPattern] = [
    path("fund/calls/", public_calls, name="public-calls"),
    path("fund/calls/<int:pk>/", public_call, name="public-call"),
    path("fund/register/", register, name="register"),
    path("fund/set-password/<str:uidb64>/<str:token>/", set_password, name="set-password"),
    path("funded/", funded, name="funded"),
    path("funded/figures.csv", funded_csv, name="funded-csv"),
]
