from __future__ import annotations

from django.conf import settings
from django.db import models


class ReviewerPreferences(models.Model):
    """How a reviewer wants hostile material shown. Safe defaults: blurred, greyscale, muted."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_preferences"
    )
    blur_images = models.BooleanField(default=True)
    greyscale_images = models.BooleanField(default=True)
    mute_audio = models.BooleanField(default=True)
    break_after_reviews = models.PositiveSmallIntegerField(
        default=20, help_text="Suggest a break after this many decisions in a row (0: never)."
    )

    def __str__(self) -> str:
        return f"Review preferences of {self.user}"
