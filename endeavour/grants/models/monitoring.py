"""Monitoring returns from funded projects: aggregate figures only, never lists of people."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from endeavour.core.models import Borough
from endeavour.grants.models.calls import Instrument
from endeavour.grants.models.grants import Grant

# Demographics are counts by band. Each set of bands has "not known", so every set adds up to
# the participants reached.
DEMOGRAPHIC_BANDS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "age": (
        "Age",
        [
            ("under_16", "Under 16"),
            ("16_24", "16 to 24"),
            ("25_44", "25 to 44"),
            ("45_64", "45 to 64"),
            ("65_plus", "65 and over"),
            ("not_known", "Not known"),
        ],
    ),
    "gender": (
        "Gender",
        [
            ("woman", "Woman or girl"),
            ("man", "Man or boy"),
            ("other", "Describes themselves another way"),
            ("not_known", "Not known"),
        ],
    ),
    "ethnicity": (
        "Ethnic group",
        [
            ("asian", "Asian or Asian British"),
            ("black", "Black, Black British, Caribbean or African"),
            ("mixed", "Mixed or multiple ethnic groups"),
            ("white", "White"),
            ("other", "Other ethnic group"),
            ("not_known", "Not known"),
        ],
    ),
}
INCIDENT_CATEGORIES: list[tuple[str, str]] = [
    ("safeguarding_concern", "Safeguarding concerns raised"),
    ("referral", "Referrals to a local authority or police"),
    ("hate_incident", "Hate incidents at an activity"),
    ("complaint", "Complaints received"),
]
RISK_CATEGORIES: list[tuple[str, str]] = [
    ("delivery", "Delivery risks (late or cancelled activities)"),
    ("safety", "Safety risks to participants or staff"),
    ("reputation", "Reputational risks"),
]
SHORT_TEXT = 500


class ReturnStatus(models.TextChoices):
    DUE = "due", "Due"
    SUBMITTED = "submitted", "Submitted"


class MonitoringReturn(models.Model):
    """A periodic return from a funded project."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="returns")
    period_start = models.DateField()
    period_end = models.DateField()
    due_date = models.DateField(db_index=True)
    status = models.CharField(max_length=16, choices=ReturnStatus.choices, default=ReturnStatus.DUE)
    activities_delivered = models.PositiveIntegerField(null=True, blank=True)
    activities_summary = models.CharField(max_length=SHORT_TEXT, blank=True)
    participants = models.PositiveIntegerField(null=True, blank=True)
    demographics = models.JSONField(default=dict, blank=True)
    incidents = models.JSONField(default=dict, blank=True)
    risks = models.JSONField(default=dict, blank=True)
    risks_summary = models.CharField(max_length=SHORT_TEXT, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    is_imported = models.BooleanField(default=False)

    class Meta:
        ordering = ["grant", "due_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "period_start"], name="grants_one_return_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Return for {self.grant.reference}, {self.period_start} to {self.period_end}"

    def get_absolute_url(self) -> str:
        return reverse("grants:my-return", args=[self.pk])


class ReturnBorough(models.Model):
    """Participants reached in one borough, as counted in one return."""

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="boroughs"
    )
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    participants = models.PositiveIntegerField()

    class Meta:
        ordering = ["monitoring_return", "borough__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "borough"], name="grants_one_row_per_borough"
            )
        ]

    def __str__(self) -> str:
        return f"{self.borough}: {self.participants}"


class OutcomeMeasure(models.Model):
    """A retrospective pre/post result on one instrument: respondents, mean before and after."""

    monitoring_return = models.ForeignKey(
        MonitoringReturn, on_delete=models.CASCADE, related_name="outcomes"
    )
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="+")
    respondents = models.PositiveIntegerField()
    mean_before = models.DecimalField(max_digits=6, decimal_places=2)
    mean_after = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["monitoring_return", "instrument__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["monitoring_return", "instrument"], name="grants_one_result_per_instrument"
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument}: n={self.respondents}"
