"""What the text classifier and the lexicon said about an item's text, flagged or not."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from endeavour.online.models.items import Item


class TextClassification(models.Model):
    """The scores of one text of an item (its submitted text or its latest captured text) under
    one model version. Signals are raised only for what is flagged; this row is what the
    reviewer sees for every scored text, flagged or not. Scoring the same text again with the
    same model updates it (the thresholds in force may have changed)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="classifications")
    about = models.CharField(max_length=40, help_text='e.g. "submitted text".')
    text_sha256 = models.CharField(max_length=64)
    model_version = models.CharField(max_length=100)
    lexicon_version = models.CharField(max_length=100, blank=True)
    scores = models.JSONField(default=dict, help_text="{category: probability}, with none.")
    thresholds = models.JSONField(default=dict, help_text="{category: threshold} in force.")
    flagged = models.JSONField(default=list, help_text="Categories at or above threshold.")
    explanations = models.JSONField(
        default=dict, blank=True, help_text="{flagged category: [phrase, ...]}."
    )
    lexicon = models.JSONField(default=list, blank=True, help_text="Lexicon hits in context.")
    truncated = models.BooleanField(default=False)
    scored_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-scored_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "text_sha256", "model_version"],
                name="one_classification_per_item_text_and_model",
            )
        ]

    def __str__(self) -> str:
        return f"{self.item} {self.about} ({self.model_version})"
