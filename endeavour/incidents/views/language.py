"""The language switcher's target: Django's ``set_language`` with a declared access rule (anyone:
choosing a language is part of every public page). It stores the choice in a cookie and sends the
person back to the page they were on; without a POST it changes nothing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from endeavour.core.access import anyone, requires


@requires(anyone)
@require_http_methods(["GET", "POST"])
def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)
