"""How access is declared and enforced. Each app's ``permissions.py`` holds its rules.

Every view declares an ``access_rule``: a function of the user that says yes or no. A view
without one is refused (deny by default), both for Django views (``AccessPolicyMiddleware``)
and for API views (``api_permissions.DeclaredAccessRule``, DRF's default permission class).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

AnyUser = AbstractBaseUser | AnonymousUser
AccessRule = Callable[[Any], bool]
F = TypeVar("F", bound=Callable[..., Any])


def anyone(user: AnyUser) -> bool:
    """Public: no account needed."""
    return True


anyone.is_public = True  # type: ignore[attr-defined]


def signed_in(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def requires(rule: AccessRule) -> Callable[[F], F]:
    """Declare the access rule of a function-based view."""

    def decorate(view: F) -> F:
        view.access_rule = rule  # type: ignore[attr-defined]
        return view

    return decorate


def rule_of(view_func: Callable[..., Any]) -> AccessRule | None:
    for holder in (
        view_func,
        getattr(view_func, "view_class", None),
        getattr(view_func, "cls", None),
    ):
        rule = getattr(holder, "access_rule", None)
        if rule is not None:
            return rule  # type: ignore[no-any-return]
    return None


def is_public_rule(rule: AccessRule | None) -> bool:
    return bool(getattr(rule, "is_public", False))


def is_api_view(view_func: Callable[..., Any]) -> bool:
    from rest_framework.views import APIView

    cls = getattr(view_func, "cls", None)
    return isinstance(cls, type) and issubclass(cls, APIView)


def request_user(request: Any) -> Any:
    """The signed-in user of a request whose view's rule already required one."""
    user = request.user
    if not (user.is_authenticated and user.is_active):
        raise PermissionError("This view's access rule should have required a signed-in user.")
    return user
