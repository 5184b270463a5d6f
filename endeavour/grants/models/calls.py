"""Calls for applications, their assessment rubric, and the reference list of outcome measures."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone


class FundTheme(models.TextChoices):
    """The fund's four themes, as the programme published them."""

    STRENGTHEN = "strengthen", "Strengthen communities against extremism"
    STAND_UP = "stand_up", "Encourage Londoners to stand up to hate"
    SAFEGUARD = "safeguard", "Safeguard people vulnerable to radicalisation"
    STOP_SPREAD = "stop_spread", "Stop the spread of extremist ideologies"


class LegalForm(models.TextChoices):
    CHARITY = "charity", "Registered charity"
    CIO = "cio", "Charitable incorporated organisation (CIO)"
    CIC = "cic", "Community interest company (CIC)"
    CONSTITUTED_GROUP = "constituted_group", "Constituted community group"
    COMPANY = "company", "Company limited by shares"
    INDIVIDUAL = "individual", "Individual or sole trader"
    OTHER = "other", "Other"


DEFAULT_ELIGIBLE_FORMS = [
    LegalForm.CHARITY,
    LegalForm.CIO,
    LegalForm.CIC,
    LegalForm.CONSTITUTED_GROUP,
]


class Call(models.Model):
    """A call for applications: its money, themes, rules, dates and rubric."""

    title = models.CharField(max_length=200, unique=True)
    summary = models.TextField(help_text="What the call is for, in plain English.")
    priorities = models.TextField(blank=True, help_text="What the panel will look for.")
    themes = models.JSONField(default=list, help_text="Codes of the fund themes the call funds.")
    budget = models.PositiveIntegerField(help_text="The whole call's budget, in pounds.")
    max_grant = models.PositiveIntegerField("maximum grant", help_text="In pounds.")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    decision_date = models.DateField(help_text="When applicants will hear the panel's decision.")
    eligible_legal_forms = models.JSONField(default=list)
    income_cap = models.PositiveIntegerField(
        null=True, blank=True, help_text="Applicants' annual income must be under this (pounds)."
    )
    london_only = models.BooleanField(default=True, help_text="Applicants must work in London.")
    divergence_threshold = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Assessors' weighted totals (out of 100) further apart than this go to "
        "moderation. A difference of 2 or more points on any criterion always does.",
    )
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    is_historical = models.BooleanField(
        default=False, help_text="An earlier call whose awards were imported, not run here."
    )
    is_sample = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("grants:call-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("grants:public-call", args=[self.pk])

    @property
    def theme_labels(self) -> list[str]:
        return [FundTheme(code).label for code in self.themes if code in FundTheme.values]

    @property
    def legal_form_labels(self) -> list[str]:
        return [LegalForm(c).label for c in self.eligible_legal_forms if c in LegalForm.values]

    @property
    def is_open(self) -> bool:
        now = timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    @property
    def has_closed(self) -> bool:
        return timezone.now() >= self.closes_at

    def scoring_started(self) -> bool:
        from endeavour.grants.models.assessment import Score

        return Score.objects.filter(criterion__call=self).exists()


class Criterion(models.Model):
    """One criterion of a call's rubric, scored on a whole-number scale from 0."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=200)
    guidance = models.TextField(blank=True)
    weight = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="Its share of the weighted total, relative to the other criteria.",
    )
    scale_max = models.PositiveSmallIntegerField(
        "highest score",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    descriptors = models.JSONField(
        default=list, help_text="What each score means, from 0 to the highest score."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["call", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "name"], name="grants_one_criterion_name")
        ]

    def __str__(self) -> str:
        return self.name

    def descriptor(self, score: int) -> str:
        return str(self.descriptors[score]) if 0 <= score < len(self.descriptors) else ""

    @property
    def scale(self) -> list[tuple[int, str]]:
        return [(score, self.descriptor(score)) for score in range(self.scale_max + 1)]


class Instrument(models.Model):
    """A validated attitudinal survey measure that funded projects may report on."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    scale_min = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("1"))
    scale_max = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal("5"))
    higher_is_better = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")),
                name="grants_instrument_scale_order",
            )
        ]

    def __str__(self) -> str:
        return self.name
