"""Scoring texts: the classifier's public interface, used by the casework and ``endeavour score``.

``score_texts(texts)`` gives one ``TextScore`` per text, in order: a calibrated probability per
category, "none" (1 minus the highest), the thresholds used, whether any category reached its
threshold (``flag``) and which (``category``: the most probable flagged one, else "none").
With ``explain=True`` it adds the lexicon hits of every text and, for flagged texts, the phrases
that drove the score (``phrases`` for the reported category, ``explanations`` for every flagged
one). Scores rank and explain; a person decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from endeavour.detection.classifier import explain as explaining
from endeavour.detection.classifier.explain import Phrase
from endeavour.detection.classifier.lexicon import (
    HitContext,
    HitKind,
    Lexicon,
    LexiconHit,
    condemns_or_reports,
    current_lexicon,
)
from endeavour.detection.classifier.model import Classifier, classifier
from endeavour.detection.classifier.preprocess import prepare

NONE = "none"
DECIMALS = 6
# Praise of a proscribed organisation found by the lexicon (a praise cue governs the name, and
# nothing in the sentence condemns, reports or quotes it) raises "terrorism_support" to at least
# this score, so it is flagged at any threshold up to it. A text with a condemnation or
# reporting cue anywhere is left to the model. The model alone misses much praise of
# organisations it rarely saw in training; the lexicon covers every organisation on the list.
LEXICON_PRAISE_SCORE = 0.9
LEXICON_PRAISE_CATEGORY = "terrorism_support"


@dataclass(frozen=True)
class TextScore:
    """What the classifier says about one text."""

    flag: bool
    category: str
    score: float
    scores: dict[str, float]
    flagged: tuple[str, ...]
    thresholds: dict[str, float]
    truncated: bool  # the model did not read all of the text (too many characters or tokens)
    model_version: str
    phrases: tuple[Phrase, ...] = ()
    explanations: dict[str, tuple[Phrase, ...]] = field(default_factory=dict)
    lexicon: tuple[LexiconHit, ...] = ()
    lexicon_version: str = ""
    too_long: bool = False  # longer than preprocessing keeps (preprocess.MAX_CHARS)

    def as_output(self) -> dict[str, Any]:
        """The fields of the ``endeavour score`` contract (without the id)."""
        return {
            "flag": self.flag,
            "category": self.category,
            "score": self.score,
            "scores": dict(self.scores),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.as_output(),
            "flagged": list(self.flagged),
            "thresholds": dict(self.thresholds),
            "truncated": self.truncated,
            "too_long": self.too_long,
            "model_version": self.model_version,
            "phrases": [p.as_dict() for p in self.phrases],
            "explanations": {c: [p.as_dict() for p in ps] for c, ps in self.explanations.items()},
            "lexicon": [h.as_dict() for h in self.lexicon],
            "lexicon_version": self.lexicon_version,
        }


def decide(
    probabilities: Mapping[str, float], thresholds: Mapping[str, float]
) -> tuple[bool, str, float, tuple[str, ...]]:
    """(flag, category, score, flagged categories) from probabilities and thresholds.

    ``score`` is the probability of the reported category when flagged, else the highest
    probability of any harmful category, so it ranks every text."""
    flagged = tuple(
        sorted(
            (c for c, p in probabilities.items() if p >= thresholds[c]),
            key=lambda c: (-probabilities[c], c),
        )
    )
    if flagged:
        return True, flagged[0], probabilities[flagged[0]], flagged
    return False, NONE, max(probabilities.values(), default=0.0), ()


def score_texts(
    texts: Sequence[str],
    *,
    explain: bool = False,
    thresholds: Mapping[str, float] | None = None,
    model: Classifier | None = None,
    lexicon: Lexicon | None = None,
) -> list[TextScore]:
    """Score ``texts`` in order. Raises ``ClassifierUnavailable`` if the model cannot load.

    ``thresholds`` default to those in force (``thresholds.current_thresholds``)."""
    model = model or classifier()
    config = model.config
    if thresholds is None:
        from endeavour.detection.classifier.thresholds import current_thresholds

        thresholds = current_thresholds(config)
    used = {c: float(thresholds[c]) for c in config.categories}
    prepared = [prepare(text) for text in texts]
    to_score = [i for i, p in enumerate(prepared) if p.text]
    probabilities, cut = model.predict_read([prepared[i].text for i in to_score])
    beyond_tokens = {i for row, i in enumerate(to_score) if cut[row]}
    rows: dict[int, dict[str, float]] = {
        i: {
            c: round(float(probabilities[row, k]), DECIMALS)
            for k, c in enumerate(config.categories)
        }
        for row, i in enumerate(to_score)
    }
    empty = dict.fromkeys(config.categories, 0.0)
    lexicon = lexicon or current_lexicon()
    hits = [tuple(lexicon.match(text or "")) for text in texts]
    results: list[TextScore] = []
    for i, ready in enumerate(prepared):
        scores = dict(rows.get(i, empty))
        if LEXICON_PRAISE_CATEGORY in scores and praises_an_organisation(hits[i], texts[i]):
            scores[LEXICON_PRAISE_CATEGORY] = max(
                scores[LEXICON_PRAISE_CATEGORY], LEXICON_PRAISE_SCORE
            )
        flag, category, score, flagged = decide(scores, used)
        results.append(
            TextScore(
                flag=flag,
                category=category,
                score=score,
                scores={**scores, NONE: round(1.0 - max(scores.values()), DECIMALS)},
                flagged=flagged,
                thresholds=used,
                truncated=ready.truncated or i in beyond_tokens,
                too_long=ready.truncated,
                model_version=config.version,
            )
        )
    if explain:
        results = _explained(results, [p.text for p in prepared], model, hits, lexicon.version)
    return results


def praises_an_organisation(hits: Sequence[LexiconHit], text: str) -> bool:
    """Whether the lexicon's ``hits`` in ``text`` read as praise of a proscribed organisation,
    with nothing anywhere in the text that condemns or reports."""
    if not text or condemns_or_reports(text):
        return False
    return any(
        hit.kind == HitKind.ORGANISATION and hit.context == HitContext.PRAISE for hit in hits
    )


def _explained(
    results: list[TextScore],
    prepared: list[str],
    model: Classifier,
    hits: list[tuple[LexiconHit, ...]],
    lexicon_version: str,
) -> list[TextScore]:
    flagged = [i for i, r in enumerate(results) if r.flag]
    explained = explaining.explain_many(
        model, [(prepared[i], dict.fromkeys(results[i].flagged)) for i in flagged]
    )
    by_index = dict(zip(flagged, explained, strict=True))
    return [
        replace(
            result,
            phrases=by_index.get(i, {}).get(result.category, ()),
            explanations=by_index.get(i, {}),
            lexicon=hits[i],
            lexicon_version=lexicon_version,
        )
        for i, result in enumerate(results)
    ]
