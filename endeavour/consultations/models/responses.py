"""Responses and their answers, from the public form, imports and documents."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from endeavour.consultations.models.consultations import Consultation, Question, RespondentType
from endeavour.core.models import Borough


class ResponseChannel(models.TextChoices):
    ONLINE = "online", "Online form"
    IMPORT = "import", "Imported survey export"
    DOCUMENT = "document", "Document passage"


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", "Saved, not sent"
    SUBMITTED = "submitted", "Sent"


class ImportRun(models.Model):
    """One import of a survey export: what was mapped, what came in, what was already there."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    mapping = models.JSONField(default=dict)
    rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    known_count = models.PositiveIntegerField(default=0)
    empty_count = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"Import of {self.filename}"


class DocumentKind(models.TextChoices):
    FOCUS_GROUP = "focus_group", "Focus-group notes"
    ENGAGEMENT_REPORT = "engagement_report", "Community engagement report"
    OTHER = "other", "Other written submission"


class SourceDocument(models.Model):
    """Focus-group notes or an engagement report: its passages become answers to a question."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="documents"
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    title = models.CharField(max_length=300)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    text = models.TextField()
    respondent_type = models.ForeignKey(
        RespondentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "sha256"], name="one_copy_of_a_document_per_consultation"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Response(models.Model):
    """One respondent's response (or one passage of a document)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses"
    )
    channel = models.CharField(max_length=16, choices=ResponseChannel.choices)
    status = models.CharField(
        max_length=16, choices=ResponseStatus.choices, default=ResponseStatus.SUBMITTED
    )
    respondent_type = models.ForeignKey(
        RespondentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    borough = models.ForeignKey(
        Borough, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Save and resume: only a digest of the token in the link is kept.
    resume_digest = models.CharField(max_length=64, blank=True, db_index=True)
    draft_expires_at = models.DateTimeField(null=True, blank=True)
    # Imports: the external id column if mapped, and a digest of the row, so re-imports skip it.
    import_run = models.ForeignKey(
        ImportRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="responses"
    )
    external_id = models.CharField(max_length=200, blank=True)
    row_digest = models.CharField(max_length=64, blank=True)
    document = models.ForeignKey(
        SourceDocument, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "pk"]
        indexes = [models.Index(fields=["consultation", "row_digest"])]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "external_id"],
                condition=~models.Q(external_id=""),
                name="one_response_per_external_id",
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.consultation}"

    @property
    def reference(self) -> str:
        return f"R{self.pk}"


class Demographics(models.Model):
    """Optional answers about the respondent, kept only when they ticked the consent box."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="demographics")
    consented_at = models.DateTimeField()
    age_band = models.CharField(max_length=20, blank=True)
    gender = models.CharField(max_length=40, blank=True)
    disability = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name_plural = "demographics"

    def __str__(self) -> str:
        return f"Demographics of {self.response}"


class SafetyStatus(models.TextChoices):
    NOT_SCREENED = "not_screened", "Not screened"
    CLEAR = "clear", "Nothing found"
    FLAGGED = "flagged", "Flagged for the online-harms analysts"


class SafetyOutcome(models.TextChoices):
    NOT_HARMFUL = "not_harmful", "Not harmful (for example counter-speech or reporting)"
    HARMFUL_KEPT = "harmful_kept", "Harmful: kept in the analysis, no further action"
    REFERRED = "referred", "Harmful: passed to the police or safeguarding team"


class Stance(models.TextChoices):
    AGREE = "agree", "Agree"
    DISAGREE = "disagree", "Disagree"
    UNCLEAR = "unclear", "Unclear"


class Answer(models.Model):
    """One answer to one question. Free-text answers are analysed into themes."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    text = models.TextField(blank=True)
    selected = models.JSONField(default=list, blank=True)
    passage_number = models.PositiveIntegerField(null=True, blank=True)
    # Set by the analysis; a person may change the stance.
    stance = models.CharField(max_length=10, choices=Stance.choices, blank=True)
    stance_by_person = models.BooleanField(default=False)
    is_non_english = models.BooleanField(default=False)
    skipped_reason = models.CharField(max_length=300, blank=True)
    # A confirmed duplicate is kept but not counted.
    is_excluded_duplicate = models.BooleanField(default=False)
    # Safety screening through the detection engine's classifier.
    safety_status = models.CharField(
        max_length=16, choices=SafetyStatus.choices, default=SafetyStatus.NOT_SCREENED
    )
    safety_category = models.CharField(max_length=64, blank=True)
    safety_score = models.FloatField(null=True, blank=True)
    safety_model_version = models.CharField(max_length=100, blank=True)
    screened_at = models.DateTimeField(null=True, blank=True)
    safety_outcome = models.CharField(max_length=20, choices=SafetyOutcome.choices, blank=True)
    safety_note = models.TextField(blank=True)
    safety_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    safety_reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["question", "response", "passage_number", "pk"]
        indexes = [models.Index(fields=["safety_status", "safety_outcome"])]

    def __str__(self) -> str:
        return f"Answer {self.pk}"

    @property
    def reference(self) -> str:
        return f"A{self.pk}"
