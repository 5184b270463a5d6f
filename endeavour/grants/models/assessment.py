"""Assessment: assessors assigned to applications, their declarations and scores, moderation,
and the panel's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from endeavour.grants.models.applications import Application
from endeavour.grants.models.calls import Criterion


class Declaration(models.TextChoices):
    PENDING = "pending", "Not declared yet"
    NO_CONFLICT = "no_conflict", "No conflict of interest"
    CONFLICT = "conflict", "Conflict of interest declared"


class Assignment(models.Model):
    """An assessor asked to score an application. A declared conflict removes them for good."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="grant_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    declaration = models.CharField(
        max_length=16, choices=Declaration.choices, default=Declaration.PENDING
    )
    declared_at = models.DateTimeField(null=True, blank=True)
    conflict_note = models.CharField(max_length=300, blank=True)
    weighted_total = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["application", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "assessor"], name="grants_one_assignment_per_assessor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assessor} on {self.application.reference}"

    @property
    def is_active(self) -> bool:
        return self.declaration != Declaration.CONFLICT

    @property
    def is_done(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    """One assessor's score for one criterion, with their comment. Kept after moderation."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["assignment", "criterion__order", "criterion_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "criterion"], name="grants_one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Moderation(models.Model):
    """The agreed scores for an application whose assessors diverged. Their scores are kept."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="moderation"
    )
    scores = models.JSONField(help_text="Criterion id to the agreed score.")
    weighted_total = models.DecimalField(max_digits=5, decimal_places=2)
    reason = models.TextField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    moderated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Moderation of {self.application.reference}"


class Outcome(models.TextChoices):
    AWARD = "award", "Award"
    DECLINE = "decline", "Decline"


class Decision(models.Model):
    """The panel's decision on an application, with its reasons, recorded by a named officer."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    amount = models.PositiveIntegerField(default=0, help_text="Pounds awarded; 0 if declined.")
    reasons = models.TextField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(outcome="award", amount__gt=0)
                | models.Q(outcome="decline", amount=0),
                name="grants_award_has_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.application.reference}"
