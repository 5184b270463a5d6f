"""Writes for the help finder's directory and each borough's routing settings."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.core.models import Borough, User
from endeavour.safeguarding.models import (
    BoroughRouting,
    Channel,
    Coverage,
    ServiceKind,
    SupportService,
    Worry,
)

SERVICE_FIELDS = (
    "name",
    "kind",
    "coverage",
    "worries",
    "phone",
    "email",
    "website",
    "opening_hours",
    "languages",
    "description",
    "description_pl",
    "is_active",
    "last_checked_on",
)


def _check_service(values: dict[str, Any], boroughs: list[Borough]) -> None:
    errors: dict[str, str] = {}
    worries = values.get("worries") or []
    if not worries:
        errors["worries"] = "Choose at least one kind of worry this service helps with."
    elif set(worries) - set(Worry.values):
        errors["worries"] = "Choose kinds of worry from the list."
    if values.get("coverage") == Coverage.BOROUGHS and not boroughs:
        errors["boroughs"] = "Choose the boroughs it serves, or choose London-wide or national."
    if values.get("kind") == ServiceKind.BOROUGH_CONTACT and values.get("coverage") != (
        Coverage.BOROUGHS
    ):
        errors["coverage"] = "A borough contact serves the boroughs chosen below."
    if not (values.get("phone") or values.get("email") or values.get("website")):
        errors["phone"] = "Give at least one way to reach them: phone, email or website."
    checked = values.get("last_checked_on")
    if isinstance(checked, date) and checked > timezone.localdate():
        errors["last_checked_on"] = "The date it was last checked cannot be in the future."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def support_service_create(
    *, values: dict[str, Any], boroughs: list[Borough], by: User
) -> SupportService:
    values = {key: values[key] for key in SERVICE_FIELDS if key in values}
    values.setdefault("last_checked_on", timezone.localdate())
    _check_service(values, boroughs)
    service = SupportService.objects.create(**values, last_checked_by=by)
    service.boroughs.set(boroughs if values["coverage"] == Coverage.BOROUGHS else [])
    return service


@transaction.atomic
def support_service_update(
    service: SupportService, *, values: dict[str, Any], boroughs: list[Borough], by: User
) -> SupportService:
    values = {key: values[key] for key in SERVICE_FIELDS if key in values}
    _check_service({**{f: getattr(service, f) for f in SERVICE_FIELDS}, **values}, boroughs)
    before_checked = service.last_checked_on
    for key, value in values.items():
        setattr(service, key, value)
    if service.last_checked_on != before_checked:
        service.last_checked_by = by
    service.save()
    service.boroughs.set(boroughs if service.coverage == Coverage.BOROUGHS else [])
    return service


@transaction.atomic
def support_service_mark_checked(service: SupportService, *, by: User) -> SupportService:
    """Someone checked the details today and found them right."""
    service.last_checked_on = timezone.localdate()
    service.last_checked_by = by
    service.save(update_fields=["last_checked_on", "last_checked_by", "updated_at"])
    return service


@transaction.atomic
def borough_routing_save(
    borough: Borough,
    *,
    team_name: str,
    channel: str,
    team_email: str,
    is_active: bool,
    by: User,
) -> BoroughRouting:
    if channel == Channel.EMAIL_NOTICE and not team_email:
        raise ValidationError(
            {"team_email": "Give the team's email address for the email channel."}
        )
    if channel not in Channel.values:
        raise ValidationError({"channel": "Choose how the team receives concerns."})
    routing, _ = BoroughRouting.objects.update_or_create(
        borough=borough,
        defaults={
            "team_name": team_name.strip(),
            "channel": channel,
            "team_email": team_email,
            "is_active": is_active,
            "updated_by": by,
        },
    )
    return routing
