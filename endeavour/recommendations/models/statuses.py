"""The status vocabulary: dated versions of the statuses, each with a written definition."""

from __future__ import annotations

from django.db import models


class StatusVocabulary(models.Model):
    """One version of the status definitions, in force from ``effective_from`` until the next.

    Versions are loaded, never edited: every status change records the definition it was made
    under, so a figure for any past date can be worked out again with the words then in force.
    """

    version = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    effective_from = models.DateField(
        unique=True, help_text="The first day on which status changes use these definitions."
    )
    notes = models.TextField(blank=True, help_text="What changed from the previous version.")
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name_plural = "status vocabularies"

    def __str__(self) -> str:
        return f"Status definitions version {self.version}"


class StatusTone(models.TextChoices):
    """The colour of a status tag. The tag always carries the status's name as text too."""

    GREY = "grey", "Grey"
    BLUE = "blue", "Blue"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    RED = "red", "Red"


class StatusDefinition(models.Model):
    vocabulary = models.ForeignKey(
        StatusVocabulary, on_delete=models.PROTECT, related_name="statuses"
    )
    code = models.SlugField(max_length=40)
    label = models.CharField(max_length=100)
    definition = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    counts_as_implemented = models.BooleanField(
        default=False, help_text="Counted in the 'implemented' figure."
    )
    is_open = models.BooleanField(
        default=True,
        help_text="Work is still expected: target dates, red-amber-green and reminders apply.",
    )
    progress_percent = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Progress this status stands for. Empty: left out of rolled-up progress.",
    )
    reports_progress = models.BooleanField(
        default=False, help_text="Whoever records this status may give a percentage complete."
    )
    owners_may_set = models.BooleanField(
        default=True, help_text="Owners may record it; otherwise programme officers only."
    )
    is_initial = models.BooleanField(
        default=False, help_text="The status a recommendation starts with when it is added."
    )
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The status of the previous version that this one carries over, if any.",
    )
    tone = models.CharField(max_length=8, choices=StatusTone.choices, default=StatusTone.GREY)

    class Meta:
        ordering = ["vocabulary", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["vocabulary", "code"], name="one_status_code_per_version"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def tag_class(self) -> str:
        return f"tag tag--{self.tone}"
