"""Grants: the agreement, its payment schedule tied to milestones, and variations."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from endeavour.grants.models.applications import Application


class Grant(models.Model):
    """The grant agreement made after an award."""

    application = models.OneToOneField(Application, on_delete=models.PROTECT, related_name="grant")
    reference = models.CharField(max_length=32, unique=True)
    amount = models.PositiveIntegerField(help_text="Pounds, after any variations.")
    start_date = models.DateField()
    end_date = models.DateField()
    conditions = models.TextField(blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="grants_grant_dates_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("grants:staff-grant", args=[self.pk])

    def get_applicant_url(self) -> str:
        return reverse("grants:my-grant", args=[self.pk])


class Instalment(models.Model):
    """One payment, due when its milestone is met. The instalments add up to the grant."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="instalments")
    milestone = models.CharField(max_length=300)
    due_date = models.DateField()
    amount = models.PositiveIntegerField()
    paid_on = models.DateField(null=True, blank=True)
    paid_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["grant", "due_date", "id"]

    def __str__(self) -> str:
        return f"{self.grant.reference}: {self.milestone}"


class Variation(models.Model):
    """An approved change to a grant's amount, end date or milestones. History is kept."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="variations")
    before = models.JSONField()
    after = models.JSONField()
    reason = models.TextField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["grant", "approved_at", "id"]

    def __str__(self) -> str:
        return f"Variation of {self.grant.reference}"
