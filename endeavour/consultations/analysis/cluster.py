"""Spherical k-means in NumPy with an automatic choice of k (silhouette on a fixed sample).

Everything is seeded, so the same vectors give the same clusters. Vectors are unit length, so
cosine similarity is a dot product.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SEED = 20250705
SAMPLE_FOR_K = 1500


@dataclass(frozen=True)
class Clustering:
    labels: np.ndarray  # (n,) int, -1 for "in no cluster"
    centroids: np.ndarray  # (k, d) unit vectors
    silhouette: float


def _normalise(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.asarray(x / np.maximum(norms, 1e-12), dtype=np.float32)


def kmeans(x: np.ndarray, k: int, *, seed: int = SEED, iterations: int = 30) -> Clustering:
    """Spherical k-means with k-means++ seeding (cosine distance)."""
    n = x.shape[0]
    k = max(1, min(k, n))
    rng = np.random.default_rng(seed)
    centroids = np.empty((k, x.shape[1]), dtype=np.float32)
    first = int(rng.integers(n))
    centroids[0] = x[first]
    closest = 1.0 - x @ x[first]
    for j in range(1, k):
        weights = np.maximum(closest, 0.0) ** 2
        total = float(weights.sum())
        pick = int(rng.choice(n, p=weights / total)) if total > 0 else int(rng.integers(n))
        centroids[j] = x[pick]
        closest = np.minimum(closest, 1.0 - x @ x[pick])
    labels = np.zeros(n, dtype=np.int64)
    for it in range(iterations):
        sims = x @ centroids.T
        new_labels = np.argmax(sims, axis=1)
        if it > 0 and np.array_equal(new_labels, labels):
            break
        labels = new_labels
        onehot = np.zeros((n, k), dtype=np.float32)
        onehot[np.arange(n), labels] = 1.0
        sums = onehot.T @ x
        counts = np.bincount(labels, minlength=k)
        empty = counts == 0
        if empty.any():
            # Re-seed an empty cluster with the point worst served by its centroid.
            worst = np.argsort(sims[np.arange(n), labels], kind="stable")
            for slot, w in zip(np.flatnonzero(empty).tolist(), worst.tolist(), strict=False):
                sums[slot] = x[w]
        centroids = _normalise(sums)
    return Clustering(labels=labels, centroids=centroids, silhouette=float("nan"))


def silhouette(x: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette (cosine distance) of the points in clusters of two or more."""
    k = int(labels.max()) + 1
    if k < 2:
        return -1.0
    dist = 1.0 - x @ x.T
    onehot = np.zeros((len(x), k), dtype=np.float32)
    onehot[np.arange(len(x)), labels] = 1.0
    counts = onehot.sum(axis=0)
    sums = dist @ onehot  # (n, k) total distance to each cluster
    own = labels
    own_count = counts[own]
    a = sums[np.arange(len(x)), own] / np.maximum(own_count - 1, 1)
    mean_other = sums / np.maximum(counts, 1)
    mean_other[np.arange(len(x)), own] = np.inf
    mean_other[:, counts == 0] = np.inf
    b = mean_other.min(axis=1)
    s = (b - a) / np.maximum(np.maximum(a, b), 1e-9)
    s[own_count <= 1] = 0.0
    return float(s.mean())


def choose_k(x: np.ndarray, k_min: int, k_max: int, *, seed: int = SEED) -> tuple[int, float]:
    """The k in [k_min, k_max] with the best silhouette on a fixed sample of the points.

    Sentence embeddings give flat silhouette curves; a k within 0.005 of the best is taken if it
    is larger, since an analyst merges themes more easily than splits them.
    """
    n = x.shape[0]
    rng = np.random.default_rng(seed)
    sample = x if n <= SAMPLE_FOR_K else x[np.sort(rng.choice(n, SAMPLE_FOR_K, replace=False))]
    scores: dict[int, float] = {}
    for k in range(k_min, k_max + 1):
        result = kmeans(sample, k, seed=seed, iterations=20)
        scores[k] = silhouette(sample, result.labels)
    best = max(scores.values())
    chosen = max(k for k, s in scores.items() if s >= best - 0.005)
    return chosen, scores[chosen]
