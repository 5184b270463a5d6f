"""The annual programme report (generated figures, officers' narrative, frozen once published)
and borough populations as dated reference data for per-capita figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from endeavour.core.models import Borough


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class AnnualReport(models.Model):
    """The programme's report for one financial year (April to March).

    ``figures`` is the snapshot the pages show: generated from the measures (public figures,
    small counts withheld) when the draft is generated or regenerated, and never changed after
    publication, so a later correction of the records does not silently change a published
    report. ``narrative`` holds the officers' words per section; the figures are not editable.
    """

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="The financial year starting on 1 April of this year."
    )
    title = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(default=dict)
    figures_as_at = models.DateTimeField(help_text="When the figures were generated.")
    narrative = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def year_label(self) -> str:
        return f"{self.year}-{str(self.year + 1)[2:]}"


class PopulationSet(models.Model):
    """One loaded set of borough populations: where it came from and the date it describes."""

    source = models.CharField(max_length=300)
    as_of = models.DateField(help_text="The date the populations describe (e.g. mid-year).")
    is_official = models.BooleanField(
        default=False, help_text="Published official statistics, not sample figures."
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-loaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} ({self.as_of:%-d %B %Y})"


class BoroughPopulation(models.Model):
    population_set = models.ForeignKey(
        PopulationSet, on_delete=models.CASCADE, related_name="populations"
    )
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    population = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["population_set", "borough"], name="insights_one_population_per_borough"
            ),
            models.CheckConstraint(
                condition=models.Q(population__gt=0), name="insights_population_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.borough}: {self.population:,}"
