"""API authentication: partner tokens (knox, stored as digests) and the browser session."""

from __future__ import annotations

from typing import Any

from knox.auth import TokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from endeavour.audit.context import actor_for_user, set_actor


class PartnerTokenAuthentication(TokenAuthentication):  # type: ignore[misc]
    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result: tuple[Any, Any] | None = super().authenticate(request)
        if result is not None:
            set_actor(actor_for_user(result[0], request.META.get("REMOTE_ADDR")))
        return result


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session, only once any second factor the person has has been used."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        from endeavour.core.selectors import has_confirmed_device

        if not user.is_verified() and (has_confirmed_device(user) or user.needs_two_factor):
            raise exceptions.AuthenticationFailed("Finish two-factor sign-in first.")
        return result
