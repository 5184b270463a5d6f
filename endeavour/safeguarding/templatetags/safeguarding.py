from __future__ import annotations

from django import template

from endeavour.safeguarding.models import SupportService

register = template.Library()


@register.filter
def description_in(service: SupportService, language: str) -> str:
    """The service's description in the reader's language where staff wrote one."""
    return service.description_for(language or "en")
