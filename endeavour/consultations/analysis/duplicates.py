"""Suspected duplicate or coordinated submissions: exact copies and lightly edited ones.

Exact: the same words in the same order after normalisation (case, punctuation, spacing), for
answers of at least ``MIN_EXACT_WORDS`` words ("Yes" fifty times is not a campaign).
Near: MinHash LSH over word 3-shingles, confirmed by the true Jaccard similarity, or sentence
embeddings with cosine at least 0.95; both only for answers of at least 40 characters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from .text import normalise_for_hash
from .types import DuplicateGroup

MIN_EXACT_WORDS = 4
MIN_NEAR_CHARS = 40
JACCARD = 0.6
COSINE = 0.95
NUM_PERM = 64


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, a: int) -> int:
        self.parent.setdefault(a, a)
        while self.parent[a] != a:
            self.parent[a] = self.parent[self.parent[a]]
            a = self.parent[a]
        return a

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _shingles(words: list[str]) -> set[str]:
    if len(words) < 3:
        return {" ".join(words)}
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def find_duplicates(
    ids: Sequence[int], texts: Sequence[str], vectors: np.ndarray | None = None
) -> list[DuplicateGroup]:
    normalised = [normalise_for_hash(t) for t in texts]
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, norm in enumerate(normalised):
        if len(norm.split()) >= MIN_EXACT_WORDS:
            by_text[norm].append(i)
    groups: list[DuplicateGroup] = [
        DuplicateGroup(
            answer_ids=tuple(sorted(ids[i] for i in members)), kind="exact", similarity=1.0
        )
        for members in by_text.values()
        if len(members) > 1
    ]

    # Near copies: one representative per exact-copy set, then link representatives.
    representative: dict[str, int] = {}
    reps: list[int] = []
    for i, norm in enumerate(normalised):
        if len(texts[i].strip()) >= MIN_NEAR_CHARS and norm not in representative:
            representative[norm] = i
            reps.append(i)
    edges: dict[tuple[int, int], float] = {}
    shingles = {i: _shingles(normalised[i].split()) for i in reps}
    lsh = MinHashLSH(threshold=JACCARD, num_perm=NUM_PERM)
    built = MinHash.bulk(
        [[s.encode("utf-8") for s in shingles[i]] for i in reps], num_perm=NUM_PERM, seed=1
    )
    hashes: dict[int, MinHash] = dict(zip(reps, built, strict=True))
    with lsh.insertion_session() as session:
        for i in reps:
            session.insert(str(i), hashes[i])
    for i in reps:
        for key in lsh.query(hashes[i]):
            j = int(key)
            if j <= i:
                continue
            a, b = shingles[i], shingles[j]
            jaccard = len(a & b) / max(len(a | b), 1)
            if jaccard >= JACCARD:
                edges[(i, j)] = jaccard
    if vectors is not None and len(reps) > 1:
        rep_arr = np.array(reps)
        sub = vectors[rep_arr]
        for start in range(0, len(reps), 1024):
            block = sub[start : start + 1024] @ sub.T
            rows, cols = np.nonzero(block >= COSINE)
            upper = rows + start < cols
            rows, cols = rows[upper], cols[upper]
            sims = block[rows, cols].tolist()
            firsts = rep_arr[rows + start].tolist()
            seconds = rep_arr[cols].tolist()
            for i, j, sim in zip(firsts, seconds, sims, strict=True):
                edges[(i, j)] = max(edges.get((i, j), 0.0), sim)
    if not edges:
        return groups

    uf = _UnionFind()
    for i, j in edges:
        uf.union(i, j)
    members_of: dict[int, list[int]] = defaultdict(list)
    for i in reps:
        if i in uf.parent:
            members_of[uf.find(i)].append(i)
    edge_sims: dict[int, list[float]] = defaultdict(list)
    for (i, _j), sim in edges.items():
        edge_sims[uf.find(i)].append(sim)
    for root, rep_members in members_of.items():
        all_ids: set[int] = set()
        for i in rep_members:
            all_ids.update(ids[j] for j in by_text.get(normalised[i], [i]))
            all_ids.add(ids[i])
        groups.append(
            DuplicateGroup(
                answer_ids=tuple(sorted(all_ids)),
                kind="near",
                similarity=round(float(np.mean(edge_sims[root])), 3),
            )
        )
    groups.sort(key=lambda g: (g.kind != "exact", -len(g.answer_ids), g.answer_ids))
    return groups
