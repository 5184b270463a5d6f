"""Recommendations and the actions under them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from endeavour.core.models import Organisation
from endeavour.recommendations.models.sources import Source, Theme
from endeavour.recommendations.models.statuses import StatusDefinition


class OwnerResponse(models.TextChoices):
    """The owner's formal response to a recommendation."""

    AWAITING = "awaiting", "No response yet"
    ACCEPTED = "accepted", "Accepted"
    PARTLY_ACCEPTED = "partly_accepted", "Partly accepted"
    NOT_ACCEPTED = "not_accepted", "Not accepted"

    @classmethod
    def needing_reason(cls) -> set[str]:
        return {cls.PARTLY_ACCEPTED, cls.NOT_ACCEPTED}


class Priority(models.TextChoices):
    NONE = "", "Not set"
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


class Recommendation(models.Model):
    """A recommendation of a source or, with a parent, an action under a recommendation.

    Only recommendations (no parent) are counted in the figures; actions roll their progress up
    into their recommendation. The status history is in ``StatusChange``; ``current_*`` repeat its
    latest entry for fast lists and are set only by ``services.status.status_change_record``.
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="recommendations")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    reference = models.CharField(
        max_length=40, help_text="As the source numbers it, for example '12' or '4.3'."
    )
    text = models.TextField()
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="recommendations"
    )
    owner_organisations = models.ManyToManyField(
        Organisation, related_name="owned_recommendations", blank=True
    )
    lead_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_recommendations",
    )
    response = models.CharField(
        "owner's response",
        max_length=16,
        choices=OwnerResponse.choices,
        default=OwnerResponse.AWAITING,
    )
    response_reason = models.TextField(blank=True)
    response_date = models.DateField(null=True, blank=True)
    priority = models.CharField(max_length=8, choices=Priority.choices, default="", blank=True)
    target_date = models.DateField(null=True, blank=True)
    is_public = models.BooleanField(
        "listed on the public page",
        default=True,
        help_text=(
            "Untick only for security-sensitive items. They are still counted in the public "
            "figures, but not listed."
        ),
    )
    withheld_reason = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within the source.")
    current_status = models.ForeignKey(
        StatusDefinition, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_status_since = models.DateField(null=True, blank=True)
    current_progress = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["source", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "reference"], name="one_reference_per_source"
            ),
        ]
        indexes = [models.Index(fields=["target_date"], name="recommendation_target")]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:recommendation-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("recommendations:public-recommendation", args=[self.pk])

    @property
    def is_action(self) -> bool:
        return self.parent_id is not None

    @property
    def kind_label(self) -> str:
        return "Action" if self.parent_id is not None else "Recommendation"
