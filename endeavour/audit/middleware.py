from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from endeavour.audit.context import acting_as, actor_for_user


class AuditActorMiddleware:
    """Makes the signed-in user the actor of every audit event written during the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with acting_as(actor_for_user(request.user, request.META.get("REMOTE_ADDR"))):
            return self.get_response(request)
