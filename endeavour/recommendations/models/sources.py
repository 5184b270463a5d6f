"""Where recommendations come from: reviews, reports, inquiries and exercises."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class SourceKind(models.TextChoices):
    REVIEW = "review", "Review"
    REPORT = "report", "Report"
    INQUIRY = "inquiry", "Inquiry"
    EXERCISE = "exercise", "Exercise"


class Source(models.Model):
    """A review, report, inquiry or exercise whose recommendations or lessons are tracked."""

    kind = models.CharField(max_length=16, choices=SourceKind.choices)
    title = models.CharField(max_length=300, unique=True)
    date = models.DateField(help_text="When it was published, or when the exercise was held.")
    author = models.CharField(
        "author body",
        max_length=300,
        help_text="Who wrote or commissioned it, for example 'Independent reviewer for the Mayor'.",
    )
    summary = models.TextField(blank=True)
    url = models.URLField("link", max_length=1000, blank=True)
    document_path = models.CharField(max_length=300, blank=True)
    document_name = models.CharField(max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    document_size = models.PositiveIntegerField(null=True, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    is_published = models.BooleanField(
        default=False, help_text="Published sources, and their recommendations, are public."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    is_sample = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recommendations:source-detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("recommendations:public-source", args=[self.pk])

    @property
    def has_document(self) -> bool:
        return bool(self.document_path)


class Theme(models.Model):
    """A heading under which a source groups its recommendations."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["source", "order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["source", "name"], name="one_theme_name_per_source")
        ]

    def __str__(self) -> str:
        return self.name
