from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from endeavour.core import permissions


class EndeavourAdminSite(admin.AdminSite):
    site_header = "Endeavour reference data"
    site_title = "Endeavour admin"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        verified = getattr(user, "is_verified", lambda: False)()
        return permissions.can_use_admin(user) and verified

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """One sign-in page for the whole site; signed-in people without access get a 403."""
        if request.user.is_authenticated:
            raise PermissionDenied
        return redirect_to_login(
            request.GET.get("next", reverse("admin:index")), settings.LOGIN_URL
        )
