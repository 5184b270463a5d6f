"""A consultation, its questions and the kinds of respondent it asks for."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

LIKERT_DEFAULT = [
    "Strongly agree",
    "Agree",
    "Neither agree nor disagree",
    "Disagree",
    "Strongly disagree",
]


class Consultation(models.Model):
    """A consultation with experts, local authorities and communities."""

    title = models.CharField(max_length=300, unique=True)
    description = models.TextField(help_text="What the consultation is about, in plain English.")
    privacy_notice = models.TextField(
        help_text="Who is asking, what is kept, for how long, and how to ask for it to be deleted."
    )
    opens_on = models.DateField(help_text="The first day responses are accepted.")
    closes_on = models.DateField(help_text="The last day responses are accepted.")
    is_published = models.BooleanField(
        default=False, help_text="Published consultations are listed and accept responses."
    )
    findings_published = models.BooleanField(
        default=False, help_text="Show the findings to the public."
    )
    asks_demographics = models.BooleanField(
        default=False,
        help_text="Ask optional questions about the respondent, only with their explicit consent.",
    )
    is_sample = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def get_respond_url(self) -> str:
        return reverse("consultations:respond", args=[self.pk])

    def is_open(self, today: object | None = None) -> bool:
        day = today or timezone.localdate()
        return bool(self.is_published and self.opens_on <= day <= self.closes_on)  # type: ignore[operator]


class RespondentType(models.Model):
    """Who is answering, as the respondent describes themselves."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="respondent_types"
    )
    label = models.CharField(max_length=100)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["consultation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "label"], name="one_respondent_type_label_per_consultation"
            )
        ]

    def __str__(self) -> str:
        return self.label


class QuestionKind(models.TextChoices):
    FREE_TEXT = "free_text", "Free text"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    LIKERT = "likert", "Agreement scale (Likert)"


class Question(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveIntegerField(default=0)
    text = models.CharField(max_length=500)
    help_text = models.CharField("hint", max_length=500, blank=True)
    kind = models.CharField(max_length=20, choices=QuestionKind.choices)
    choices = models.JSONField(
        default=list, blank=True, help_text="The options of a choice or Likert question, in order."
    )
    asks_stance = models.BooleanField(
        default=False,
        help_text="A free-text question asking whether people agree with a proposal.",
    )
    is_required = models.BooleanField(default=False)

    class Meta:
        ordering = ["consultation", "order", "pk"]

    def __str__(self) -> str:
        return f"Q{self.number}. {self.text}"

    @property
    def number(self) -> int:
        return self.order

    @property
    def is_free_text(self) -> bool:
        return self.kind == QuestionKind.FREE_TEXT

    @property
    def options(self) -> list[str]:
        return [str(choice) for choice in (self.choices or [])]
