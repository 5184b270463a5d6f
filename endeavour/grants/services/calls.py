"""Calls, their rubric, and the reference list of outcome instruments."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.grants.models import Call, Criterion, FundTheme, Instrument, LegalForm

EDITABLE = (
    "title",
    "summary",
    "priorities",
    "themes",
    "budget",
    "max_grant",
    "opens_at",
    "closes_at",
    "decision_date",
    "eligible_legal_forms",
    "income_cap",
    "london_only",
    "divergence_threshold",
    "is_historical",
)


def _check(call: Call) -> None:
    errors: dict[str, str] = {}
    if call.closes_at <= call.opens_at:
        errors["closes_at"] = "The closing time must be after the opening time."
    elif call.decision_date < timezone.localtime(call.closes_at).date():
        errors["decision_date"] = "The decision date cannot be before the call closes."
    if call.max_grant > call.budget:
        errors["max_grant"] = "The maximum grant cannot be more than the call's budget."
    if call.budget <= 0:
        errors["budget"] = "Give the call's budget in pounds."
    if not call.themes:
        errors["themes"] = "Choose at least one theme."
    elif set(call.themes) - set(FundTheme.values):
        errors["themes"] = "Unknown theme."
    if set(call.eligible_legal_forms) - set(LegalForm.values):
        errors["eligible_legal_forms"] = "Unknown legal form."
    if Call.objects.filter(title__iexact=call.title).exclude(pk=call.pk).exists():
        errors["title"] = "There is already a call with this title."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def call_create(
    *,
    by: Any,
    title: str,
    summary: str,
    themes: list[str],
    budget: int,
    max_grant: int,
    opens_at: datetime,
    closes_at: datetime,
    decision_date: date,
    priorities: str = "",
    eligible_legal_forms: list[str] | None = None,
    income_cap: int | None = None,
    london_only: bool = True,
    divergence_threshold: Decimal = Decimal("15"),
    is_sample: bool = False,
    is_historical: bool = False,
) -> Call:
    call = Call(
        title=title.strip(),
        summary=summary.strip(),
        priorities=priorities.strip(),
        themes=list(themes),
        budget=budget,
        max_grant=max_grant,
        opens_at=opens_at,
        closes_at=closes_at,
        decision_date=decision_date,
        eligible_legal_forms=list(eligible_legal_forms or []),
        income_cap=income_cap,
        london_only=london_only,
        divergence_threshold=divergence_threshold,
        is_sample=is_sample,
        is_historical=is_historical,
        created_by=by,
    )
    _check(call)
    call.save()
    return call


@transaction.atomic
def call_update(*, call: Call, by: Any, **changes: Any) -> Call:
    """Change a call's fields. Once it has opened with applications, its money and rules stay."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    frozen = {"eligible_legal_forms", "income_cap", "london_only", "max_grant"}
    if call.applications.exclude(status="draft").exists():
        changed = {k for k in frozen & set(changes) if getattr(call, k) != changes[k]}
        if changed:
            raise ValidationError(
                dict.fromkeys(
                    changed, "Applications have been submitted: this rule cannot change now."
                )
            )
    for name, value in changes.items():
        setattr(call, name, value.strip() if isinstance(value, str) else value)
    _check(call)
    call.save()
    return call


@transaction.atomic
def call_publish(*, call: Call, by: Any) -> Call:
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.is_published:
        return call
    if not call.criteria.exists() and not call.is_historical:
        raise ValidationError("Add at least one assessment criterion before publishing the call.")
    call.is_published = True
    call.published_at = timezone.now()
    call.save(update_fields=["is_published", "published_at", "updated_at"])
    return call


@transaction.atomic
def criterion_add(
    *,
    call: Call,
    name: str,
    weight: int,
    descriptors: list[str],
    guidance: str = "",
    scale_max: int | None = None,
) -> Criterion:
    """Add a criterion; its scale runs from 0 to one less than the number of descriptors."""
    descriptors = [d.strip() for d in descriptors]
    if scale_max is None:
        scale_max = len(descriptors) - 1
    errors: dict[str, str] = {}
    if call.scoring_started():
        raise ValidationError("Scoring has started: the rubric cannot change now.")
    if len(descriptors) != scale_max + 1 or not all(descriptors):
        errors["descriptors"] = (
            f"Describe every score from 0 to {scale_max}: {scale_max + 1} descriptors, one a line."
        )
    if not 1 <= scale_max <= 10:
        errors["descriptors"] = (
            "Give between 2 and 11 descriptors (a scale of 0 to 1 up to 0 to 10)."
        )
    if not 1 <= weight <= 100:
        errors["weight"] = "The weight must be a whole number from 1 to 100."
    if call.criteria.filter(name__iexact=name.strip()).exists():
        errors["name"] = "This call already has a criterion with this name."
    if errors:
        raise ValidationError(errors)
    return Criterion.objects.create(
        call=call,
        name=name.strip(),
        guidance=guidance.strip(),
        weight=weight,
        scale_max=scale_max,
        descriptors=descriptors,
        order=call.criteria.count() + 1,
    )


@transaction.atomic
def criterion_remove(*, criterion: Criterion) -> None:
    if criterion.call.scoring_started():
        raise ValidationError("Scoring has started: the rubric cannot change now.")
    criterion.delete()


@transaction.atomic
def instrument_create(
    *,
    name: str,
    description: str = "",
    scale_min: Decimal = Decimal("1"),
    scale_max: Decimal = Decimal("5"),
    higher_is_better: bool = True,
) -> Instrument:
    if scale_max <= scale_min:
        raise ValidationError({"scale_max": "The top of the scale must be above the bottom."})
    if Instrument.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "There is already an instrument with this name."})
    return Instrument.objects.create(
        name=name.strip(),
        description=description.strip(),
        scale_min=scale_min,
        scale_max=scale_max,
        higher_is_better=higher_is_better,
    )
