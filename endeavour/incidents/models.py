"""Hate incident reports from the public, their attachments, links and contact details (kept
apart, deletable), and the staff's triage: an append-only history of named decisions.

The exact location and the contact details appear only on the case record for reports officers;
every list, figure, export and API answer uses the borough alone.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from endeavour.core.models import Borough
from endeavour.incidents.reference import MOTIVATION_LABELS, SEVERITY_LABELS


class IncidentType(models.TextChoices):
    VERBAL_ABUSE = "verbal_abuse", _("Verbal abuse, insults or name-calling")
    HARASSMENT = "harassment", _("Harassment or intimidation")
    PHYSICAL_ASSAULT = "physical_assault", _("Physical assault")
    PROPERTY_DAMAGE = "property_damage", _("Damage to property")
    GRAFFITI = "graffiti", _("Graffiti, stickers or leaflets")
    ONLINE_ABUSE = "online_abuse", _("Online abuse")
    THREATS = "threats", _("Threats")
    OTHER = "other", _("Something else")


class Setting(models.TextChoices):
    OFFLINE = "offline", _("In person or in a place")
    ONLINE = "online", _("Online only")
    BOTH = "both", _("Both in person and online")


class ReporterRole(models.TextChoices):
    VICTIM = "victim", _("It happened to me")
    WITNESS = "witness", _("I saw or heard it")
    ON_BEHALF = "on_behalf", _("I am reporting for someone else")
    ORGANISATION = "organisation", _("I am reporting for a community organisation")


class Status(models.TextChoices):
    NEW = "new", "New"
    IN_TRIAGE = "in_triage", "In triage"
    ROUTED = "routed", "Routed"
    CLOSED = "closed", "Closed"


class Verification(models.TextChoices):
    REPORTED = "reported", "Reported (not yet checked)"
    VERIFIED = "verified", "Verified"
    NOT_VERIFIED = "not_verified", "Not verified"


class RoutingDestination(models.TextChoices):
    POLICE = "police", "Police"
    VICTIM_SUPPORT = "victim_support", "Victim support"


class ReporterConsent(models.TextChoices):
    YES = "yes", "Yes, the reporter agreed"
    NO = "no", "No, the reporter did not agree"
    NOT_ASKED = "not_asked", "Not asked (anonymous report: nothing about the reporter is passed on)"


class IncidentReport(models.Model):
    """One report. Anonymous unless the reporter chose to leave contact details."""

    reference = models.CharField(max_length=24, unique=True)
    received_at = models.DateTimeField(default=timezone.now, db_index=True)
    is_sample = models.BooleanField(default=False, help_text="Demo data, labelled as such.")
    reporter_role = models.CharField(max_length=16, choices=ReporterRole.choices, blank=True)
    incident_type = models.CharField(max_length=24, choices=IncidentType.choices)
    occurred_on = models.DateField()
    occurred_time = models.TimeField(null=True, blank=True)
    setting = models.CharField(max_length=8, choices=Setting.choices)
    # Null: online only, or the reporter did not know.
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    exact_location = models.CharField(max_length=300, blank=True)
    description = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NEW)
    verification = models.CharField(
        max_length=12, choices=Verification.choices, default=Verification.REPORTED
    )
    severity = models.PositiveSmallIntegerField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    location_purged_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "received_at"], name="incident_status_received"),
            models.Index(fields=["occurred_on"], name="incident_occurred_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__isnull=True)
                | models.Q(severity__gte=1, severity__lte=4),
                name="incident_severity_1_to_4",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("incidents:report-detail", args=[self.pk])

    @property
    def place(self) -> str:
        """Where, at borough level: what every list, figure and export shows."""
        if self.borough_id is not None and self.borough is not None:
            return self.borough.name
        return "Online only" if self.setting == Setting.ONLINE else "Borough not known"

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity or 0, "Not graded")

    @property
    def motivation_labels(self) -> list[str]:
        return [str(MOTIVATION_LABELS.get(m.code, m.code)) for m in self.motivations.all()]


class ReportMotivation(models.Model):
    """One motivation the reporter (or anyone else) perceived; a report may have several."""

    report = models.ForeignKey(IncidentReport, on_delete=models.CASCADE, related_name="motivations")
    code = models.CharField(max_length=32)

    class Meta:
        ordering = ["report", "id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "code"], name="one_motivation_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.report}: {self.code}"


class ReportLink(models.Model):
    """A web address in the report, passed to the online casework as a public-report signal."""

    report = models.ForeignKey(IncidentReport, on_delete=models.CASCADE, related_name="links")
    url = models.CharField(max_length=2000)
    online_case_reference = models.CharField(max_length=32, blank=True)
    online_item_reference = models.CharField(max_length=32, blank=True)

    class Meta:
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.url


class Attachment(models.Model):
    """A picture or PDF sent with the report, in private storage; deleted after closure."""

    report = models.ForeignKey(IncidentReport, on_delete=models.CASCADE, related_name="attachments")
    storage_path = models.CharField(max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class ReporterContact(models.Model):
    """Contact details, given only with consent to be contacted; deleted after closure."""

    report = models.OneToOneField(IncidentReport, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    consented_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Contact details for {self.report}"


class HistoryIsAppendOnly(Exception):
    """Raised on any attempt to change a triage entry once written."""


class TriageField(models.TextChoices):
    STATUS = "status", "Status"
    VERIFICATION = "verification", "Verification"
    SEVERITY = "severity", "Severity"
    ROUTING = "routing", "Routing"
    NOTE = "note", "Note"


class TriageEntry(models.Model):
    """One named decision on a report. Never edited or deleted: a correction is a new entry."""

    report = models.ForeignKey(IncidentReport, on_delete=models.PROTECT, related_name="history")
    field = models.CharField(max_length=16, choices=TriageField.choices)
    value = models.CharField(max_length=40, blank=True)
    value_label = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "decided_at", "id"]
        verbose_name_plural = "triage entries"

    def __str__(self) -> str:
        return f"{self.report}: {self.get_field_display()} {self.value_label}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise HistoryIsAppendOnly("A triage entry cannot be changed; record a new one.")
        super().save(*args, **kwargs)


class Routing(models.Model):
    """A report passed on to the police or victim support, with the date and the reporter's
    consent as recorded by the reports officer."""

    report = models.ForeignKey(IncidentReport, on_delete=models.PROTECT, related_name="routings")
    destination = models.CharField(max_length=16, choices=RoutingDestination.choices)
    routed_on = models.DateField()
    reporter_consent = models.CharField(max_length=12, choices=ReporterConsent.choices)
    reference = models.CharField(
        max_length=100, blank=True, help_text="The receiving body's reference, if it gave one."
    )
    note = models.TextField(blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["report", "routed_on", "id"]

    def __str__(self) -> str:
        return f"{self.report} to {self.get_destination_display()} on {self.routed_on:%d %b %Y}"
