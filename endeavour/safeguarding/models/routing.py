"""Concern routing: each borough's chosen channel, and concerns sent with the sender's consent.

A ``Concern`` is the routing record (borough, kind of worry, dates, channel, status) and stays;
``ConcernDetails`` holds the sender's personal details and words, and is deleted by the purge.
Nothing here scores, rates or profiles anyone: there is no field about the person worried about.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from endeavour.core.models import Borough
from endeavour.safeguarding.models.directory import Worry


class Channel(models.TextChoices):
    SECURE_DOWNLOAD = "secure_download", _("Secure download in Endeavour")
    EMAIL_NOTICE = "email_notice", _("Email notice with a link (no personal details in the email)")


class BoroughRouting(models.Model):
    """How a borough's team wants to receive concerns. Without an active one, no form is offered."""

    borough = models.OneToOneField(Borough, on_delete=models.PROTECT, related_name="routing")
    team_name = models.CharField(max_length=200, help_text="For example: Camden Prevent team.")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    team_email = models.EmailField(
        blank=True, help_text="Needed for the email channel: where the notice is sent."
    )
    is_active = models.BooleanField(
        "accepting concerns through Endeavour",
        default=True,
        help_text="Untick to stop offering the form for this borough.",
    )
    is_sample = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["borough__name"]

    def __str__(self) -> str:
        return f"{self.borough}: {self.team_name}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Email notice sent")
    AVAILABLE = "available", _("Waiting in Endeavour for the borough team")
    FAILED = "failed", _("Delivery failed")
    OPENED = "opened", _("Opened by the borough team")


class Concern(models.Model):
    """The routing record of one concern. Kept after the personal details are purged."""

    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="concerns")
    worry = models.CharField(max_length=20, choices=Worry.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    team_name = models.CharField(max_length=200)
    consent_given_at = models.DateTimeField()
    submitted_at = models.DateTimeField(db_index=True)
    delivery_status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True, db_index=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    acknowledged_by_name = models.CharField(max_length=200, blank=True)
    details_purged_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-submitted_at", "-id"]

    def __str__(self) -> str:
        return f"Concern {self.reference} for {self.borough}"

    def get_absolute_url(self) -> str:
        return reverse("safeguarding:concern-detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"SG-{self.pk:06d}"

    @property
    def is_acknowledged(self) -> bool:
        return self.acknowledged_at is not None


class ConcernDetails(models.Model):
    """The sender's personal details and description: the minimum, deleted by the purge."""

    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="details")
    sender_name = models.CharField(max_length=100)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=30, blank=True)
    relationship = models.CharField(max_length=100, blank=True)
    description = models.TextField(max_length=1500)

    def __str__(self) -> str:
        return f"Details of concern {self.concern_id}"
