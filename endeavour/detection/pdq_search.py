"""PDQ lookup for the app: the published index, plus a FAISS delta of newer bank entries.

The database is the record. ``pdq_index_rebuild`` builds a ``MihIndex`` of every PDQ entry and
publishes it as a new generation under ``DETECTION_INDEX_DIR``. Each process maps the current
generation and, before every search, adds the entries newer than any it has seen to a small
brute-force delta, so a new entry matches at once. Entries are disabled, never deleted, so the
index holds them all; callers filter by enabled, bank and distance.
"""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np
from django.conf import settings

from endeavour.detection.pdq_index import (
    MAX_RADIUS,
    Codes,
    DeltaIndex,
    Ids,
    IndexStore,
    MihIndex,
    Results,
    check_radius,
    codes_from_hex,
    is_code_hex,
    merge_search,
    sorted_by_id,
)

logger = logging.getLogger(__name__)

READ_CHUNK = 50_000
# How often to look for entries committed late, with an id below one already seen.
SWEEP_SECONDS = 5.0


def index_dir() -> Path:
    return Path(getattr(settings, "DETECTION_INDEX_DIR", settings.DATA_DIR / "index"))


def max_distance() -> int:
    return int(getattr(settings, "DETECTION_PDQ_MAX_DISTANCE", 31))


def rebuild_threshold() -> int:
    return int(getattr(settings, "DETECTION_DELTA_REBUILD_THRESHOLD", 50_000))


def _decode(rows: Sequence[tuple[int, str]]) -> tuple[Ids, Codes, list[int]]:
    """Ids and codes of (id, hex) rows; rows with a malformed value are left out and named."""
    try:
        codes = codes_from_hex([value for _, value in rows])
    except ValueError:
        rejected = [entry_id for entry_id, value in rows if not is_code_hex(value)]
        logger.warning("PDQ index: %d entries have a malformed value: %s", len(rejected), rejected)
        rows = [row for row in rows if is_code_hex(row[1])]
        codes = codes_from_hex([value for _, value in rows])
    else:
        rejected = []
    ids = np.fromiter((entry_id for entry_id, _ in rows), dtype=np.int64, count=len(rows))
    return ids, codes, rejected


def _pdq_rows(**filters: object) -> Iterable[tuple[int, str]]:
    from endeavour.detection.models import BankEntry, SignalType

    rows = BankEntry.objects.filter(signal_type=SignalType.PDQ, **filters).order_by()
    return rows.values_list("id", "value").iterator(chunk_size=READ_CHUNK)


def _read_pdq(**filters: object) -> tuple[Ids, Codes, list[int]]:
    """Every PDQ entry matching ``filters``, read in chunks."""
    rows = iter(_pdq_rows(**filters))
    id_parts, code_parts, rejected = [], [], []
    while batch := list(islice(rows, READ_CHUNK)):
        ids, codes, bad = _decode(batch)
        id_parts.append(ids)
        code_parts.append(codes)
        rejected += bad
    if not id_parts:
        return np.empty(0, np.int64), np.empty((0, 32), np.uint8), rejected
    ids, codes = sorted_by_id(np.concatenate(id_parts), np.concatenate(code_parts))
    return ids, codes, rejected


class PdqSearcher:
    """One process's view: the current generation, mapped, and a delta of newer entries."""

    def __init__(self, root: Path | None = None) -> None:
        self._lock = threading.Lock()
        self._fixed_root = root
        self._clear()

    def _clear(self) -> None:
        self._root: Path | None = None
        self._pointer: tuple[int, int, int] | None = None
        self._generation: str | None = None
        self._main: MihIndex | None = None
        self._delta = DeltaIndex()
        self._seen = 0  # the highest entry id in the main index or the delta
        self._rejected: set[int] = set()
        self._swept_at = time.monotonic()

    def reset(self) -> None:
        """Forget everything; the next search maps the current generation and reads the delta."""
        with self._lock:
            self._clear()

    @property
    def generation(self) -> str | None:
        return self._generation

    @property
    def main_size(self) -> int:
        return len(self._main) if self._main is not None else 0

    @property
    def delta_size(self) -> int:
        return len(self._delta)

    def refresh(self) -> None:
        with self._lock:
            self._refresh()

    def search(self, hex_hashes: Sequence[str], radius: int | None = None) -> Results:
        """For each hash (64 hex characters), (entry id, distance) pairs within ``radius``."""
        radius = check_radius(max_distance() if radius is None else radius, MAX_RADIUS)
        queries = codes_from_hex(list(hex_hashes))
        with self._lock:
            self._refresh()
            main = self._main
            recent = self._delta.search(queries, radius)
        if main is None:
            return recent
        # The main index is immutable, so it is searched outside the lock.
        return merge_search(main.search(queries, radius), recent)

    def _refresh(self) -> None:
        root = self._fixed_root or index_dir()
        if root != self._root:
            self._clear()
            self._root = root
        self._follow_pointer(IndexStore(root))
        ids, codes, rejected = _read_pdq(id__gt=self._seen)
        self._add(ids, codes, rejected)
        if time.monotonic() - self._swept_at >= SWEEP_SECONDS:
            self._sweep()

    def _add(self, ids: Ids, codes: Codes, rejected: list[int]) -> None:
        self._delta.add(ids, codes)
        self._rejected.update(rejected)
        self._seen = max(self._seen, int(ids.max()) if len(ids) else 0, *rejected)

    def _follow_pointer(self, store: IndexStore) -> None:
        """Map the current generation when ``CURRENT`` has changed (one stat per search)."""
        try:
            stat = store.pointer.stat()
            pointer: tuple[int, int, int] | None = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            pointer = None
        if pointer == self._pointer:
            return
        self._pointer = pointer
        try:
            loaded = store.load_current_generation() if pointer is not None else None
        except (OSError, ValueError):
            # Keep serving what is mapped; the next publish changes the pointer again.
            logger.exception("PDQ index: cannot load the generation %s names", store.pointer)
            return
        if loaded is None or loaded[0] == self._generation:
            return
        name, index = loaded
        previous_max = self._main.max_id if self._main is not None else -1
        self._main, self._generation = index, name
        if index.max_id < previous_max:
            # An older generation came back: what lies between is in neither index, read again.
            self._delta, self._seen, self._rejected = DeltaIndex(), max(index.max_id, 0), set()
        else:
            # Keep what the new index lacks: newer entries, and any that committed while the
            # rebuild was reading, below its highest id.
            self._delta = self._delta.select(~index.contains(self._delta.ids))
            self._seen = max(self._seen, index.max_id)
            self._rejected = {i for i in self._rejected if i > index.max_id}
        logger.info("PDQ index: serving %s (%d hashes)", name, len(index))

    def _sweep(self) -> None:
        """Add entries whose transaction committed after a higher id had been read."""
        from endeavour.detection.models import BankEntry, SignalType

        self._swept_at = time.monotonic()
        floor = self._main.max_id if self._main is not None else 0
        window = BankEntry.objects.filter(
            signal_type=SignalType.PDQ, id__gt=floor, id__lte=self._seen
        ).order_by()
        delta_ids = self._delta.ids
        held = int(np.count_nonzero(delta_ids > floor)) + len(self._rejected)
        if window.count() == held:
            return
        known = set(self._delta.ids.tolist()) | self._rejected
        missing = [i for i in window.values_list("id", flat=True) if i not in known]
        for start in range(0, len(missing), READ_CHUNK):
            self._add(*_read_pdq(id__in=missing[start : start + READ_CHUNK]))


_SEARCHER: PdqSearcher | None = None
_SEARCHER_LOCK = threading.Lock()


def searcher() -> PdqSearcher:
    """The process-wide searcher."""
    global _SEARCHER
    with _SEARCHER_LOCK:
        if _SEARCHER is None:
            _SEARCHER = PdqSearcher()
        return _SEARCHER


@dataclass(frozen=True)
class RebuildResult:
    generation: str | None
    count: int
    seconds: float
    skipped: bool = False
    message: str = ""


def pdq_index_rebuild() -> RebuildResult:
    """Build an index of every PDQ entry and publish it; one rebuild at a time per directory."""
    started = time.perf_counter()
    root = index_dir()
    root.mkdir(parents=True, exist_ok=True)
    with (root / ".rebuild.lock").open("a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return RebuildResult(
                generation=IndexStore(root).current_generation(),
                count=0,
                seconds=time.perf_counter() - started,
                skipped=True,
                message="A rebuild of the PDQ index is already running; this one did nothing.",
            )
        ids, codes, rejected = _read_pdq()
        read = time.perf_counter() - started
        index = MihIndex.build(ids, codes)
        generation = IndexStore(root).publish(index, {"rejected": len(rejected)})
        seconds = time.perf_counter() - started
        message = f"Read {len(ids)} hashes in {read:.1f} s; built and published in {seconds:.1f} s."
        if rejected:
            message += f" Left out {len(rejected)} malformed values."
        logger.info("PDQ index: published %s. %s", generation, message)
        return RebuildResult(generation, len(ids), seconds, message=message)


def delta_size() -> int:
    """PDQ entries newer than the published index (all of them when none is published)."""
    from endeavour.detection.models import BankEntry, SignalType

    try:
        manifest = IndexStore(index_dir()).current_manifest()
    except (OSError, ValueError):
        manifest = None  # unreadable: count everything, so a rebuild comes due and repairs it
    floor = int(manifest["max_id"]) if manifest is not None else 0
    return BankEntry.objects.filter(signal_type=SignalType.PDQ, id__gt=floor).count()


def late_entries() -> int:
    """PDQ entries the published index lacks below its highest id: committed while it was read.

    One count over every PDQ entry, so for the scheduler, not for each search.
    """
    from endeavour.detection.models import BankEntry, SignalType

    try:
        manifest = IndexStore(index_dir()).current_manifest()
    except (OSError, ValueError):
        return 0  # delta_size() already counts everything then
    if manifest is None:
        return 0
    below = BankEntry.objects.filter(signal_type=SignalType.PDQ, id__lte=int(manifest["max_id"]))
    held = int(manifest["count"]) + int(manifest.get("meta", {}).get("rejected", 0))
    return max(below.count() - held, 0)


def rebuild_due() -> bool:
    """More new entries than the threshold, or any the last rebuild missed."""
    return delta_size() > rebuild_threshold() or late_entries() > 0
