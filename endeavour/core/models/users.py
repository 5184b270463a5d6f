from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse

from endeavour.core.models.boroughs import Borough
from endeavour.core.models.organisations import Organisation


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    ANALYST = "analyst", "Analyst"
    SENIOR_ANALYST = "senior_analyst", "Senior analyst"
    PROGRAMME_OFFICER = "programme_officer", "Programme officer"
    BOROUGH_OFFICER = "borough_officer", "Borough officer"
    AUDITOR = "auditor", "Auditor"
    REPORTS_OFFICER = "reports_officer", "Reports officer"
    ASSESSOR = "assessor", "Grant assessor"
    APPLICANT = "applicant", "Community organisation applicant"


ROLE_DESCRIPTIONS: dict[str, str] = {
    Role.ADMINISTRATOR: "Manages organisations, people, roles and reference data.",
    Role.ANALYST: "Reviews online content.",
    Role.SENIOR_ANALYST: "Second review, referral sign-off and disputes.",
    Role.PROGRAMME_OFFICER: "Runs the fund, consultations and recommendation tracking.",
    Role.BOROUGH_OFFICER: "Sees their own borough's records only.",
    Role.AUDITOR: "Reads everything, including the audit log; changes nothing.",
    Role.REPORTS_OFFICER: "Triages public hate incident reports; keeps the help finder current.",
    Role.ASSESSOR: "Scores the grant applications assigned to them; not a member of staff.",
    Role.APPLICANT: "Applies for grants and reports on them for their own organisation; not staff.",
}


class User(AbstractUser):
    """A member of staff or of a partner organisation. The public never has an account."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    job_title = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_absolute_url(self) -> str:
        return reverse("core:person-detail", args=[self.pk])

    @property
    def role_codes(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            cached = frozenset(self.role_assignments.values_list("role", flat=True))
            self._role_codes = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return self.is_active and bool(self.role_codes.intersection(roles))

    @property
    def borough(self) -> Borough | None:
        return self.organisation.borough if self.organisation else None

    @property
    def needs_two_factor(self) -> bool:
        return bool(self.role_codes.intersection(settings.TWO_FACTOR_REQUIRED_ROLES))


class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=32, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_assignment_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} - {self.get_role_display()}"
