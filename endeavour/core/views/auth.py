"""Sign in, two-factor sign-in, sign out and password change."""

from __future__ import annotations

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core import services
from endeavour.core.access import anyone, request_user, requires, signed_in
from endeavour.core.forms import SignInForm, TwoFactorCodeForm
from endeavour.core.ratelimit import over_limit


class SignInView(auth_views.LoginView):
    access_rule = staticmethod(anyone)
    form_class = SignInForm
    template_name = "core/sign_in.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if _too_many_attempts_from(request):
            return render(request, "429.html", status=429)
        return super().post(request, *args, **kwargs)


def _too_many_attempts_from(request: HttpRequest) -> bool:
    return over_limit(
        request,
        scope="sign-in",
        limit=settings.SIGN_IN_IP_RATE_LIMIT,
        window_seconds=settings.SIGN_IN_IP_RATE_WINDOW_SECONDS,
    )


@requires(anyone)
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, "You have signed out.")
    return redirect(settings.LOGOUT_REDIRECT_URL)


def _safe_next(request: HttpRequest, default: str = "core:staff-home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


@requires(signed_in)
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in devices_for_user(request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request))
        audit_event_record(action=AuditAction.TWO_FACTOR_FAILED, instance=request_user(request))
        form.add_error("token", "That code is not right or has expired. Try the newest code.")
    return render(
        request, "core/two_factor_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


@requires(signed_in)
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None or request.method == "GET":
        device = services.two_factor_device_start(user=request_user(request))
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.two_factor_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, "Two-factor sign-in is set up.")
            return redirect("core:staff-home")
        form.add_error(
            "token", "That code is not right. Check the time on your phone and try the newest code."
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "core/two_factor_setup.html",
        {"form": form, "qr_svg": _qr_svg(device.config_url), "secret": secret},
    )


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@requires(signed_in)
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.forms import PasswordChangeForm

    user = request_user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.person_set_password(user=user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, "Your password has been changed.")
        return redirect("core:staff-home")
    return render(request, "core/password_change.html", {"form": form})


@requires(signed_in)
@require_http_methods(["GET", "POST"])
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    codes: list[str] = []
    if request.method == "POST":
        if not has_confirmed_totp(user):
            messages.error(
                request, "Set up two-factor sign-in with an app before making backup codes."
            )
            return redirect("core:two-factor-setup")
        codes = services.two_factor_backup_codes_create(user=user)
    return render(request, "core/two_factor_backup_codes.html", {"codes": codes})


def has_confirmed_totp(user: Any) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())
