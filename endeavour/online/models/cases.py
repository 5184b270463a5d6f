from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from endeavour.online.models.items import Item
from endeavour.online.models.policy import (
    LegalBasis,
    PolicyClause,
    PolicyVersion,
    ProscribedOrganisation,
)


class Tier(models.TextChoices):
    """Severity, modelled on Tech Against Terrorism's TCAP tiers."""

    UNTRIAGED = "untriaged", "Not yet triaged"
    TIER_1 = "tier1", "Tier 1: threat to life"
    TIER_2 = "tier2", "Tier 2: crisis material"
    TIER_3 = "tier3", "Tier 3: proscribed-organisation propaganda"
    TIER_4 = "tier4", "Tier 4: promotional material"
    OUT_OF_SCOPE = "out_of_scope", "Out of scope"


class ThreatLevel(models.TextChoices):
    """Tier 1 only."""

    NONE = "", "Not Tier 1"
    LOW = "low", "Low: capability without intent"
    MEDIUM = "medium", "Medium: intent without capability"
    HIGH_UNSPECIFIC = "high_unspecific", "High: unspecific"
    HIGH_SPECIFIC = "high_specific", "High: specific"


class Ideology(models.TextChoices):
    """Stored as published; never remapped."""

    NOT_ASSESSED = "", "Not assessed"
    ISLAMIST = "islamist", "Islamist"
    EXTREME_RIGHT_WING = "extreme_right_wing", "Extreme right-wing"
    OTHER_OR_MIXED = "other_or_mixed", "Other, mixed or unclear"


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    AWAITING_SECOND_REVIEW = "awaiting_second_review", "Awaiting second review"
    REFERRED = "referred", "Referred"
    ESCALATED = "escalated", "Escalated to police"
    CLOSED_NO_ACTION = "closed_no_action", "Closed: no action"
    CLOSED_REMOVED = "closed_removed", "Closed: removed"
    CLOSED_STILL_UP = "closed_still_up", "Closed: still up after checks"
    OVERTURNED = "overturned", "Referral overturned on dispute"

    @classmethod
    def open_statuses(cls) -> list[str]:
        return [cls.NEW, cls.AWAITING_SECOND_REVIEW]


class Case(models.Model):
    """One item's casework. Every signal about the item joins this case."""

    reference = models.CharField(max_length=20, unique=True)
    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="case")
    status = models.CharField(max_length=24, choices=CaseStatus.choices, default=CaseStatus.NEW)
    tier = models.CharField(max_length=16, choices=Tier.choices, default=Tier.UNTRIAGED)
    threat_level = models.CharField(
        max_length=16, choices=ThreatLevel.choices, default=ThreatLevel.NONE, blank=True
    )
    ideology = models.CharField(
        max_length=24, choices=Ideology.choices, default=Ideology.NOT_ASSESSED, blank=True
    )
    confidence = models.FloatField(default=0.0, help_text="Strongest signal confidence, 0 to 1.")
    priority_tier_part = models.PositiveSmallIntegerField(default=0)
    priority_confidence_part = models.PositiveSmallIntegerField(default=0)
    priority = models.PositiveIntegerField(default=0, db_index=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    locked_until = models.DateTimeField(null=True, blank=True)
    reupload_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reuploads"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-priority", "created_at"]
        indexes = [
            models.Index(fields=["status", "-priority", "id"], name="case_queue_order"),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("online:case-detail", args=[self.pk])


class SignalKind(models.TextChoices):
    PUBLIC_REPORT = "public_report", "Public report"
    PARTNER = "partner", "Trusted partner"
    ANALYST = "analyst", "Analyst"
    IMPORT = "import", "Bulk import"
    HASH_MATCH = "hash_match", "Hash match"
    REUPLOAD = "reupload", "Re-upload of referred content"
    CLASSIFIER = "classifier", "Classifier"
    LEXICON = "lexicon", "Lexicon"


class Signal(models.Model):
    """A reason to look at a case, with where it came from and how sure it is."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(max_length=16, choices=SignalKind.choices)
    confidence = models.FloatField()
    summary = models.CharField(max_length=300)
    provenance = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confidence", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.confidence:.2f})"


class DecisionKind(models.TextChoices):
    REFER = "refer", "Refer for removal"
    NO_ACTION_OUT_OF_SCOPE = "no_action_out_of_scope", "No action: out of scope"
    NO_ACTION_PROTECTED = "no_action_protected", "No action: counter-speech, news or research"
    ESCALATE_POLICE = "escalate_police", "Escalate to police"
    SECOND_OPINION = "second_opinion", "Needs a second opinion"


class DecisionState(models.TextChoices):
    PENDING = "pending", "Can still be undone"
    APPLIED = "applied", "Applied"
    UNDONE = "undone", "Undone"


class Decision(models.Model):
    """A named person's decision on a case, with the policy version and a reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=24, choices=DecisionKind.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="online_decisions"
    )
    is_second_review = models.BooleanField(default=False)
    reason = models.TextField()
    tier = models.CharField(max_length=16, choices=Tier.choices)
    threat_level = models.CharField(max_length=16, choices=ThreatLevel.choices, blank=True)
    ideology = models.CharField(max_length=24, choices=Ideology.choices, blank=True)
    policy_version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT)
    policy_clause = models.ForeignKey(PolicyClause, on_delete=models.PROTECT, null=True, blank=True)
    legal_basis = models.CharField(max_length=24, choices=LegalBasis.choices, blank=True)
    proscribed_organisation = models.ForeignKey(
        ProscribedOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text="Tier 3: whose propaganda it is, from the proscription list in force.",
    )
    state = models.CharField(
        max_length=10, choices=DecisionState.choices, default=DecisionState.PENDING
    )
    decided_at = models.DateTimeField(db_index=True)
    effective_at = models.DateTimeField(db_index=True)
    undone_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.case} by {self.decided_by}"
