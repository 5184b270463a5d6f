"""Recommendations and actions: adding, editing, the owner's response, and evidence links."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.models import Organisation, User
from endeavour.recommendations import links, permissions
from endeavour.recommendations.models import (
    EvidenceLink,
    OwnerResponse,
    Priority,
    Recommendation,
    Source,
    Theme,
)
from endeavour.recommendations.reference import EARLIEST_DATE
from endeavour.recommendations.services.status import initial_status_record

MAX_REFERENCE = 40
LATEST_TARGET = date(2100, 12, 31)


def theme_for(source: Source, name: str) -> Theme | None:
    name = " ".join(name.split())[:200]
    if not name:
        return None
    theme = Theme.objects.filter(source=source, name__iexact=name).first()
    if theme is None:
        order = (Theme.objects.filter(source=source).aggregate(n=Max("order"))["n"] or 0) + 1
        theme = Theme.objects.create(source=source, name=name, order=order)
    return theme


def check_fields(
    *,
    reference: str,
    text: str,
    response: str,
    response_reason: str,
    priority: str,
    target_date: date | None,
    lead_officer: User | None,
    owners: Iterable[Organisation],
) -> dict[str, str]:
    """Field problems shared by the forms and the import (as field -> message)."""
    errors: dict[str, str] = {}
    if not reference.strip():
        errors["reference"] = "Give the reference the source uses, for example 12 or 4.3."
    elif len(reference.strip()) > MAX_REFERENCE:
        errors["reference"] = f"The reference can be at most {MAX_REFERENCE} characters."
    if not text.strip():
        errors["text"] = "Give the text of the recommendation or action."
    if response not in OwnerResponse.values:
        errors["response"] = "Choose accepted, partly accepted, not accepted or no response yet."
    elif response in OwnerResponse.needing_reason() and not response_reason.strip():
        errors["response_reason"] = "Give the owner's reason when it is not fully accepted."
    if priority not in Priority.values:
        errors["priority"] = "Choose high, medium, low or leave it empty."
    if target_date is not None and not EARLIEST_DATE <= target_date <= LATEST_TARGET:
        errors["target_date"] = (
            f"The target date must be between {EARLIEST_DATE:%Y} and {LATEST_TARGET:%Y}."
        )
    if lead_officer is not None and not lead_officer.is_active:
        errors["lead_officer"] = f"{lead_officer} no longer has an active account."
    inactive = [o.name for o in owners if not o.is_active]
    if inactive:
        errors["owner_organisations"] = f"No longer active: {', '.join(inactive)}."
    return errors


def _record_owners(recommendation: Recommendation, before: list[str]) -> None:
    after = sorted(o.name for o in recommendation.owner_organisations.all())
    if after != before:
        audit_event_record(
            action=AuditAction.UPDATE,
            instance=recommendation,
            before={"owner_organisations": before},
            after={"owner_organisations": after},
        )


@transaction.atomic
def recommendation_create(
    *,
    source: Source,
    reference: str,
    text: str,
    by: Any,
    parent: Recommendation | None = None,
    theme: str = "",
    owners: Iterable[Organisation] = (),
    lead_officer: User | None = None,
    response: str = OwnerResponse.AWAITING,
    response_reason: str = "",
    response_date: date | None = None,
    priority: str = "",
    target_date: date | None = None,
    is_public: bool = True,
    withheld_reason: str = "",
    position: int | None = None,
) -> Recommendation:
    """Add a recommendation (or, with ``parent``, an action) with its first history entry."""
    owners = list(owners)
    errors = check_fields(
        reference=reference,
        text=text,
        response=response,
        response_reason=response_reason,
        priority=priority,
        target_date=target_date,
        lead_officer=lead_officer,
        owners=owners,
    )
    reference = reference.strip()
    if Recommendation.objects.filter(source=source, reference__iexact=reference).exists():
        errors["reference"] = f"{source} already has an item with reference {reference}."
    if parent is not None and (parent.parent_id is not None or parent.source_id != source.pk):
        errors["parent"] = "An action belongs under a recommendation of the same source."
    if errors:
        raise ValidationError(errors)
    if position is None:
        position = (
            Recommendation.objects.filter(source=source).aggregate(n=Max("position"))["n"] or 0
        ) + 1
    recommendation = Recommendation.objects.create(
        source=source,
        parent=parent,
        reference=reference,
        text=text.strip(),
        theme=theme_for(source, theme) if theme else (parent.theme if parent else None),
        lead_officer=lead_officer,
        response=response,
        response_reason=response_reason.strip(),
        response_date=response_date,
        priority=priority,
        target_date=target_date,
        is_public=is_public,
        withheld_reason=withheld_reason.strip(),
        position=position,
        created_by=by,
    )
    if not owners and parent is not None:
        owners = list(parent.owner_organisations.all())
    recommendation.owner_organisations.set(owners)
    _record_owners(recommendation, [])
    initial_status_record(recommendation, by=by)
    return recommendation


UPDATABLE = (
    "parent",
    "reference",
    "text",
    "theme",
    "owners",
    "lead_officer",
    "response",
    "response_reason",
    "response_date",
    "priority",
    "target_date",
    "is_public",
    "withheld_reason",
)


@transaction.atomic
def recommendation_update(*, recommendation: Recommendation, by: Any, **changes: Any) -> list[str]:
    """Change the fields named in ``UPDATABLE``. Returns the names of the fields that changed.

    The status is not a field: it changes only through ``status_change_record``.
    """
    unknown = set(changes) - set(UPDATABLE)
    if unknown:
        raise ValueError(f"Not updatable: {sorted(unknown)}")
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    owners_before = list(recommendation.owner_organisations.all())
    owners = list(changes.get("owners", owners_before))
    values = {
        "reference": changes.get("reference", recommendation.reference),
        "text": changes.get("text", recommendation.text),
        "response": changes.get("response", recommendation.response),
        "response_reason": changes.get("response_reason", recommendation.response_reason),
        "priority": changes.get("priority", recommendation.priority),
        "target_date": changes.get("target_date", recommendation.target_date),
        "lead_officer": changes.get("lead_officer", recommendation.lead_officer),
    }
    errors = check_fields(**values, owners=owners)
    reference = values["reference"].strip()
    if (
        Recommendation.objects.filter(
            source_id=recommendation.source_id, reference__iexact=reference
        )
        .exclude(pk=recommendation.pk)
        .exists()
    ):
        errors["reference"] = f"Another item of this source has reference {reference}."
    if "parent" in changes:
        parent = changes["parent"]
        if (parent is None) != (recommendation.parent_id is None) or (
            parent is not None
            and (parent.parent_id is not None or parent.source_id != recommendation.source_id)
        ):
            errors["parent"] = "An action can move only to another recommendation of its source."
    if errors:
        raise ValidationError(errors)
    changed: list[str] = []
    for name, value in changes.items():
        if name == "owners":
            if sorted(o.pk for o in owners) != sorted(o.pk for o in owners_before):
                recommendation.owner_organisations.set(owners)
                _record_owners(recommendation, sorted(o.name for o in owners_before))
                changed.append("owners")
            continue
        if name == "theme":
            value = theme_for(recommendation.source, value or "")
            if value != recommendation.theme:
                recommendation.theme = value
                changed.append(name)
            continue
        if isinstance(value, str):
            value = value.strip()
        if getattr(recommendation, name) != value:
            setattr(recommendation, name, value)
            changed.append(name)
    if changed:
        recommendation.save()
    return changed


@transaction.atomic
def response_record(
    *,
    recommendation: Recommendation,
    response: str,
    reason: str,
    response_date: date,
    by: Any,
) -> Recommendation:
    """The owner's formal response: accepted, partly accepted or not accepted (with a reason)."""
    if not permissions.may_update(by, recommendation):
        raise ValidationError(
            "Only the item's owners and programme officers can record a response."
        )
    if response_date > timezone.localdate():
        raise ValidationError({"response_date": "The date cannot be in the future."})
    if response_date < recommendation.source.date:
        when = f"{recommendation.source.date:%d %B %Y}"
        raise ValidationError({"response_date": f"The date cannot be before the source ({when})."})
    if response == OwnerResponse.AWAITING:
        raise ValidationError({"response": "Choose the response."})
    recommendation_update(
        recommendation=recommendation,
        by=by,
        response=response,
        response_reason=reason,
        response_date=response_date,
    )
    recommendation.refresh_from_db()
    return recommendation


@transaction.atomic
def evidence_link_add(
    *, recommendation: Recommendation, kind: str, reference: str, note: str, by: Any
) -> EvidenceLink:
    if not permissions.may_update(by, recommendation):
        raise ValidationError("Only the item's owners and programme officers can add links.")
    link_kind = links.kind_for(kind)
    stored = link_kind.check(reference)
    if EvidenceLink.objects.filter(
        recommendation=recommendation, kind=kind, reference=stored
    ).exists():
        raise ValidationError({"reference": f"{stored} is already linked."})
    return EvidenceLink.objects.create(
        recommendation=recommendation,
        kind=kind,
        reference=stored,
        note=note.strip()[:500],
        added_by=by,
    )


@transaction.atomic
def evidence_link_remove(*, link: EvidenceLink, by: Any, reason: str) -> None:
    if not permissions.can_manage_tracker(by):
        raise ValidationError("Only programme officers can remove links.")
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason: it is kept in the audit log."})
    audit_event_record(
        action=AuditAction.STATE_CHANGE,
        instance=link.recommendation,
        before={"link": f"{link.kind} {link.reference}"},
        reason=f"Link removed: {reason.strip()}",
    )
    link.delete()
