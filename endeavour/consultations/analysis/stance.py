"""Stance on a proposal (agree / disagree / unclear) from cue phrases and anchor sentences.

Two signals, added: (1) cue phrases, weighted more in the first sentence, with negation turning
"support" into "do not support" and "not against" into support; hedges ("depends", "not sure",
"yes and no") pull towards unclear; (2) the embedding of the answer's first segment against
agree and disagree anchor sentences (a weak signal: sentence embeddings are poor at negation,
and the segment has a leading "yes"/"no" removed for theming, so it only breaks near-ties).
When the combined score is within ``MARGIN`` of zero the answer is "unclear": a person decides,
the machine does not guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from .text import normalise, sentences
from .types import Stance

MARGIN = 0.6

AGREE_ANCHORS = (
    "Yes, I agree with this proposal.",
    "I strongly support this, it is a good idea.",
    "Yes definitely, this makes sense and should happen.",
    "I am in favour of this change.",
)
DISAGREE_ANCHORS = (
    "No, I disagree with this proposal.",
    "I strongly oppose this, it is a bad idea.",
    "No, this will not work and should not happen.",
    "I am against this change.",
)

_NEG = r"(?:not|never|don't|dont|do not|doesn't|does not|can't|cannot|won't|wouldn't|isn't)"
# (pattern, weight), in order: each match is scored, then removed from the sentence, so that
# "do not support" is not also counted as "support". Positive weights mean agreement.
_CUES: tuple[tuple[re.Pattern[str], float], ...] = tuple(
    (re.compile(p), w)
    for p, w in (
        (r"^\s*(?:absolutely not|definitely not|certainly not|of course not)\b", -2.5),
        (rf"\b{_NEG}\s+(?:\w+\s+)?(?:agree|support|in favou?r)\w*", -2.0),
        (rf"\b{_NEG}\s+(?:\w+\s+)?(?:against|opposed|oppose|object)\b", 1.2),
        (rf"\b{_NEG}\s+(?:a\s+)?(?:good|great|sensible)\s+idea\b", -1.3),
        (r"\bdisagree\w*", -2.0),
        (r"^\s*(?:yes|yeah|yep|yup|aye|absolutely|definitely|of course|totally)\b", 2.0),
        (r"^\s*(?:no|nope|nah)\b", -2.0),
        (r"\b(?:agree|support)\w*", 1.5),
        (r"\bin favou?r\b|\bwelcome\b|\bgood idea\b|\bgreat idea\b|\bright (?:thing|move)\b", 1.2),
        (r"\babout time\b|\bmakes sense\b|\bsensible\b|\bgo for it\b|\bpositive step\b", 1.0),
        (r"\b(?:oppose|opposed|against (?:this|it|the)|object)\b", -1.6),
        (r"\bbad idea\b|\bterrible\b|\bmistake\b|\bwon't work\b|\bwill not work\b", -1.3),
        (r"\bdangerous\b|\breckless\b|\bnaive\b|\bridiculous\b|\bwaste\b", -0.8),
    )
)
_HEDGES = re.compile(
    r"\b(?:depends|not sure|unsure|yes and no|partly|partially|in part|mixed feelings|"
    r"on the fence|don't know|dont know|no opinion|hard to say|neither|it's complicated|"
    r"only if|as long as|provided that|but only)\b"
)


def _cue_score(text: str) -> float:
    parts = sentences(normalise(text)) or [""]
    score = 0.0
    for index, sent in enumerate(parts[:6]):
        weight = 1.0 if index == 0 else 0.5
        rest = sent
        for pattern, w in _CUES:
            rest, count = pattern.subn(" ", rest)
            score += weight * w * min(count, 1)
    return score


def _hedged(text: str) -> bool:
    return bool(_HEDGES.search(normalise(text)))


def stances(
    texts: Sequence[str],
    first_vectors: np.ndarray,
    anchor_vectors: tuple[np.ndarray, np.ndarray],
) -> list[Stance]:
    """One stance per text; first_vectors are the embeddings of each text's first sentence."""
    agree, disagree = anchor_vectors
    sims_a = (first_vectors @ agree.T).max(axis=1)
    sims_d = (first_vectors @ disagree.T).max(axis=1)
    out: list[Stance] = []
    for i, text in enumerate(texts):
        score = _cue_score(text) + 4.0 * float(sims_a[i] - sims_d[i])
        # Clip: one sentence of cues decides, several do not make it surer than that.
        score = float(np.clip(score, -3.0, 3.0))
        if _hedged(text):
            score *= 0.3
        if score >= MARGIN:
            out.append("agree")
        elif score <= -MARGIN:
            out.append("disagree")
        else:
            out.append("unclear")
    return out
