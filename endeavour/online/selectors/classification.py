"""What the case page shows about the text classifier: each of the item's texts as last scored,
or why it has not been scored."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from endeavour.detection.classifier.model import ClassifierUnavailable, model_config
from endeavour.online.models import Item, TextClassification
from endeavour.online.services.classifier_signals import text_digest
from endeavour.online.services.hash_signals import item_texts

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TextScoring:
    """One text a reviewer sees, with its classification if it has been scored."""

    about: str
    classification: TextClassification | None


@dataclass(frozen=True)
class ItemScoring:
    texts: list[TextScoring]
    unavailable: str  # why the classifier cannot score now, or ""
    model_version: str


def item_scoring(item: Item) -> ItemScoring:
    """The item's submitted and latest captured text, each with its newest classification (by
    the text's hash, so a changed capture is not shown with an old text's scores)."""
    try:
        version = model_config().version
        unavailable = ""
    except ClassifierUnavailable as error:
        logger.warning("The case page cannot use the text classifier: %s", error)
        version, unavailable = "", str(error)
    texts = item_texts(item)
    digests = {text_digest(text) for _, text in texts}
    newest: dict[str, TextClassification] = {}
    for row in TextClassification.objects.filter(item=item, text_sha256__in=digests):
        newest.setdefault(row.text_sha256, row)  # ordered newest first
    return ItemScoring(
        texts=[TextScoring(about, newest.get(text_digest(text))) for about, text in texts],
        unavailable=unavailable,
        model_version=version,
    )
