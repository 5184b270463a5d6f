from __future__ import annotations

from django.conf import settings
from django.db import models

from endeavour.core.models import Organisation
from endeavour.online.models.platforms import Platform


class Source(models.TextChoices):
    PUBLIC_REPORT = "public_report", "Public report"
    PARTNER = "partner", "Trusted partner"
    ANALYST = "analyst", "Analyst"
    IMPORT = "import", "Bulk import"
    HASH_MATCH = "hash_match", "Hash-list match"


class Item(models.Model):
    """One piece of online content, found at one normalised URL."""

    reference = models.CharField(max_length=20, unique=True)
    url = models.URLField(max_length=2000, help_text="As first submitted.")
    normalised_url = models.CharField(max_length=2000)
    url_key = models.CharField(
        max_length=64, unique=True, help_text="SHA-256 of the normalised URL, for de-duplication."
    )
    is_shortened = models.BooleanField(default=False)
    platform = models.ForeignKey(
        Platform, on_delete=models.PROTECT, null=True, blank=True, related_name="items"
    )
    submitted_text = models.TextField(blank=True, help_text="Text captured by the submitter.")
    first_source = models.CharField(max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.reference


class Submission(models.Model):
    """Each time someone tells us about an item: several submissions can share one item."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="submissions")
    source = models.CharField(max_length=20, choices=Source.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    partner = models.ForeignKey(Organisation, on_delete=models.SET_NULL, null=True, blank=True)
    note = models.TextField(blank=True)
    import_batch = models.CharField(max_length=64, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} of {self.item}"


class ReporterContact(models.Model):
    """A public reporter's contact details, kept apart from the report and purged on schedule."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True)
    consent_to_contact = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"Contact for submission {self.submission_id}"


class FileKind(models.TextChoices):
    IMAGE = "image", "Image"
    PDF = "pdf", "PDF"
    VIDEO = "video", "Video"


class ItemFile(models.Model):
    """An uploaded or captured file, kept in private storage, never in the web root."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    storage_path = models.CharField(max_length=300)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    md5 = models.CharField(max_length=32, db_index=True)
    pdq = models.CharField(max_length=64, blank=True, help_text="PDQ hash, hex, images only.")
    pdq_quality = models.PositiveSmallIntegerField(null=True, blank=True)
    frame_pdqs = models.JSONField(
        default=list, blank=True, help_text="Videos: [[seconds, PDQ hex, quality], ...] of frames."
    )
    hash_problem = models.CharField(
        max_length=300, blank=True, help_text="Why there is no perceptual hash, if there is none."
    )
    thumbnail_path = models.CharField(max_length=300, blank=True)
    from_capture = models.BooleanField(default=False)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.sha256[:12]}"

    @property
    def pdq_is_weak(self) -> bool:
        return self.pdq_quality is not None and self.pdq_quality < 50


class Capture(models.Model):
    """What the capture worker preserved of a URL: reviewers see only this, never the live page."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="captures")
    fetched_at = models.DateTimeField(db_index=True)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    final_url = models.URLField(max_length=2000, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True, help_text="Visible text, sanitised: no markup, no scripts.")
    sha256 = models.CharField(max_length=64, blank=True)
    md5 = models.CharField(max_length=32, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-fetched_at"]

    def __str__(self) -> str:
        return f"Capture of {self.item} at {self.fetched_at:%Y-%m-%d %H:%M}"
