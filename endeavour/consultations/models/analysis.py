"""Themes, assignments, duplicate groups and analysis runs: machine proposals and people's
decisions, each recording who made it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from endeavour.consultations.models.consultations import Consultation, Question
from endeavour.consultations.models.responses import Answer


class MadeBy(models.TextChoices):
    MACHINE = "machine", "Machine"
    PERSON = "person", "Person"


class AnalysisRun(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="analysis_runs"
    )
    job = models.ForeignKey(
        "jobs.JobRun", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    model_version = models.CharField(max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Analysis of {self.consultation} at {self.started_at:%Y-%m-%d %H:%M}"


class Theme(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(max_length=200)
    keywords = models.JSONField(default=list, blank=True)
    representative_ids = models.JSONField(
        default=list, blank=True, help_text="Answers the analysis chose as representative."
    )
    quote_ids = models.JSONField(
        default=list, blank=True, help_text="Answers an analyst chose to quote in the findings."
    )
    created_by_kind = models.CharField(max_length=10, choices=MadeBy.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    edited_by_person = models.BooleanField(
        default=False, help_text="A person renamed it or changed it: re-runs leave it alone."
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged_from"
    )
    is_deleted = models.BooleanField(default=False)
    run = models.ForeignKey(
        AnalysisRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="themes"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question", "label", "pk"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("consultations:theme", args=[self.pk])

    @property
    def is_live(self) -> bool:
        return not self.is_deleted and self.merged_into_id is None

    @property
    def reference(self) -> str:
        return f"THEME-{self.pk}"


class AssignmentState(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class ThemeAssignment(models.Model):
    """An answer put under a theme, by the machine (proposed) or a named person."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="assignments")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="assignments")
    confidence = models.FloatField(null=True, blank=True)
    made_by = models.CharField(max_length=10, choices=MadeBy.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField()
    state = models.CharField(
        max_length=10, choices=AssignmentState.choices, default=AssignmentState.PROPOSED
    )
    run = models.ForeignKey(
        AnalysisRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments"
    )

    class Meta:
        ordering = ["theme", "-confidence", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["answer", "theme"], name="one_assignment_per_theme"),
            models.CheckConstraint(
                condition=~models.Q(made_by="person")
                | models.Q(state__in=["confirmed", "rejected"]),
                name="person_assignments_are_decisions",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.answer} under {self.theme} ({self.state})"

    @property
    def counts(self) -> bool:
        return self.state != AssignmentState.REJECTED


class DuplicateState(models.TextChoices):
    PENDING = "pending", "Waiting for a person"
    CONFIRMED = "confirmed", "Duplicates: count one"
    DISMISSED = "dismissed", "Not duplicates: count all"


class DuplicateGroup(models.Model):
    """Answers the analysis suspects are copies or coordinated: counted until a person decides."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="duplicates")
    kind = models.CharField(max_length=8)  # exact or near
    similarity = models.FloatField()
    answers = models.ManyToManyField(Answer, related_name="duplicate_groups")
    answer_key = models.CharField(max_length=64, help_text="Digest of the answer ids.")
    state = models.CharField(
        max_length=10, choices=DuplicateState.choices, default=DuplicateState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    run = models.ForeignKey(
        AnalysisRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["question", "state", "-similarity", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "answer_key"], name="one_duplicate_group_per_answer_set"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_state_display()}: {self.kind} duplicates ({self.similarity:.2f})"
