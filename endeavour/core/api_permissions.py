from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rest_framework.permissions import BasePermission
from rest_framework.throttling import UserRateThrottle

if TYPE_CHECKING:
    from rest_framework.request import Request


class DeclaredAccessRule(BasePermission):
    """DRF's default permission: the view's declared ``access_rule``, or no."""

    message = "You do not have access to this resource."

    def has_permission(self, request: Request, view: Any) -> bool:
        rule = getattr(view, "access_rule", None)
        return rule is not None and bool(rule(request.user))


class PartnerRateThrottle(UserRateThrottle):
    """Requests per person (so per partner token holder) per period: API_PARTNER_RATE."""

    scope = "partner"
