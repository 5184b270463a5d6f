"""Theme keywords (class-based TF-IDF) and short readable labels (the most central phrase).

Keywords: each theme's answers are one document; a term (word or two-word phrase, no stop
words) scores its frequency in the theme times log(1 + average theme size in words / its
frequency across all themes), so words every theme uses ("extremism", "community") sink.
Label: phrases of one to five words taken from the theme's most typical answers, that start and
end on a content word (or start on "more", "better", "stop", ...) and contain a keyword, are
scored by keyword weight and by how many answers use them; the best dozen are embedded and the
one closest to the theme's centre wins. A label therefore always reads as words people wrote.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from .text import STOP_WORDS, WORD_RE, words

LEADING_WORDS = frozenset(
    ("more", "better", "less", "fewer", "stop", "no", "not", "lack", "enough", "free", "local")
)
# Words that read as cut off at the end of a label ("employment schemes for young") or at its
# start ("taken down faster").
NO_END = frozenset(
    ("young", "mental", "public", "social", "local", "paid", "taken", "put", "long", "proper",
     "new", "real", "big", "small", "whole", "own", "free", "safe", "full", "first", "last",
     "much", "away", "done", "given", "based", "early", "late", "extra")
)  # fmt: skip
NO_START = frozenset(("put", "taken", "long", "being", "given", "done", "away", "based"))
MAX_WORDS_PER_TEXT = 150
_CLAUSE_RE = re.compile(r"[.,;:!?()\[\]\n\"\u2013\u2014/]+|\s-\s")
TYPICAL_FOR_LABEL = 150


def _content(word: str, extra_stop: frozenset[str]) -> bool:
    return (
        len(word) > 2
        and word not in STOP_WORDS
        and word not in extra_stop
        and word[:7] not in extra_stop
    )


def question_stop_words(question_text: str) -> frozenset[str]:
    """The question's own words (and their 7-letter stems) never label a theme."""
    found = {w for w in words(question_text) if len(w) > 2}
    return frozenset(found | {w[:7] for w in found if len(w) >= 7})


def _surface_forms(texts: Sequence[str]) -> dict[str, str]:
    """Proper nouns keep their capitals ("muslims" -> "Muslims", "tiktok" -> "TikTok").

    A word is shown capitalised only if it is never written in lower case in the theme.
    """
    forms: dict[str, Counter[str]] = {}
    for t in texts:
        for w in WORD_RE.findall(t):
            forms.setdefault(w.lower().replace("\u2019", "'"), Counter())[w] += 1
    return {k: c.most_common(1)[0][0] if k not in c else k for k, c in forms.items()}


def _terms(tokens: list[str], extra_stop: frozenset[str]) -> list[str]:
    keep = [_content(w, extra_stop) for w in tokens]
    terms = [w for w, k in zip(tokens, keep, strict=True) if k]
    terms.extend(
        f"{tokens[i]} {tokens[i + 1]}" for i in range(len(tokens) - 1) if keep[i] and keep[i + 1]
    )
    return terms


def class_keywords(
    groups: Sequence[Sequence[str]], extra_stop: frozenset[str] = frozenset(), top: int = 8
) -> list[list[tuple[str, float]]]:
    """c-TF-IDF keywords for each group of texts, best first, with weights."""
    counts: list[Counter[str]] = []
    n_texts = [len(texts) for texts in groups]
    for texts in groups:
        c: Counter[str] = Counter()
        for t in texts:
            # A term counts once per answer: one long answer cannot make a theme's keywords.
            c.update(set(_terms(words(t)[:MAX_WORDS_PER_TEXT], extra_stop)))
        counts.append(c)
    total: Counter[str] = Counter()
    for c in counts:
        total.update(c)
    sizes = [sum(c.values()) for c in counts]
    avg = max(float(np.mean(sizes)) if sizes else 1.0, 1.0)
    result: list[list[tuple[str, float]]] = []
    for c, size, n_text in zip(counts, sizes, n_texts, strict=True):
        scored = []
        for term, n in c.items():
            if n < 2 and n_text >= 5:
                continue
            tf = n / max(size, 1)
            idf = math.log(1.0 + avg / total[term])
            bonus = 1.3 if " " in term else 1.0
            scored.append((term, tf * idf * bonus))
        if not scored:  # a small, varied theme: every term is used once
            scored = [(t, n / max(size, 1) * math.log(1.0 + avg / total[t])) for t, n in c.items()]
        scored.sort(key=lambda kv: (-kv[1], kv[0]))
        chosen: list[tuple[str, float]] = []
        for term, weight in scored:
            # Skip a word already inside a chosen phrase, and a phrase repeating chosen words.
            if any(term in other.split() or other in term.split() for other, _ in chosen):
                continue
            chosen.append((term, weight))
            if len(chosen) >= top:
                break
        result.append(chosen)
    return result


def _clauses(text: str) -> list[list[str]]:
    """Words of each clause: a label phrase never runs across punctuation."""
    return [words(part) for part in _CLAUSE_RE.split(text[: MAX_WORDS_PER_TEXT * 8])]


def _phrases(clause: list[str], extra_stop: frozenset[str], max_words: int = 5) -> set[str]:
    found: set[str] = set()
    for i, first in enumerate(clause):
        if first in NO_START or not (_content(first, extra_stop) or first in LEADING_WORDS):
            continue
        for n in range(1, max_words + 1):
            if i + n > len(clause):
                break
            last = clause[i + n - 1]
            if _content(last, extra_stop) and last not in NO_END:
                found.add(" ".join(clause[i : i + n]))
    return found


def label_theme(
    texts: Sequence[str],
    keywords: Sequence[tuple[str, float]],
    centroid: np.ndarray,
    embed: Callable[[Sequence[str]], np.ndarray],
    extra_stop: frozenset[str] = frozenset(),
    used: set[str] | None = None,
) -> str:
    """A short phrase (usually 2-4 words) for a theme, from its most typical texts.

    ``texts`` are the theme's answers, most typical first. Candidates are clause-bounded
    phrases that contain a keyword and recur in two or more answers, plus the phrases of the
    five most typical answers; each is scored by how close its embedding is to the theme's
    centre, by its keyword weight and answer count, with one-word phrases discounted.
    ``used`` holds labels already given to the question's other themes; they are not reused.
    """
    used = used if used is not None else set()
    weights: dict[str, float] = {}
    for term, w in keywords:
        for part in term.split():
            weights[part] = max(weights.get(part, 0.0), w)
        weights[term] = w
    df: Counter[str] = Counter()
    central: set[str] = set()
    for rank, text in enumerate(texts):
        phrases: set[str] = set()
        for clause in _clauses(text):
            phrases |= _phrases(clause, extra_stop)
        df.update(phrases)
        if rank < 5:
            central |= {p for p in phrases if 2 <= len(p.split()) <= 4}
    best_kw = max(weights.values(), default=1.0)

    def kw_score(phrase: str) -> float:
        tokens = phrase.split()
        kw = sum(weights.get(w, 0.0) for w in set(tokens)) + weights.get(phrase, 0.0)
        return kw / best_kw

    recurring = [
        p for p, n in df.items() if (n >= 2 or len(texts) <= 2) and (kw_score(p) > 0 or not weights)
    ]
    recurring.sort(key=lambda p: (-kw_score(p) * math.log1p(df[p]), p))
    pool = [p for p in dict.fromkeys([*recurring[:25], *sorted(central)]) if p not in used]
    if not pool:
        top = [t for t, _ in keywords[:2]]
        return " and ".join(top).capitalize() or "Other answers"
    pool = pool[:40]
    sims = embed(pool) @ centroid
    length_fit = {1: -0.12, 2: 0.0, 3: 0.0, 4: -0.02, 5: -0.06}

    def final(i: int) -> float:
        p = pool[i]
        return (
            float(sims[i])
            + 0.15 * min(kw_score(p), 2.0)
            + 0.04 * math.log1p(df[p])
            + length_fit[len(p.split())]
        )

    best = max(range(len(pool)), key=lambda i: (final(i), -i))
    phrase = pool[best]
    used.add(phrase)
    forms = _surface_forms(texts)
    shown = " ".join(forms.get(w, w) for w in phrase.split())
    return shown[0].upper() + shown[1:]
