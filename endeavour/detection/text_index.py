"""Near-duplicate text lookup: MinHash LSH over the banks' text signatures, kept in memory.

The database is the record. Each process keeps an LSH index and adds entries newer than the
last one it saw before every search, so a new entry is matchable at once without a rebuild.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH
from django.conf import settings

from endeavour.detection.models import BankEntry, SignalType
from endeavour.detection.text import minhash_from_hex
from endeavour.detection.values import MINHASH_PERMUTATIONS

# The LSH bands are tuned for this threshold; the exact similarity is then checked per pair.
LSH_THRESHOLD = 0.4


def min_similarity() -> float:
    return float(getattr(settings, "DETECTION_TEXT_MIN_SIMILARITY", 0.5))


class TextIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=MINHASH_PERMUTATIONS)
        self._signatures: dict[int, MinHash] = {}
        self._last_id = 0

    def _refresh(self) -> None:
        rows = BankEntry.objects.filter(
            signal_type=SignalType.TEXT_MINHASH, id__gt=self._last_id
        ).values_list("id", "value")
        for entry_id, value in rows.order_by("id").iterator(chunk_size=2000):
            signature = minhash_from_hex(value)
            self._lsh.insert(entry_id, signature, check_duplication=False)
            self._signatures[entry_id] = signature
            self._last_id = entry_id

    def search(self, signatures: Sequence[str]) -> list[list[tuple[int, float]]]:
        """For each signature (hex), the (entry id, estimated similarity) pairs above the bar."""
        bar = min_similarity()
        with self._lock:
            self._refresh()
            found: list[list[tuple[int, float]]] = []
            for value in signatures:
                query = minhash_from_hex(value)
                hits = [
                    (int(entry_id), round(float(query.jaccard(self._signatures[entry_id])), 3))
                    for entry_id in self._lsh.query(query)
                ]
                found.append(sorted((h for h in hits if h[1] >= bar), key=lambda h: -h[1]))
            return found


_INDEX = TextIndex()


def text_index() -> TextIndex:
    return _INDEX
