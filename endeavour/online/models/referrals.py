from __future__ import annotations

from django.conf import settings
from django.db import models

from endeavour.online.models.cases import Case, Decision
from endeavour.online.models.platforms import Platform
from endeavour.online.models.policy import LegalBasis, PolicyClause


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    WEB_FORM = "web_form", "Platform's web form"
    TRUSTED_FLAGGER = "trusted_flagger", "Trusted-flagger portal"
    API = "api", "Platform API"


class PlatformResponse(models.TextChoices):
    AWAITING = "awaiting", "Awaiting response"
    ACCEPTED = "accepted", "Accepted"
    REFUSED = "refused", "Refused"


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Ready to send"
    SENT = "sent", "Sent, checking"
    REMOVED = "removed", "Removed"
    STILL_UP = "still_up", "Still up after checks"
    WITHDRAWN = "withdrawn", "Withdrawn after dispute"


class Referral(models.Model):
    """A request to a platform to remove an item, with its notice and what happened next."""

    reference = models.CharField(max_length=24, unique=True)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="referrals")
    platform = models.ForeignKey(Platform, on_delete=models.PROTECT, related_name="referrals")
    legal_basis = models.CharField(max_length=24, choices=LegalBasis.choices)
    policy_clause = models.ForeignKey(PolicyClause, on_delete=models.PROTECT)
    notice_text = models.TextField()
    notice_json = models.JSONField()
    status = models.CharField(
        max_length=12, choices=ReferralStatus.choices, default=ReferralStatus.DRAFT
    )
    channel = models.CharField(max_length=16, choices=Channel.choices, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    response = models.CharField(
        max_length=10, choices=PlatformResponse.choices, default=PlatformResponse.AWAITING
    )
    response_reason = models.TextField(blank=True)
    response_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    checks_made = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def time_to_removal_hours(self) -> float | None:
        if self.removed_at is None or self.sent_at is None:
            return None
        return (self.removed_at - self.sent_at).total_seconds() / 3600


class OutcomeCause(models.TextChoices):
    STILL_UP = "still_up", "Still up"
    REMOVED_BY_PLATFORM = "removed_by_platform", "Removed by the platform"
    GONE_WITH_ACCOUNT = "gone_with_account", "Gone with the account"
    REMOVED_BY_UPLOADER = "removed_by_uploader", "Removed by the uploader"
    GEO_BLOCKED = "geo_blocked", "Blocked in the UK"
    UNREACHABLE = "unreachable", "Could not be reached"

    @classmethod
    def removed(cls) -> set[str]:
        return {
            cls.REMOVED_BY_PLATFORM,
            cls.GONE_WITH_ACCOUNT,
            cls.REMOVED_BY_UPLOADER,
            cls.GEO_BLOCKED,
        }


class OutcomeCheck(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="checks")
    checked_at = models.DateTimeField(db_index=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    cause = models.CharField(max_length=24, choices=OutcomeCause.choices)
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-checked_at"]

    def __str__(self) -> str:
        return f"{self.referral}: {self.get_cause_display()} at {self.checked_at:%Y-%m-%d %H:%M}"


class DisputeStatus(models.TextChoices):
    OPEN = "open", "Open"
    UPHELD = "upheld", "Referral upheld"
    OVERTURNED = "overturned", "Referral overturned"


class Dispute(models.Model):
    """A platform's or uploader's challenge to a referral, decided by someone else."""

    reference = models.CharField(max_length=24, unique=True)
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, related_name="disputes")
    raised_by_platform = models.BooleanField(default=False)
    grounds = models.TextField()
    contact_email = models.EmailField(blank=True)
    status = models.CharField(
        max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return self.reference
