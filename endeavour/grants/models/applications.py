"""Organisations asking to register, and their applications with attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from endeavour.core.models import Borough, Organisation
from endeavour.grants.models.calls import Call, FundTheme, LegalForm


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    REFUSED = "refused", "Refused"


class RegistrationRequest(models.Model):
    """A community organisation asking for an applicant account. A programme officer decides."""

    organisation_name = models.CharField(max_length=200)
    legal_form = models.CharField(max_length=32, choices=LegalForm.choices)
    registration_number = models.CharField(max_length=40, blank=True)
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    website = models.URLField(blank=True)
    contact_first_name = models.CharField(max_length=150)
    contact_last_name = models.CharField(max_length=150)
    contact_email = models.EmailField()
    status = models.CharField(
        max_length=16, choices=RegistrationStatus.choices, default=RegistrationStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_purged = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Registration request from {self.organisation_name}"

    def get_absolute_url(self) -> str:
        return reverse("grants:registration-detail", args=[self.pk])


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    AWARDED = "awarded", "Awarded"
    DECLINED = "declined", "Declined"


class Application(models.Model):
    """One organisation's application to one call. Saved as a draft until submitted."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grant_applications"
    )
    reference = models.CharField(max_length=32, unique=True)
    status = models.CharField(
        max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    project_title = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True, help_text="What the project will do, for whom.")
    theme = models.CharField(max_length=16, choices=FundTheme.choices, blank=True)
    amount_requested = models.PositiveIntegerField(null=True, blank=True)
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="+")
    participants_planned = models.PositiveIntegerField(null=True, blank=True)
    legal_form = models.CharField(max_length=32, choices=LegalForm.choices, blank=True)
    registration_number = models.CharField(max_length=40, blank=True)
    annual_income = models.PositiveIntegerField(null=True, blank=True)
    operates_in_london = models.BooleanField(default=True)
    eligibility = models.JSONField(
        default=list, blank=True, help_text="The last eligibility check: one entry per rule."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    extension_until = models.DateTimeField(null=True, blank=True)
    extension_reason = models.CharField(max_length=500, blank=True)
    needs_moderation = models.BooleanField(default=False)
    is_imported = models.BooleanField(default=False)
    is_sample = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["call", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="grants_one_application_per_call"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.project_title or 'untitled'}"

    def get_absolute_url(self) -> str:
        return reverse("grants:application-detail", args=[self.pk])

    def get_staff_url(self) -> str:
        return reverse("grants:staff-application", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status == ApplicationStatus.DRAFT


class AttachmentKind(models.TextChoices):
    CONSTITUTION = "constitution", "Constitution or governing document"
    SAFEGUARDING = "safeguarding", "Safeguarding policy"
    ACCOUNTS = "accounts", "Latest accounts"


class Attachment(models.Model):
    """A required document, in private storage. A new upload of the same kind replaces it."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(max_length=16, choices=AttachmentKind.choices)
    storage_path = models.CharField(max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="grants_one_file_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.application.reference}"
