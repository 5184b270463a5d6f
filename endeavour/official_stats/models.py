"""Official statistics as published: publications (versioned by year), their tables and figures.

Aggregate only: nothing here describes a person. Category, region and year labels are stored
exactly as the publisher printed them, per publication, and are never remapped across years.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Dimension(models.TextChoices):
    IDEOLOGY = "ideology", "Type of concern (ideology category)"
    SECTOR = "sector", "Sector of referral"
    OUTCOME = "outcome", "Outcome"
    REGION = "region", "Region"


class Area(models.TextChoices):
    """Which of the two compared areas a published region label names (decided at import from
    the label, shown in the preview; the label itself is kept as published)."""

    LONDON = "london", "London"
    ENGLAND_AND_WALES = "england_and_wales", "England and Wales"
    OTHER = "other", "Another region"


class Publication(models.Model):
    """One import of one year's statistics. Importing the same year again adds a version; the
    newest version of a year is the current one, and older versions are kept."""

    title = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField(help_text="The year ending 31 March that it covers.")
    version = models.PositiveSmallIntegerField()
    publisher = models.CharField(max_length=200, default="Home Office")
    url = models.URLField(max_length=1000, blank=True)
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64, help_text="SHA-256 of the file imported.")
    file_format = models.CharField(max_length=8)
    is_sample = models.BooleanField(
        default=False, help_text="Sample figures for the demo, not the publisher's."
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="official_stats_year_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (year ending March {self.year}, version {self.version})"

    @property
    def period(self) -> str:
        return f"year ending 31 March {self.year}"


class StatisticsTable(models.Model):
    """One table of a publication, with the mapping the importing officer chose for it."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="tables")
    position = models.PositiveSmallIntegerField()
    sheet = models.CharField(max_length=200)
    title = models.CharField(max_length=1000, blank=True)
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    row_axis = models.CharField(max_length=16)
    column_axis = models.CharField(max_length=16)

    class Meta:
        ordering = ["publication", "position"]

    def __str__(self) -> str:
        return f"{self.sheet}: {self.title}" if self.title else self.sheet


class Figure(models.Model):
    """One published cell: a count, or a marker saying why there is none ("[c]", "[x]", ...)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="figures")
    table = models.ForeignKey(StatisticsTable, on_delete=models.CASCADE, related_name="figures")
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    category = models.CharField(max_length=300, help_text="Exactly as published.")
    category_order = models.PositiveIntegerField()
    is_total = models.BooleanField(default=False)
    region = models.CharField(max_length=200, help_text="Exactly as published.")
    area = models.CharField(max_length=20, choices=Area.choices)
    year_label = models.CharField(max_length=100, help_text="Exactly as published.")
    year = models.PositiveSmallIntegerField(help_text="The year ending March it is for.")
    value = models.BigIntegerField(null=True, blank=True)
    marker = models.CharField(
        max_length=40,
        blank=True,
        help_text="As published: why there is no value ([c], [x], [z], '..'), or a note on it.",
    )
    cell = models.CharField(max_length=12, help_text="Where it was in the file, e.g. C7.")

    class Meta:
        ordering = ["table", "category_order", "id"]
        indexes = [models.Index(fields=["publication", "dimension", "year", "area"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(value__isnull=False) | ~models.Q(marker=""),
                name="official_stats_value_or_marker",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} / {self.region} / {self.year_label}: {self.display}"

    @property
    def display(self) -> str:
        if self.value is None:
            return self.marker
        return f"{self.value:,}" + (f" {self.marker}" if self.marker else "")


class PendingUpload(models.Model):
    """A file uploaded for import, waiting for its mapping and confirmation. Deleted when it is
    imported, and purged after a short retention period if it never is."""

    title = models.CharField(max_length=300)
    year = models.PositiveSmallIntegerField()
    url = models.URLField(max_length=1000, blank=True)
    file_name = models.CharField(max_length=255)
    file_hash = models.CharField(max_length=64)
    file_format = models.CharField(max_length=8)
    data = models.BinaryField()
    mapping = models.JSONField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} (year ending March {self.year})"
