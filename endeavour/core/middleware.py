from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from endeavour.core.access import is_api_view, rule_of

logger = logging.getLogger(__name__)


class AccessPolicyMiddleware:
    """Refuses any Django view that has not declared who may use it.

    API views are checked by DRF (``DeclaredAccessRule``) after token authentication;
    the admin site checks its own ``has_permission``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if is_api_view(view_func) or _is_admin(request):
            return None
        rule = rule_of(view_func)
        if rule is None:
            logger.error(
                "View %s has no access rule; refused.", getattr(view_func, "__name__", view_func)
            )
            raise PermissionDenied("This page has no access rule.")
        if rule(request.user):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        raise PermissionDenied


def _is_admin(request: HttpRequest) -> bool:
    match = request.resolver_match
    return match is not None and match.namespace == "admin"


class TwoFactorMiddleware:
    """Staff with a second factor must use it; roles that require one must enrol first."""

    EXEMPT_URL_NAMES = {"two-factor-verify", "two-factor-setup", "logout", "login"}

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or is_api_view(view_func):
            return None
        match = request.resolver_match
        if match is not None and match.url_name in self.EXEMPT_URL_NAMES:
            return None
        if getattr(user, "is_verified", lambda: False)():
            return None
        from endeavour.core.selectors import has_confirmed_device

        if has_confirmed_device(user):
            return redirect(f"{reverse('core:two-factor-verify')}?next={request.get_full_path()}")
        if getattr(user, "needs_two_factor", False):
            return redirect("core:two-factor-setup")
        return None
