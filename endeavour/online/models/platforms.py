from __future__ import annotations

from django.db import models

from endeavour.core.models import Organisation


class SizeBand(models.TextChoices):
    """Platform size, by monthly users in the UK; used to report referrals by platform size."""

    VERY_LARGE = "very_large", "Very large (over 10 million)"
    LARGE = "large", "Large (1 to 10 million)"
    MEDIUM = "medium", "Medium (100,000 to 1 million)"
    SMALL = "small", "Small (under 100,000)"
    UNKNOWN = "unknown", "Not known"


class Platform(models.Model):
    """A hosting service that receives referrals."""

    name = models.CharField(max_length=200, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="platforms"
    )
    size_band = models.CharField(max_length=16, choices=SizeBand.choices, default=SizeBand.UNKNOWN)
    abuse_contact = models.CharField(
        max_length=300, blank=True, help_text="Email address or web form for abuse reports."
    )
    trusted_flagger_contact = models.CharField(max_length=300, blank=True)
    terms_url = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PlatformDomain(models.Model):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(
        max_length=253, unique=True, help_text="Lower case, without www. Subdomains match too."
    )

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain
