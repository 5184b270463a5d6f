"""Which phrases drove a score: occlusion over word windows.

For a flagged text, each window of a few words is removed in turn and the text scored again; the
phrases whose removal lowers the flagged category's probability most are the explanation (the
top three, with how many percentage points each was worth). Only the part of the text the model
reads is tried, and windows are widened on long texts so that one explanation costs at most
``MAX_WINDOWS`` extra texts, scored in one batch.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

WINDOW_WORDS = 3
MAX_WINDOWS = 48
TOP = 3
MIN_EFFECT = 0.01  # a phrase worth less than one percentage point explains nothing

_WORD = re.compile(r"\S+")


class Scorer(Protocol):
    @property
    def categories(self) -> tuple[str, ...]: ...

    def predict(self, texts: list[str]) -> npt.NDArray[np.float64]: ...

    def token_ends(self, text: str) -> int: ...


@dataclass(frozen=True)
class Phrase:
    """A phrase of the (normalised) text the model read, and what removing it did."""

    text: str
    start: int
    end: int
    effect: float  # how much the category's probability fell without it, 0 to 1

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "effect": round(self.effect, 4),
        }


def windows(text: str, read_chars: int) -> list[tuple[int, int]]:
    """Character spans of consecutive word windows within the first ``read_chars``."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(text) if m.start() < read_chars]
    if not words:
        return []
    size = max(WINDOW_WORDS, math.ceil(len(words) / MAX_WINDOWS))
    return [
        (words[i][0], words[min(i + size, len(words)) - 1][1]) for i in range(0, len(words), size)
    ]


def without(text: str, start: int, end: int) -> str:
    return " ".join((text[:start] + " " + text[end:]).split())


def explain(
    scorer: Scorer, text: str, category: str, base: float | None = None
) -> tuple[Phrase, ...]:
    """The top phrases behind ``category``'s probability for the prepared ``text``."""
    return explain_many(scorer, [(text, {category: base})])[0][category]


def explain_many(
    scorer: Scorer, requests: list[tuple[str, dict[str, float | None]]]
) -> list[dict[str, tuple[Phrase, ...]]]:
    """For each (prepared text, {category: its probability, or None to compute it}), the top
    phrases per category. All texts' variants are scored in one run; one set of variants
    serves every category of a text, since the model scores all categories at once."""
    plans: list[tuple[str, list[tuple[int, int]], int]] = []
    variants: list[str] = []
    for text, _ in requests:
        spans = windows(text, scorer.token_ends(text))
        first = len(variants)
        variants += [without(text, start, end) for start, end in spans]
        if spans:
            variants.append(text)  # the reference, scored in the same run as its variants
        plans.append((text, spans, first))
    probabilities = scorer.predict(variants) if variants else None
    results: list[dict[str, tuple[Phrase, ...]]] = []
    for (text, spans, first), (_, categories) in zip(plans, requests, strict=True):
        found: dict[str, tuple[Phrase, ...]] = {}
        for category in categories:
            if not spans or probabilities is None:
                found[category] = ()
                continue
            index = scorer.categories.index(category)
            reference = float(probabilities[first + len(spans), index])
            effects = [
                reference - float(p) for p in probabilities[first : first + len(spans), index]
            ]
            ranked = sorted(range(len(spans)), key=lambda i: (-effects[i], i))
            found[category] = tuple(
                Phrase(text[spans[i][0] : spans[i][1]], spans[i][0], spans[i][1], effects[i])
                for i in ranked[:TOP]
                if effects[i] >= MIN_EFFECT
            )
        results.append(found)
    return results
