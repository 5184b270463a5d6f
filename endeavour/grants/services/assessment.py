"""Assessment: assigning assessors, their declarations and scores, divergence, moderation and the
panel's decision (which, for an award, issues the grant)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from endeavour.core.models import Role, User
from endeavour.grants.models import (
    Application,
    ApplicationStatus,
    Assignment,
    Call,
    Criterion,
    Decision,
    Declaration,
    Moderation,
    Outcome,
    Score,
)

HUNDRED = Decimal(100)
CRITERION_GAP = 2  # a difference of this many points on any criterion goes to moderation


def weighted_total(criteria: Sequence[Criterion], scores: Mapping[int, int]) -> Decimal:
    """Out of 100: each criterion's score as a share of its scale, weighted."""
    weights = sum(c.weight for c in criteria)
    if not weights:
        return Decimal(0)
    total = sum(Decimal(scores[c.pk]) / Decimal(c.scale_max) * Decimal(c.weight) for c in criteria)
    return (total / Decimal(weights) * HUNDRED).quantize(Decimal("0.01"), ROUND_HALF_UP)


def check_scores(criteria: Sequence[Criterion], scores: Mapping[int, int | None]) -> None:
    errors: dict[str, str] = {}
    for criterion in criteria:
        value = scores.get(criterion.pk)
        if value is None:
            errors[f"score_{criterion.pk}"] = f"Score {criterion.name}."
        elif not 0 <= value <= criterion.scale_max:
            errors[f"score_{criterion.pk}"] = (
                f"The score for {criterion.name} must be a whole number from 0 to "
                f"{criterion.scale_max}."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def assignment_create(*, application: Application, assessor: User, by: Any) -> Assignment:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError("Only submitted applications, not yet decided, are assessed.")
    if not assessor.has_role(Role.ASSESSOR):
        raise ValidationError({"assessor": "This person is not an assessor."})
    previous = Assignment.objects.filter(application=application, assessor=assessor).first()
    if previous is not None:
        if previous.declaration == Declaration.CONFLICT:
            raise ValidationError(
                {
                    "assessor": f"{assessor} declared a conflict of interest on this application "
                    "and cannot assess it."
                }
            )
        raise ValidationError({"assessor": f"{assessor} is already assigned to this application."})
    return Assignment.objects.create(application=application, assessor=assessor, assigned_by=by)


@transaction.atomic
def declaration_record(*, assignment: Assignment, conflict: bool, note: str = "") -> Assignment:
    """No conflict opens the application to the assessor; a conflict removes them for good."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.declaration != Declaration.PENDING:
        raise ValidationError("You have already made your declaration for this application.")
    if conflict and not note.strip():
        raise ValidationError(
            {
                "note": "Say briefly what the conflict is (for example: I am a trustee). "
                "Do not name anyone else."
            }
        )
    assignment.declaration = Declaration.CONFLICT if conflict else Declaration.NO_CONFLICT
    assignment.conflict_note = note.strip()[:300]
    assignment.declared_at = timezone.now()
    assignment.save()
    return assignment


def _criteria(call: Call) -> list[Criterion]:
    return list(call.criteria.all())


def divergence_of(application: Application) -> list[str]:
    """Why the assessors' scores diverge (empty if they do not, or if fewer than two are in)."""
    done = [
        a
        for a in application.assignments.prefetch_related("scores").all()
        if a.is_active and a.is_done
    ]
    if len(done) < 2:
        return []
    reasons: list[str] = []
    totals = [a.weighted_total or Decimal(0) for a in done]
    gap = max(totals) - min(totals)
    threshold = application.call.divergence_threshold
    if gap > threshold:
        reasons.append(
            f"Weighted totals differ by {gap} points (more than the call's {threshold})."
        )
    by_criterion: dict[int, list[int]] = {}
    for assignment in done:
        for score in assignment.scores.all():
            by_criterion.setdefault(score.criterion_id, []).append(score.score)
    names = {c.pk: c.name for c in application.call.criteria.all()}
    for criterion_id, values in by_criterion.items():
        if max(values) - min(values) >= CRITERION_GAP:
            reasons.append(
                f"{names.get(criterion_id, criterion_id)}: scores of {min(values)} and "
                f"{max(values)}."
            )
    return reasons


@transaction.atomic
def scores_submit(
    *, assignment: Assignment, scores: Mapping[int, int | None], comments: Mapping[int, str]
) -> Assignment:
    """Record (or replace, until moderation or a decision) an assessor's scores."""
    assignment = (
        Assignment.objects.select_for_update()
        .select_related("application__call")
        .get(pk=assignment.pk)
    )
    application = assignment.application
    if assignment.declaration != Declaration.NO_CONFLICT:
        raise ValidationError("Declare that you have no conflict of interest before scoring.")
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError("This application has been decided: scores cannot change.")
    if Moderation.objects.filter(application=application).exists():
        raise ValidationError("This application has been moderated: scores cannot change.")
    criteria = _criteria(application.call)
    check_scores(criteria, scores)
    for criterion in criteria:
        Score.objects.update_or_create(
            assignment=assignment,
            criterion=criterion,
            defaults={
                "score": int(scores[criterion.pk] or 0),
                "comment": comments.get(criterion.pk, "").strip(),
            },
        )
    final = {c.pk: int(scores[c.pk] or 0) for c in criteria}
    assignment.weighted_total = weighted_total(criteria, final)
    assignment.submitted_at = timezone.now()
    assignment.save()
    application.needs_moderation = bool(divergence_of(application))
    application.save(update_fields=["needs_moderation", "updated_at"])
    return assignment


@transaction.atomic
def moderation_record(
    *, application: Application, scores: Mapping[int, int | None], reason: str, by: Any
) -> Moderation:
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError("This application has been decided.")
    done = [a for a in application.assignments.all() if a.is_active and a.is_done]
    if len(done) < 2:
        raise ValidationError("Moderation needs the scores of at least two assessors.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the agreed scores."})
    criteria = _criteria(application.call)
    check_scores(criteria, scores)
    final = {c.pk: int(scores[c.pk] or 0) for c in criteria}
    moderation, _ = Moderation.objects.update_or_create(
        application=application,
        defaults={
            "scores": {str(k): v for k, v in final.items()},
            "weighted_total": weighted_total(criteria, final),
            "reason": reason.strip(),
            "moderated_by": by,
        },
    )
    application.needs_moderation = False
    application.save(update_fields=["needs_moderation", "updated_at"])
    return moderation


def committed_total(call: Call, exclude_grant_id: int | None = None) -> int:
    """Money committed to the call's grants (after variations)."""
    from endeavour.grants.models import Grant

    grants = Grant.objects.filter(application__call=call)
    if exclude_grant_id is not None:
        grants = grants.exclude(pk=exclude_grant_id)
    return int(grants.aggregate(total=Sum("amount"))["total"] or 0)


@transaction.atomic
def decision_record(
    *, application: Application, outcome: str, reasons: str, by: Any, amount: int = 0
) -> Decision:
    """The panel's decision. An award is at most the amount requested and the maximum grant, and
    the call's awards never pass its budget (the call row is locked while this is checked)."""
    call = Call.objects.select_for_update().get(pk=application.call_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError("This application has already been decided, or was never submitted.")
    if Decision.objects.filter(application=application).exists():
        raise ValidationError("This application has already been decided.")
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose award or decline."})
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the panel's reasons; the applicant will see them."})
    done = [a for a in application.assignments.all() if a.is_active and a.is_done]
    if len(done) < 2:
        raise ValidationError("The panel decides once at least two assessors have scored it.")
    if application.needs_moderation:
        raise ValidationError("The assessors' scores diverge: moderate them first.")
    if outcome == Outcome.AWARD:
        requested = application.amount_requested or 0
        errors: list[str] = []
        if amount <= 0:
            errors.append("Give the amount to award, in pounds.")
        if amount > requested:
            errors.append(f"The award cannot be more than the £{requested:,} requested.")
        if amount > call.max_grant:
            errors.append(
                f"The award cannot be more than the maximum grant of £{call.max_grant:,}."
            )
        committed = committed_total(call)
        if committed + amount > call.budget:
            errors.append(
                f"Awarding £{amount:,} would take the call's awards to £{committed + amount:,}, "
                f"over its budget of £{call.budget:,} (£{call.budget - committed:,} is left)."
            )
        if errors:
            raise ValidationError({"amount": errors})
    else:
        amount = 0
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        amount=amount,
        reasons=reasons.strip(),
        decided_by=by,
    )
    application.status = (
        ApplicationStatus.AWARDED if outcome == Outcome.AWARD else ApplicationStatus.DECLINED
    )
    application.save(update_fields=["status", "updated_at"])
    if outcome == Outcome.AWARD:
        from endeavour.grants.services.grants import grant_issue

        grant_issue(application=application, amount=amount, by=by)
    return decision
