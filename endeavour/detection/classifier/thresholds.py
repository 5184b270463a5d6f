"""Per-category thresholds: an administrator's current values, else the model's own.

``classifier_threshold_set`` adds a row (audited, with the reason); the newest row per category
is in force. Reading falls back to ``config.json`` when no one has set a category, and when the
database cannot be read at all (the scoring command on a machine with no database).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction

from endeavour.detection.classifier.model import ModelConfig
from endeavour.detection.models import ClassifierCategory, ClassifierThreshold

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ThresholdInForce:
    category: str
    threshold: float
    default: float
    set_by: str
    set_at: datetime | None
    reason: str

    @property
    def is_default(self) -> bool:
        return self.set_at is None


def thresholds_in_force(config: ModelConfig) -> list[ThresholdInForce]:
    """Each category's threshold and where it comes from, in the model's category order."""
    newest: dict[str, ClassifierThreshold] = {}
    try:
        for setting in ClassifierThreshold.objects.select_related("set_by").order_by(
            "-set_at", "-id"
        ):
            newest.setdefault(setting.category, setting)
    except DatabaseError:
        logger.warning("Classifier thresholds could not be read; using the model's defaults.")
        newest = {}
    found = []
    for category in config.categories:
        default = config.thresholds[category]
        row: ClassifierThreshold | None = newest.get(category)
        found.append(
            ThresholdInForce(
                category=category,
                threshold=row.threshold if row else default,
                default=default,
                set_by=str(row.set_by) if row else "",
                set_at=row.set_at if row else None,
                reason=row.reason if row else "",
            )
        )
    return found


def current_thresholds(config: ModelConfig) -> dict[str, float]:
    """{category: threshold} in force now."""
    return {t.category: t.threshold for t in thresholds_in_force(config)}


@transaction.atomic
def classifier_threshold_set(
    *, category: str, threshold: float, by: Any, reason: str, model_version: str = ""
) -> ClassifierThreshold:
    """Set ``category``'s threshold from now on. Earlier values stay as history."""
    errors: dict[str, str] = {}
    if category not in ClassifierCategory.values:
        errors["category"] = "Choose one of the classifier's categories."
    if not 0.01 <= threshold <= 1.0:
        errors["threshold"] = "A threshold is between 1% and 100%."
    if not reason.strip():
        errors["reason"] = "Say why the threshold is changing."
    if getattr(by, "pk", None) is None:
        errors["category"] = "A threshold is set by a named person."
    if errors:
        raise ValidationError(errors)
    return ClassifierThreshold.objects.create(
        category=category,
        threshold=round(float(threshold), 4),
        set_by=by,
        reason=reason.strip(),
        model_version=model_version[:100],
    )
