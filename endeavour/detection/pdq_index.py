"""PDQ match index: multi-index hashing over 256-bit codes, a FAISS delta, generations on disk.

Multi-index hashing (Norouzi et al.) splits each code into m chunks. If two codes are within
Hamming distance r, some chunk differs in at most r // m bits (pigeonhole: m chunks each
differing in more would add up to more than r). So probing every chunk value within r // m bits
of the query's, then checking the full distance, is exact. Large indexes use 11 chunks (3 of 24
bits, 8 of 23): about one code per chunk value at 10 million codes. Small ones use 16 chunks of
16 bits, so the tables stay a few megabytes instead of 470 MB.

Pure NumPy and FAISS; no Django.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

CODE_BYTES = 32
CODE_BITS = CODE_BYTES * 8
MAX_FLIPS = 2  # per chunk; 3 would mean over 2,000 probes per 24-bit chunk
FORMAT = "endeavour-pdq-mih"
FORMAT_VERSION = 1
DEFAULT_BATCH = 16
STALE_STAGING_SECONDS = 24 * 3600
_ARRAYS = ("ids", "codes", "offsets", "positions")
_GENERATION = re.compile(r"gen-\d{8}T\d{6}Z-(\d{6,})")

Ids = npt.NDArray[np.int64]
Codes = npt.NDArray[np.uint8]
Results = list[list[tuple[int, int]]]


def check_codes(codes: object, name: str = "codes") -> Codes:
    """``codes`` as a C-contiguous (N, 32) uint8 array, or a ValueError saying what is wrong."""
    if not isinstance(codes, np.ndarray):
        raise ValueError(f"{name} must be a NumPy array of shape (N, 32) and dtype uint8.")
    if codes.dtype != np.uint8 or codes.ndim != 2 or codes.shape[1] != CODE_BYTES:
        raise ValueError(
            f"{name} must have shape (N, 32) and dtype uint8 (256-bit PDQ hashes); "
            f"got shape {codes.shape} and dtype {codes.dtype}."
        )
    return np.ascontiguousarray(codes)


def check_radius(radius: int, maximum: int = CODE_BITS) -> int:
    if isinstance(radius, bool) or not isinstance(radius, int | np.integer):
        raise ValueError(f"The radius must be an integer; got {radius!r}.")
    if not 0 <= radius <= maximum:
        raise ValueError(
            f"The radius must be between 0 and {maximum}; got {radius}. The PDQ index is exact "
            f"only up to distance {maximum}."
        )
    return int(radius)


def _check_ids(ids: object, count: int) -> Ids:
    if not isinstance(ids, np.ndarray) or ids.ndim != 1 or ids.dtype.kind not in "iu":
        raise ValueError("ids must be a one-dimensional NumPy array of integers.")
    if len(ids) != count:
        raise ValueError(f"There are {len(ids)} ids for {count} codes.")
    return np.ascontiguousarray(ids, dtype=np.int64)


class Layout:
    """How codes are cut into chunks, with what a search needs precomputed."""

    def __init__(self, widths: Sequence[int]) -> None:
        self.widths = tuple(int(w) for w in widths)
        if (
            sum(self.widths) != CODE_BITS
            or not all(1 <= w <= 25 for w in self.widths)
            or list(self.widths) != sorted(self.widths, reverse=True)
        ):
            raise ValueError(f"A layout is chunks of 25 bits or fewer, widest first: {widths}.")
        self.chunks = len(self.widths)
        self.max_radius = self.chunks * (MAX_FLIPS + 1) - 1
        self.max_codes = (2**32 - 1) // self.chunks  # every offset into positions fits uint32
        widths_ = np.array(self.widths)
        starts = np.array([0, *itertools.accumulate(self.widths)][:-1])
        # Chunk c lies in the 4 bytes from byte start // 8, read big-endian, shifted and masked.
        self.window_bytes = starts[:, None] // 8 + np.arange(4)
        self.chunk_shifts = (32 - starts % 8 - widths_).astype(np.uint32)
        self.chunk_masks = ((1 << widths_) - 1).astype(np.uint32)
        self.table_bases = [0, *itertools.accumulate(1 << w for w in self.widths)]

    def chunk_values(self, codes: Codes, chunk: int) -> npt.NDArray[np.uint32]:
        """One chunk of every code (column by column, to keep memory low for a build)."""
        window = np.zeros(len(codes), dtype=np.uint32)
        for byte, shift in zip(self.window_bytes[chunk], _WINDOW_SHIFTS, strict=True):
            if byte < CODE_BYTES:
                window |= codes[:, byte].astype(np.uint32) << shift
        window >>= self.chunk_shifts[chunk]
        window &= self.chunk_masks[chunk]
        return window

    def all_chunk_values(self, codes: Codes) -> npt.NDArray[np.int64]:
        """(Q, chunks) chunk values of a few codes, vectorised over chunks."""
        padded = np.zeros((len(codes), CODE_BYTES + 4), dtype=np.uint32)
        padded[:, :CODE_BYTES] = codes
        windows = (padded[:, self.window_bytes] << _WINDOW_SHIFTS).sum(axis=2, dtype=np.uint32)
        values: npt.NDArray[np.int64] = ((windows >> self.chunk_shifts) & self.chunk_masks).astype(
            np.int64
        )
        return values

    @cache  # noqa: B019 (layouts are module constants)
    def probes(self, flips: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.int64]]:
        """For each probe: the chunk it reads, and the XOR mask plus table base it adds."""
        chunk: list[int] = []
        masks: list[int] = []
        bases: list[int] = []
        for c, width in enumerate(self.widths):
            for k in range(flips + 1):
                for bits in itertools.combinations(range(width), k):
                    chunk.append(c)
                    masks.append(sum(1 << b for b in bits))
                    bases.append(self.table_bases[c])
        # Widest chunks first, so each table base is a multiple of 2**width: one XOR with
        # (mask | base) both flips the bits and moves the value into its chunk's table.
        return np.array(chunk, dtype=np.intp), np.array(masks, dtype=np.int64) | np.array(
            bases, dtype=np.int64
        )


_WINDOW_SHIFTS = np.array([24, 16, 8, 0], dtype=np.uint32)
LARGE = Layout((24, 24, 24, 23, 23, 23, 23, 23, 23, 23, 23))
SMALL = Layout((16,) * 16)
LAYOUTS = {layout.widths: layout for layout in (LARGE, SMALL)}
SMALL_BELOW = 1_000_000  # codes; measured in bench/bench_pdq.py
MAX_RADIUS = min(layout.max_radius for layout in LAYOUTS.values())  # 32


def layout_for(count: int) -> Layout:
    return SMALL if count < SMALL_BELOW else LARGE


def _sorted_results(
    query: npt.NDArray[np.intp], ids: Ids, distances: npt.NDArray[Any], count: int
) -> Results:
    """Split flat (query, id, distance) triples into per-query lists sorted by distance, id."""
    order = np.lexsort((ids, distances, query))
    query, ids, distances = query[order], ids[order], distances[order]
    bounds = np.searchsorted(query, np.arange(count + 1))
    id_list, distance_list = ids.tolist(), distances.tolist()
    return [
        list(zip(id_list[a:b], distance_list[a:b], strict=True))
        for a, b in itertools.pairwise(bounds.tolist())
    ]


class MihIndex:
    """An immutable multi-index hashing table over (id, 256-bit code) pairs.

    Arrays: ``codes`` (N, 32) uint8; ``ids`` (N,) int64, ascending, the caller's id for each row;
    ``positions`` (chunks * N,) uint32, the code rows sorted by each chunk's value, chunk after
    chunk; ``offsets`` (sum of 2**width, + 1) uint32, the CSR bounds into ``positions`` of every
    chunk value.
    """

    def __init__(
        self,
        layout: Layout,
        ids: Ids,
        codes: Codes,
        offsets: npt.NDArray[np.uint32],
        positions: npt.NDArray[np.uint32],
    ) -> None:
        self.layout = layout
        self.ids = ids
        self.codes = codes
        self.offsets = offsets
        self.positions = positions
        self._words: npt.NDArray[np.uint64] = codes.view(np.uint64)
        self._max_id = int(ids.max()) if len(ids) else -1

    @classmethod
    def build(cls, ids: Ids, codes: Codes, layout: Layout | None = None) -> MihIndex:
        """Index ``codes`` (N, 32) under ``ids`` (N,); the layout suits N unless given."""
        codes = check_codes(codes)
        ids, codes = sorted_by_id(_check_ids(ids, len(codes)), codes)
        n = len(codes)
        layout = layout or layout_for(n)
        if n > layout.max_codes:
            raise ValueError(f"An index holds at most {layout.max_codes} codes.")
        # One global CSR: chunk c's buckets start where chunk c - 1's end, at row c * N.
        offsets = np.zeros(layout.table_bases[-1] + 1, dtype=np.uint32)
        positions = np.empty(layout.chunks * n, dtype=np.uint32)
        rows = np.arange(n, dtype=np.uint64)
        base = 0
        for c, width in enumerate(layout.widths):
            values = layout.chunk_values(codes, c)
            # Sorting (value << 32 | row) is a stable argsort, and much faster than one.
            keys = (values.astype(np.uint64) << np.uint64(32)) | rows
            keys.sort()
            positions[c * n : (c + 1) * n] = keys.astype(np.uint32)
            del keys
            counts = np.bincount(values, minlength=1 << width)
            np.cumsum(counts, out=offsets[base + 1 : base + (1 << width) + 1])
            offsets[base + 1 : base + (1 << width) + 1] += np.uint32(c * n)
            base += 1 << width
        return cls(layout, ids, codes, offsets, positions)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def max_id(self) -> int:
        """The highest id held, or -1 when empty."""
        return self._max_id

    def contains(self, ids: Ids) -> npt.NDArray[np.bool_]:
        """Which of ``ids`` this index holds."""
        if not len(self):
            return np.zeros(len(ids), dtype=bool)
        at = np.minimum(np.searchsorted(self.ids, ids), len(self) - 1)
        held: npt.NDArray[np.bool_] = self.ids[at] == ids
        return held

    @property
    def max_radius(self) -> int:
        return self.layout.max_radius

    @property
    def nbytes(self) -> int:
        return sum(int(getattr(self, name).nbytes) for name in _ARRAYS)

    def search(self, queries: Codes, radius: int, batch_size: int = DEFAULT_BATCH) -> Results:
        """Per query, every (id, distance) within ``radius``, sorted by distance then id."""
        queries = check_codes(queries, "queries")
        radius = check_radius(radius, self.layout.max_radius)
        if len(self) == 0:
            return [[] for _ in range(len(queries))]
        out: Results = []
        for start in range(0, len(queries), batch_size):
            out += self._search_batch(queries[start : start + batch_size], radius)
        return out

    def _search_batch(self, queries: Codes, radius: int) -> Results:
        probe_chunks, probe_keys = self.layout.probes(radius // self.layout.chunks)
        keys = (self.layout.all_chunk_values(queries)[:, probe_chunks] ^ probe_keys).ravel()
        starts = np.take(self.offsets, keys).astype(np.int64)
        keys += 1
        lengths = np.take(self.offsets, keys).astype(np.int64)
        lengths -= starts
        # Every index in every [start, start + length) range, without a loop over the ranges.
        ends = np.cumsum(lengths)
        total = int(ends[-1])
        slots = np.repeat(starts - ends + lengths, lengths)
        slots += np.arange(total, dtype=np.int64)
        rows = np.take(self.positions, slots)
        # np.take, not words[rows]: fancy indexing of a 2-D array is several times slower here.
        xor = np.take(self._words, rows, axis=0)
        query_words = queries.view(np.uint64)
        if len(queries) == 1:
            query = np.zeros(total, dtype=np.intp)
            xor ^= query_words[0]
        else:
            per_query = np.diff(ends[len(probe_keys) - 1 :: len(probe_keys)], prepend=0)
            query = np.repeat(np.arange(len(queries)), per_query)
            xor ^= np.take(query_words, query, axis=0)
        counts = np.bitwise_count(xor)
        distances = counts[:, 0].astype(np.uint16)
        for word in range(1, counts.shape[1]):
            distances += counts[:, word]  # faster than counts.sum(axis=1)
        near = distances <= radius
        rows, query, distances = rows[near], query[near], distances[near]
        # A code near the query is usually found through several chunks: keep it once.
        _, keep = np.unique(query.astype(np.int64) << 32 | rows, return_index=True)
        return _sorted_results(
            query[keep], self.ids[rows[keep]], distances[keep].astype(np.int64), len(queries)
        )

    def save(self, directory: Path, meta: dict[str, Any] | None = None) -> None:
        """Write the arrays (``.npy``) and ``manifest.json`` (with ``meta``), fsynced."""
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {}
        for name in _ARRAYS:
            array = getattr(self, name)
            with (directory / f"{name}.npy").open("wb") as file:
                np.save(file, np.ascontiguousarray(array), allow_pickle=False)
                file.flush()
                os.fsync(file.fileno())
            arrays[name] = {"dtype": str(array.dtype), "shape": list(array.shape)}
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "count": len(self),
            "max_id": self.max_id,
            "layout": list(self.layout.widths),
            "max_flips": MAX_FLIPS,
            "arrays": arrays,
            "meta": meta or {},
        }
        _write_synced(directory / "manifest.json", json.dumps(manifest, indent=1).encode())
        _fsync_directory(directory)

    @classmethod
    def load(cls, directory: Path) -> MihIndex:
        """Map a saved index read-only: instant, and processes share the pages."""
        manifest = read_manifest(directory)
        arrays = {}
        for name in _ARRAYS:
            array = np.asarray(np.load(directory / f"{name}.npy", mmap_mode="r"))
            expected = manifest["arrays"][name]
            if str(array.dtype) != expected["dtype"] or list(array.shape) != expected["shape"]:
                raise ValueError(f"{directory / name}.npy does not match the manifest.")
            arrays[name] = array
        layout = LAYOUTS[tuple(manifest["layout"])]
        index = cls(layout, arrays["ids"], arrays["codes"], arrays["offsets"], arrays["positions"])
        if len(index) != manifest["count"]:
            raise ValueError(f"{directory} holds {len(index)} codes, not {manifest['count']}.")
        return index


def read_manifest(directory: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((directory / "manifest.json").read_text())
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise ValueError(f"{directory} is not a version {FORMAT_VERSION} PDQ index.")
    if tuple(manifest.get("layout", ())) not in LAYOUTS or manifest.get("max_flips") != MAX_FLIPS:
        raise ValueError(f"{directory} was built with another chunk layout.")
    return manifest


class DeltaIndex:
    """Recently added codes, searched by brute force with a FAISS ``IndexBinaryFlat``."""

    def __init__(self) -> None:
        import faiss

        self._index = faiss.IndexBinaryFlat(CODE_BITS)
        self._ids: Ids = np.empty(0, dtype=np.int64)

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> Ids:
        return self._ids

    @property
    def max_id(self) -> int:
        return int(self._ids.max()) if len(self._ids) else -1

    def add(self, ids: Ids, codes: Codes) -> None:
        codes = check_codes(codes)
        ids = _check_ids(ids, len(codes))
        if len(codes):
            self._index.add(codes)
            self._ids = np.concatenate([self._ids, ids])

    def codes(self) -> Codes:
        codes: Codes = self._index.reconstruct_n(0, len(self)) if len(self) else _no_codes()
        return codes

    def select(self, keep: npt.NDArray[np.bool_]) -> DeltaIndex:
        """A new delta holding the entries where ``keep`` is true."""
        fresh = DeltaIndex()
        if keep.any():
            fresh.add(self._ids[keep], self.codes()[keep])
        return fresh

    def search(self, queries: Codes, radius: int) -> Results:
        queries = check_codes(queries, "queries")
        radius = check_radius(radius)
        if not len(self) or not len(queries):
            return [[] for _ in range(len(queries))]
        import faiss

        # One OpenMP thread for a small delta: waking a second costs more than the scan, and
        # with a web worker per core it waits for a busy core. At 100,000 codes on 2 cores:
        # 10,400 q/s with one thread; 4,900 with two when idle, 330 when the other core is busy.
        # The setting is per calling thread.
        threads = faiss.omp_get_max_threads()
        if len(self) < SMALL_BELOW:
            faiss.omp_set_num_threads(1)
        try:
            # FAISS's range search keeps distances strictly below the radius.
            lims, distances, labels = self._index.range_search(queries, radius + 1)
        finally:
            faiss.omp_set_num_threads(threads)
        query = np.repeat(np.arange(len(queries)), np.diff(lims.astype(np.int64)))
        return _sorted_results(query, self._ids[labels], distances.astype(np.int64), len(queries))


def _no_codes() -> Codes:
    return np.empty((0, CODE_BYTES), dtype=np.uint8)


def sorted_by_id(ids: Ids, codes: Codes) -> tuple[Ids, Codes]:
    """``ids`` ascending and ``codes`` in the same order (no copy when already sorted)."""
    if len(ids) < 2 or bool(np.all(ids[1:] >= ids[:-1])):
        return ids, codes
    order = np.argsort(ids, kind="stable")  # fast on nearly sorted ids, as databases return
    return ids[order], np.take(codes, order, axis=0)


def merge_search(*results: Results) -> Results:
    """Combine per-query results of several indexes: each id once, at its smallest distance."""
    if not results:
        return []
    merged: Results = []
    for lists in zip(*results, strict=True):
        filled = [pairs for pairs in lists if pairs]
        if len(filled) <= 1:
            merged.append(list(filled[0]) if filled else [])
            continue
        best: dict[int, int] = {}
        for entry_id, distance in itertools.chain.from_iterable(lists):
            if distance < best.get(entry_id, CODE_BITS + 1):
                best[entry_id] = distance
        merged.append(sorted(best.items(), key=lambda pair: (pair[1], pair[0])))
    return merged


class IndexStore:
    """Index generations under ``root``; ``CURRENT`` names the one to serve.

    Publishing writes a new ``gen-*`` directory, then swaps ``CURRENT`` with ``os.replace``, so a
    reader sees the old generation or the new one, never a half-written one. A process that has
    mapped an old generation keeps using it even after its files are removed.
    """

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def pointer(self) -> Path:
        return self.root / "CURRENT"

    def current_generation(self) -> str | None:
        try:
            name = self.pointer.read_text().strip()
        except FileNotFoundError:
            return None
        if not _GENERATION.fullmatch(name):
            raise ValueError(f"{self.pointer} names {name!r}, which is not an index generation.")
        return name

    def generations(self) -> list[str]:
        """Published generation directories, oldest first."""
        if not self.root.is_dir():
            return []
        found = [p.name for p in self.root.iterdir() if _GENERATION.fullmatch(p.name)]
        return sorted(found, key=_generation_number)

    def current_manifest(self) -> dict[str, Any] | None:
        name = self.current_generation()
        return None if name is None else read_manifest(self.root / name)

    def load(self, generation: str) -> MihIndex:
        if not _GENERATION.fullmatch(generation):
            raise ValueError(f"{generation!r} is not an index generation.")
        return MihIndex.load(self.root / generation)

    def load_current(self) -> MihIndex | None:
        loaded = self.load_current_generation()
        return None if loaded is None else loaded[1]

    def load_current_generation(self) -> tuple[str, MihIndex] | None:
        # A publish between reading CURRENT and mapping the files can remove that generation
        # (only after a second publish); read the pointer again then.
        for attempt in range(3):
            name = self.current_generation()
            if name is None:
                return None
            try:
                return name, self.load(name)
            except FileNotFoundError:
                if attempt == 2:
                    raise
        return None

    def publish(self, index: MihIndex, meta: dict[str, Any] | None = None) -> str:
        """Write ``index`` as a new generation, make it current, drop all but the previous one."""
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            previous = self.current_generation()
        except ValueError:
            previous = None  # a damaged pointer: this publish replaces it
        existing = self.generations()
        number = _generation_number(existing[-1]) + 1 if existing else 1
        name = f"gen-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}-{number:06d}"
        # Not tempfile.mkdtemp: its mode 0700 would hide the index from a web server running
        # as another user than the rebuild.
        staging = self.root / f".staging-{uuid.uuid4().hex}"
        try:
            staging.mkdir()
            index.save(staging, meta)
            os.rename(staging, self.root / name)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _fsync_directory(self.root)
        _write_synced(self.root / ".CURRENT.tmp", f"{name}\n".encode())
        os.replace(self.root / ".CURRENT.tmp", self.pointer)
        _fsync_directory(self.root)
        keep = {name, previous}
        for old in self.generations():
            if old not in keep:
                shutil.rmtree(self.root / old, ignore_errors=True)
        for staging in self.root.glob(".staging-*"):
            if staging.stat().st_mtime < time.time() - STALE_STAGING_SECONDS:
                shutil.rmtree(staging, ignore_errors=True)  # left by a publish that crashed
        return name


def _generation_number(name: str) -> int:
    match = _GENERATION.fullmatch(name)
    return int(match.group(1)) if match else 0


def _write_synced(path: Path, data: bytes) -> None:
    with path.open("wb") as file:
        file.write(data)
        file.flush()
        os.fsync(file.fileno())


def _fsync_directory(directory: Path) -> None:
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def codes_from_hex(values: Sequence[str]) -> Codes:
    """(N, 32) uint8 codes from 64-character hex strings, or a ValueError naming the bad one."""
    if any(len(v) != 2 * CODE_BYTES for v in values):
        bad = next(v for v in values if len(v) != 2 * CODE_BYTES)
        raise ValueError(f"A PDQ hash has 64 hexadecimal characters; {bad!r} does not.")
    try:
        data = bytes.fromhex("".join(values))
    except ValueError:
        data = b""
    if len(data) != CODE_BYTES * len(values):
        bad = next(v for v in values if not is_code_hex(v))
        raise ValueError(f"A PDQ hash is hexadecimal (0-9, a-f); {bad!r} is not.")
    return np.frombuffer(data, dtype=np.uint8).reshape(len(values), CODE_BYTES).copy()


def is_code_hex(value: str) -> bool:
    try:
        return len(bytes.fromhex(value)) == CODE_BYTES
    except ValueError:
        return False
