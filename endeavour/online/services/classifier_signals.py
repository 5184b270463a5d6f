"""Between the casework and the text classifier: the signals an item's text raises.

The text a reviewer sees (the submitted text and the latest captured text) is scored. Each
category at or above its threshold raises one ``classifier`` signal: confidence = the calibrated
probability, with every score, the thresholds, the model version and the phrases that drove it.
Each lexicon entry found in a praise or support context raises one ``lexicon`` signal.

Mentions and condemnations of a lexicon entry raise no signal of their own. A signal is a reason
to look, and a news report or a condemnation is not one: a "mention" signal, however weak, would
sit on every news item and counter-narrative in the queue. They are kept, as context for the
reviewer, in the provenance of the classifier signals of the same text.

Every scored text, flagged or not, is also kept as a ``TextClassification`` (scores, thresholds,
phrases, lexicon hits in context), which the case page shows the reviewer.

Scores rank and explain; a person decides. Scoring again never replaces a signal: a signal for
the same text, model (or lexicon) version and category (or entry) is not raised twice.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from endeavour.detection.classifier.lexicon import HitContext, HitKind, LexiconHit
from endeavour.detection.classifier.scoring import TextScore, score_texts
from endeavour.detection.models import ClassifierCategory
from endeavour.online.models import Case, Item, Signal, SignalKind, TextClassification
from endeavour.online.services.hash_signals import item_texts
from endeavour.online.services.triage import case_reprioritise

logger = logging.getLogger(__name__)

LEXICON_CONFIDENCE = {
    HitKind.ORGANISATION: 0.6,
    HitKind.SLOGAN: 0.5,
    HitKind.CODE: 0.4,
}
MAX_CONTEXT_HITS = 20
QUEUE_CHUNK = 100
SUMMARY_CHARS = 300


@dataclass(frozen=True)
class _Text:
    case: Case
    about: str
    text: str
    digest: str


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "replace")).hexdigest()


def category_label(category: str) -> str:
    labels = dict(ClassifierCategory.choices)
    return str(labels.get(category, category.replace("_", " ")))


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return "\u201c" + (text if len(text) <= limit else text[: limit - 1] + "\u2026") + "\u201d"


def _short(text: str) -> str:
    return text if len(text) <= SUMMARY_CHARS else text[: SUMMARY_CHARS - 1] + "\u2026"


def _existing_keys(cases: Iterable[Case]) -> set[tuple[Any, ...]]:
    keys: set[tuple[Any, ...]] = set()
    rows = Signal.objects.filter(
        case__in=list(cases), kind__in=[SignalKind.CLASSIFIER, SignalKind.LEXICON]
    ).values_list("case_id", "kind", "provenance")
    for case_id, kind, provenance in rows:
        if not isinstance(provenance, dict):
            continue
        if kind == SignalKind.CLASSIFIER:
            version, what = provenance.get("model_version"), provenance.get("category")
        else:
            version, what = provenance.get("lexicon_version"), provenance.get("entry")
        keys.add((case_id, kind, version, provenance.get("text_sha256"), what))
    return keys


def classifier_signal(item: _Text, result: TextScore, category: str) -> Signal:
    """An unsaved signal for one flagged category of one text."""
    probability, threshold = result.scores[category], result.thresholds[category]
    phrases = result.explanations.get(category, ())
    summary = (
        f"{category_label(category)}: {probability:.0%} (threshold {threshold:.0%}) "
        f"in the {item.about}"
    )
    if phrases:
        summary += "; phrases: " + ", ".join(_quoted(p.text, 40) for p in phrases)
    context = [h.as_dict() for h in result.lexicon][:MAX_CONTEXT_HITS]
    return Signal(
        case=item.case,
        kind=SignalKind.CLASSIFIER,
        confidence=round(probability, 4),
        summary=_short(summary),
        provenance={
            "about": item.about,
            "text_sha256": item.digest,
            "model_version": result.model_version,
            "category": category,
            "probability": probability,
            "threshold": threshold,
            "scores": dict(result.scores),
            "thresholds": dict(result.thresholds),
            "flagged": list(result.flagged),
            "phrases": [p.as_dict() for p in phrases],
            "truncated": result.truncated,
            "lexicon_version": result.lexicon_version,
            "lexicon": context,
        },
    )


def lexicon_signal(item: _Text, hits: Sequence[LexiconHit], version: str) -> Signal:
    """An unsaved signal for one lexicon entry found in praise or support (``hits``)."""
    first = hits[0]
    times = f" ({len(hits)} times)" if len(hits) > 1 else ""
    summary = (
        f"Praise or support for {first.entry} ({first.kind}) in the {item.about}{times}: "
        f"{_quoted(first.cue, 30)} before or after {_quoted(first.matched, 60)}"
    )
    return Signal(
        case=item.case,
        kind=SignalKind.LEXICON,
        confidence=LEXICON_CONFIDENCE[first.kind],
        summary=_short(summary),
        provenance={
            "about": item.about,
            "text_sha256": item.digest,
            "lexicon_version": version,
            "entry": first.entry,
            "kind": str(first.kind),
            "context": str(HitContext.PRAISE),
            "source": first.source,
            "hits": [h.as_dict() for h in hits][:MAX_CONTEXT_HITS],
        },
    )


def items_classify(items: Sequence[Item]) -> list[Signal]:
    """Score the texts of ``items`` in one run and record the signals they raise.

    Raises ``ClassifierUnavailable`` when the model cannot be loaded (nothing is recorded)."""
    cases = {case.item_id: case for case in Case.objects.filter(item__in=list(items))}
    texts = [
        _Text(cases[item.pk], about, text, text_digest(text))
        for item in items
        if item.pk in cases
        for about, text in item_texts(item)
    ]
    if not texts:
        return []
    results = score_texts([t.text for t in texts], explain=True)
    return _record(texts, results)


def _classification_keep(item: _Text, result: TextScore) -> None:
    TextClassification.objects.update_or_create(
        item_id=item.case.item_id,
        text_sha256=item.digest,
        model_version=result.model_version,
        defaults={
            "about": item.about,
            "lexicon_version": result.lexicon_version,
            "scores": dict(result.scores),
            "thresholds": dict(result.thresholds),
            "flagged": list(result.flagged),
            "explanations": {
                c: [p.as_dict() for p in phrases] for c, phrases in result.explanations.items()
            },
            "lexicon": [h.as_dict() for h in result.lexicon][:MAX_CONTEXT_HITS],
            "truncated": result.truncated,
            "scored_at": timezone.now(),
        },
    )


@transaction.atomic
def _record(texts: Sequence[_Text], results: Sequence[TextScore]) -> list[Signal]:
    seen = _existing_keys({t.case for t in texts})
    signals: list[Signal] = []
    for item, result in zip(texts, results, strict=True):
        _classification_keep(item, result)
        for category in result.flagged:
            key = (item.case.pk, SignalKind.CLASSIFIER, result.model_version, item.digest, category)
            if key not in seen:
                seen.add(key)
                signals.append(classifier_signal(item, result, category))
        praised: dict[str, list[LexiconHit]] = {}
        for hit in result.lexicon:
            if hit.context == HitContext.PRAISE:
                praised.setdefault(hit.entry, []).append(hit)
        for entry, hits in praised.items():
            key = (item.case.pk, SignalKind.LEXICON, result.lexicon_version, item.digest, entry)
            if key not in seen:
                seen.add(key)
                signals.append(lexicon_signal(item, hits, result.lexicon_version))
    for signal in signals:
        signal.save()
    for case in {signal.case for signal in signals}:
        case_reprioritise(case)
    return signals


def item_classify(item: Item) -> list[Signal]:
    """Score the item's submitted and captured text; one signal per flagged category and per
    entry praised. Raises ``ClassifierUnavailable`` when the model cannot be loaded."""
    return items_classify([item])


def scoring_queue(item_ids: Sequence[int], *, in_request: bool = True) -> None:
    """Score items once the transaction commits, a task per ``QUEUE_CHUNK`` items.

    Without a broker tasks run in this process. From a web request (``in_request``) scoring
    then waits for the item's capture, which the scheduler runs and which scores the item
    afterwards, unless ``CLASSIFIER_SCORE_IN_REQUEST`` is set."""
    ids = list(dict.fromkeys(item_ids))
    if not ids:
        return
    eager = bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False))
    if eager and in_request and not getattr(settings, "CLASSIFIER_SCORE_IN_REQUEST", False):
        return
    from endeavour.detection.tasks import score_items

    chunks = [ids[i : i + QUEUE_CHUNK] for i in range(0, len(ids), QUEUE_CHUNK)]
    transaction.on_commit(lambda: [score_items.delay(chunk) for chunk in chunks])


MATERIAL_KEYS = ("phrases", "lexicon", "hits")


def classifier_material_drop(item_ids: Iterable[int]) -> int:
    """For the retention purge: remove the words of the items' texts that scoring kept (phrases,
    lexicon matches and their quotation in signal summaries); keep the scores, categories,
    thresholds and versions. Returns how many records were changed."""
    ids = list(item_ids)
    changed = TextClassification.objects.filter(item_id__in=ids).update(explanations={}, lexicon=[])
    signals = Signal.objects.filter(
        case__item_id__in=ids, kind__in=[SignalKind.CLASSIFIER, SignalKind.LEXICON]
    )
    for signal in signals.iterator():
        provenance = dict(signal.provenance or {})
        if not any(provenance.get(key) for key in MATERIAL_KEYS):
            continue
        for key in MATERIAL_KEYS:
            if key in provenance:
                provenance[key] = []
        # Summaries quote the text after "; phrases:" (classifier) or the first ": " (lexicon).
        cut = "; phrases:" if signal.kind == SignalKind.CLASSIFIER else ": \u201c"
        signal.summary = signal.summary.split(cut)[0]
        signal.provenance = provenance
        signal.save(update_fields=["summary", "provenance"])
        changed += 1
    return changed
