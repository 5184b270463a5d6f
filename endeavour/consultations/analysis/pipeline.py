"""analyse_question: answers in, candidate themes, assignments, stance and duplicates out.

Steps (each reported through ``progress(done, total, stage)``):

1. Triage: empty or symbol-only answers are skipped with a reason; other languages are analysed
   and listed in ``non_english``.
2. Embedding: each answer is cut into segments of whole sentences (about 200 characters); each
   segment is embedded; the answer's vector is the normalised mean of its segments. An answer of
   more than ``MAX_SEGMENTS`` segments (a huge paste) is embedded from its start only and listed in
   ``truncated``; its text is untouched.
3. Known themes: a centroid from the answers people confirmed (or, with none in this run, from
   the label). Confirmed answers stay assigned (confidence 1.0); rejected answers are never
   assigned to that theme again. Answers close to a known theme are "covered".
4. New themes: spherical k-means over the answers not covered, k chosen by silhouette; clusters
   smaller than ``min_cluster_size`` are dissolved and clusters that repeat a known theme merged
   into it.
5. Assignment: an answer's score for a theme is the larger of its own cosine to the theme centre
   and its best segment's cosine minus a small penalty, so a paragraph making two points can get
   two themes. The best theme is assigned at ``ASSIGN_FLOOR`` or above; others too if close to the
   best. Confidence is a logistic map of the score, fitted on two questions of the bench
   sample so that it roughly estimates the chance that a person's coding agrees (measured in
   ``bench/bench_consultation_analysis.py``). Answers far from every theme get none.
6. Labels (c-TF-IDF keywords, most central phrase), representative answers, stance when asked,
   duplicate and coordinated submissions.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import cluster, labels
from .duplicates import find_duplicates
from .encoder import get_encoder
from .stance import AGREE_ANCHORS, DISAGREE_ANCHORS, stances
from .text import chunk_sentences, has_content, looks_non_english, normalise_for_hash
from .types import (
    AnalysisResult,
    Answer,
    KnownTheme,
    ProposedTheme,
    Stance,
    ThemeAssignment,
)

ANALYSIS_VERSION = "1.0"
SEGMENT_CHARS = 200
MAX_SEGMENTS = 12
SEGMENT_PENALTY = 0.05
COVERED = 0.55  # an answer this close to a known theme is not used to propose new themes
ASSIGN_FLOOR = 0.32
SECOND_FLOOR = 0.45
SECOND_MARGIN = 0.10
CONFIDENCE_MID = 0.56  # fitted (logistic) on questions q1 and q2 of the bench sample
CONFIDENCE_SCALE = 0.15
MERGE_INTO_KNOWN = 0.85
MAX_NEW_THEMES = 20
MIN_ANSWERS_TO_CLUSTER = 6

Progress = Callable[[int, int, str], None]
_LEADING_STANCE = re.compile(
    r"^\s*(?:(?:yes and no|yes|yeah|yep|no|nope|agreed?|disagree|support(?:ed)?|in favou?r|against|"
    r"(?:i\s+)?(?:strongly|fully|totally|completely)\s+(?:agree|disagree|support|oppose)|"
    r"i\s+(?:agree|disagree|support|oppose)|(?:i\s+)?(?:do not|don't)\s+(?:agree|support)|"
    r"definitely(?:\s+not)?|absolutely(?:\s+not)?|of course(?:\s+not)?|not sure)\b"
    r"(?:\s+(?:with (?:this|that|it)|this|it))?\s*[,.!:;\-\u2013]*\s*)+",
    re.IGNORECASE,
)


@dataclass
class _Theme:
    key: str
    centroid: np.ndarray
    label: str = ""
    known: KnownTheme | None = None


def _silent(done: int, total: int, stage: str) -> None:
    return None


def _confidence(score: float) -> float:
    return round(1.0 / (1.0 + math.exp(-(score - CONFIDENCE_MID) / CONFIDENCE_SCALE)), 3)


def _unit(x: np.ndarray) -> np.ndarray:
    return np.asarray(x / max(float(np.linalg.norm(x)), 1e-12), dtype=np.float32)


@lru_cache(maxsize=1)
def _stance_anchors() -> tuple[np.ndarray, np.ndarray]:
    encoder = get_encoder()
    return encoder.embed(list(AGREE_ANCHORS)), encoder.embed(list(DISAGREE_ANCHORS))


def strip_leading_stance(text: str) -> str:
    """ "Yes, local groups are trusted" -> "local groups are trusted": themes follow the reasons.

    Answers to a yes/no question otherwise cluster by their first word. Nothing is stripped when
    fewer than three words would remain; stance is read from the full text.
    """
    rest = _LEADING_STANCE.sub("", text, count=1)
    return rest if rest is not text and len(rest.split()) >= 3 else text


def _segments(text: str) -> tuple[list[str], bool]:
    text = strip_leading_stance(text)
    if len(text) <= SEGMENT_CHARS:
        return [text], False
    chunks = chunk_sentences(text, max_chars=SEGMENT_CHARS)
    if len(chunks) > MAX_SEGMENTS:
        return chunks[:MAX_SEGMENTS], True
    return chunks or [text[:SEGMENT_CHARS]], False


def min_cluster_size(n: int) -> int:
    """Smallest new theme: 3 answers, or 1% of the answers for large questions."""
    return max(3, math.ceil(0.01 * n))


def analyse_question(
    answers: Sequence[Answer],
    known_themes: Sequence[KnownTheme] = (),
    *,
    question_text: str = "",
    ask_stance: bool = False,
    progress: Progress | None = None,
) -> AnalysisResult:
    report = progress or _silent
    encoder = get_encoder()
    skipped: list[tuple[int, str]] = []
    kept: list[Answer] = []
    for answer in answers:
        if not answer.text.strip():
            skipped.append((answer.id, "empty answer"))
        elif not has_content(answer.text):
            skipped.append((answer.id, "no words or numbers, only punctuation or symbols"))
        else:
            kept.append(answer)
    non_english = [a.id for a in kept if looks_non_english(a.text)]
    version = f"{encoder.version}; analysis {ANALYSIS_VERSION}"
    if not kept:
        return AnalysisResult(
            themes=[], assignments=[], stances={}, duplicates=[], skipped=skipped,
            model_version=version, non_english=non_english,
        )  # fmt: skip

    # 2. Embedding.
    seg_texts: list[str] = []
    seg_start: list[int] = []
    truncated: list[int] = []
    for answer in kept:
        segs, cut = _segments(answer.text)
        if cut:
            truncated.append(answer.id)
        seg_start.append(len(seg_texts))
        seg_texts.extend(segs)
    starts = np.array(seg_start)
    seg_vecs = encoder.embed(
        seg_texts, progress=lambda done, total: report(done, total, "embedding")
    )
    vecs = np.add.reduceat(seg_vecs, starts, axis=0)
    vecs = np.asarray(vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12))
    n = len(kept)
    index_of = {a.id: i for i, a in enumerate(kept)}

    def scores_for(centroids: np.ndarray) -> np.ndarray:
        if centroids.shape[0] == 0:
            return np.zeros((n, 0), dtype=np.float32)
        whole = vecs @ centroids.T
        best_seg = np.maximum.reduceat(seg_vecs @ centroids.T, starts, axis=0)
        return np.asarray(np.maximum(whole, best_seg - SEGMENT_PENALTY), dtype=np.float32)

    # 3. Known themes.
    report(0, 4, "themes")
    themes: list[_Theme] = []
    for kt in known_themes:
        rows = [index_of[i] for i in sorted(kt.member_ids) if i in index_of]
        centroid = _unit(vecs[rows].mean(axis=0)) if rows else encoder.embed([kt.label])[0]
        themes.append(_Theme(key=f"known-{kt.id}", centroid=centroid, label=kt.label, known=kt))
    known_count = len(themes)
    covered = np.zeros(n, dtype=bool)
    if themes:
        known_scores = scores_for(np.stack([t.centroid for t in themes]))
        covered |= known_scores.max(axis=1) >= COVERED
        for kt in known_themes:
            for i in kt.member_ids:
                if i in index_of:
                    covered[index_of[i]] = True

    # 4. New themes from what the known themes do not cover.
    open_rows = np.flatnonzero(~covered)
    smallest = min_cluster_size(len(open_rows))
    if len(open_rows) >= MIN_ANSWERS_TO_CLUSTER:
        x = vecs[open_rows]
        k_max = max(2, min(MAX_NEW_THEMES, len(open_rows) // smallest))
        # Silhouette alone picks 2-3 themes on sentence embeddings (flat, noisy curves); a
        # consultation question usually has 8-20 themes, so search from about sqrt(n / 2).
        k_min = max(2, min(k_max, round(math.sqrt(len(open_rows) / 2))))
        k, _ = cluster.choose_k(x, k_min, k_max)
        report(1, 4, "themes")
        result = cluster.kmeans(x, k)
        sizes = np.bincount(result.labels, minlength=k)
        new_centroids = [result.centroids[j] for j in range(k) if sizes[j] >= smallest]
        for centroid in new_centroids:
            if known_count:
                known_sims = np.stack([t.centroid for t in themes[:known_count]]) @ centroid
                if float(known_sims.max()) >= MERGE_INTO_KNOWN:
                    continue
            themes.append(_Theme(key="", centroid=centroid))
    report(2, 4, "themes")

    # 5. Assignment.
    centroids = np.stack([t.centroid for t in themes]) if themes else np.zeros((0, 384))
    scores = scores_for(centroids)
    for t_index, theme in enumerate(themes):
        if theme.known is not None:
            for i in theme.known.rejected_ids:
                if i in index_of:
                    scores[index_of[i], t_index] = -1.0
    assigned: list[dict[int, float]] = [{} for _ in range(n)]
    for i in range(n):
        row = scores[i]
        if row.size == 0:
            continue
        best = float(row.max())
        if best < ASSIGN_FLOOR:
            continue
        for t_index in np.flatnonzero(row >= max(SECOND_FLOOR, best - SECOND_MARGIN)).tolist():
            assigned[i][t_index] = float(row[t_index])
        assigned[i][int(row.argmax())] = best
    for t_index, theme in enumerate(themes):
        if theme.known is not None:
            for i in theme.known.member_ids:
                if i in index_of:
                    assigned[index_of[i]][t_index] = 2.0  # confirmed by a person

    # New themes nobody ended up in are dropped; order new themes by size.
    sizes = np.zeros(len(themes), dtype=np.int64)
    for row_assigned in assigned:
        for t_index in row_assigned:
            sizes[t_index] += 1
    new_order = sorted(
        (t for t in range(known_count, len(themes)) if sizes[t] >= min(smallest, 2)),
        key=lambda t: (-int(sizes[t]), t),
    )
    order = list(range(known_count)) + new_order
    for rank, t_index in enumerate(new_order, start=1):
        themes[t_index].key = f"new-{rank}"

    # 6. Labels and representatives.
    report(3, 4, "themes")
    primary: dict[int, list[int]] = {t: [] for t in order}
    for i in range(n):
        if assigned[i]:
            best_t = max(assigned[i], key=lambda t: (assigned[i][t], -t))
            if best_t in primary:
                primary[best_t].append(i)
    for t_index in order:
        members = primary[t_index]
        members.sort(key=lambda i: (-float(vecs[i] @ themes[t_index].centroid), kept[i].id))
    extra_stop = labels.question_stop_words(question_text)
    used_labels: set[str] = set()
    groups = [[kept[i].text for i in primary[t][: labels.TYPICAL_FOR_LABEL]] for t in order]
    unassigned_texts = [kept[i].text for i in range(n) if not assigned[i]][:500]
    keyword_lists = labels.class_keywords([*groups, unassigned_texts], extra_stop)
    proposed: list[ProposedTheme] = []
    for pos, t_index in enumerate(order):
        theme = themes[t_index]
        keywords = keyword_lists[pos]
        if theme.known is None:
            theme.label = labels.label_theme(
                groups[pos], keywords, theme.centroid, encoder.embed, extra_stop, used_labels
            )
        representatives: list[int] = []
        seen_texts: set[str] = set()
        for i in primary[t_index]:
            norm = normalise_for_hash(kept[i].text)
            if norm in seen_texts:
                continue
            seen_texts.add(norm)
            representatives.append(kept[i].id)
            if len(representatives) == 5:
                break
        proposed.append(
            ProposedTheme(
                key=theme.key,
                label=theme.label,
                keywords=tuple(k for k, _ in keywords[:6]),
                representative_ids=tuple(representatives),
                known_id=theme.known.id if theme.known is not None else None,
                size=int(sizes[t_index]),
            )
        )
    kept_themes = set(order)
    assignments = [
        ThemeAssignment(
            answer_id=kept[i].id,
            theme_key=themes[t].key,
            confidence=1.0 if score > 1.0 else _confidence(score),
        )
        for i in range(n)
        for t, score in sorted(assigned[i].items(), key=lambda kv: (-kv[1], kv[0]))
        if t in kept_themes
    ]
    report(4, 4, "themes")

    stance_map: dict[int, Stance] = {}
    if ask_stance:
        first_vectors = seg_vecs[starts]
        found = stances([a.text for a in kept], first_vectors, _stance_anchors())
        stance_map = {a.id: s for a, s in zip(kept, found, strict=True)}
    report(0, 1, "duplicates")
    duplicates = find_duplicates([a.id for a in kept], [a.text for a in kept], vecs)
    report(1, 1, "duplicates")
    return AnalysisResult(
        themes=proposed,
        assignments=assignments,
        stances=stance_map,
        duplicates=duplicates,
        skipped=skipped,
        model_version=version,
        non_english=non_english,
        truncated=truncated,
    )
