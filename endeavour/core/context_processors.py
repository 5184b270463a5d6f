from typing import Any

from django.http import HttpRequest

from endeavour.core.navigation import groups_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None:
        return {"nav_groups": []}
    return {"nav_groups": groups_for(user, request.path)}
