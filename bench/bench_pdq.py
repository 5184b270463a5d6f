"""PDQ hashing speed, and the PDQ match index at 10 million hashes (issue 4).

    .venv/bin/python bench/bench_pdq.py                  # 10 million codes, about 40 s
    .venv/bin/python bench/bench_pdq.py --n 1000000      # quicker

    DATABASE_URL=sqlite:////tmp/bench_pdq.sqlite3 .venv/bin/endeavour migrate
    DATABASE_URL=sqlite:////tmp/bench_pdq.sqlite3 \\
        .venv/bin/python bench/bench_pdq.py --db-rows 200000

Parts:
(a) ``pdqhash.compute`` on generated 256x256 images (smoothed noise, gradients, shapes), from a
    pixel array and from PNG bytes through ``hashing.pdq_of_image``, in one and two processes;
(b) ``MihIndex`` over N random codes: build, memory (array bytes and the process's VmRSS),
    queries per second at radius 31 one at a time and batched, in one process and in two forked
    ones, and from the published files (mapped); recall against FAISS ``IndexBinaryFlat``;
(c) how long 100,000 new hashes take to become matchable through the delta, and a rebuild and
    publish from arrays. With ``--db-rows`` and DATABASE_URL set, also the rate at which the
    rebuild reads (id, value) rows from the database (rows inserted in a transaction that is
    rolled back). Queries: indexed codes with 0 to 31 random bits flipped, plus random codes.
"""

from __future__ import annotations

import argparse
import io
import itertools
import multiprocessing
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pdqhash
from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from endeavour.detection.hashing import pdq_of_image
from endeavour.detection.pdq_index import (
    DeltaIndex,
    IndexStore,
    MihIndex,
    merge_search,
)

RADIUS = 31
HASH_TARGET = 500.0
QUERY_TARGET = 1000.0
MEMORY_TARGET_MB = 2048.0
RECALL_TARGET = 0.99


def status_mb(field: str) -> float:
    """A memory figure from /proc/self/status (VmRSS, VmHWM, RssAnon, RssFile), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def natural_image(seed: int) -> np.ndarray:
    """A 256x256 RGB image with structure at several scales, as photos have."""
    rng = np.random.default_rng(seed)
    image = np.zeros((256, 256, 3))
    for size, weight in ((4, 0.5), (16, 0.3), (64, 0.15)):
        layer = Image.fromarray((rng.random((size, size, 3)) * 255).astype(np.uint8))
        image += weight * np.asarray(layer.resize((256, 256), Image.Resampling.BICUBIC))
    ramp = np.linspace(0, 60 * rng.uniform(-1, 1), 256)
    image += ramp[:, None, None] if seed % 2 else ramp[None, :, None]
    picture = Image.fromarray(np.clip(image, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(picture)
    for _ in range(4):
        x, y = rng.integers(0, 200, 2)
        w, h = rng.integers(20, 90, 2)
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        draw.ellipse((int(x), int(y), int(x + w), int(y + h)), fill=colour)
    return np.asarray(picture.filter(ImageFilter.GaussianBlur(1.5)))


def png_bytes(pixels: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format="PNG")
    return out.getvalue()


def hash_pixels(pixels: np.ndarray) -> int:
    _, quality = pdqhash.compute(pixels)
    return int(quality)


def hash_png(data: bytes) -> int:
    return pdq_of_image(data).quality


def rate(count: int, function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return count / (time.perf_counter() - started)


def _timed_part(
    barrier: Any, results: Any, function: Callable[[Any], object], warm: Any, part: Any
) -> None:
    function(warm)  # page tables and caches of a fresh fork
    barrier.wait()
    started = time.perf_counter()
    function(part)
    results.put(time.perf_counter() - started)


def two_process_rate(function: Callable[[Any], object], items: Sequence[Any], warm: Any) -> float:
    """Items per second with two forked processes, each doing half (data inherited, not sent)."""
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(2), context.SimpleQueue()
    half = len(items) // 2
    workers = [
        context.Process(target=_timed_part, args=(barrier, results, function, warm, part))
        for part in (items[:half], items[half:])
    ]
    for worker in workers:
        worker.start()
    seconds = max(results.get() for _ in workers)
    for worker in workers:
        worker.join()
    return len(items) / seconds


def bench_hashing(images: int) -> dict[str, float]:
    pixels = [natural_image(seed) for seed in range(images)]
    pngs = [png_bytes(p) for p in pixels]
    qualities = [hash_pixels(p) for p in pixels[:50]]
    print(
        f"  {images} images, PNG {np.mean([len(p) for p in pngs]) / 1024:.0f} KiB on average, "
        f"PDQ quality median {np.median(qualities):.0f}"
    )
    out = {
        "pixels, 1 process": rate(images, lambda: [hash_pixels(p) for p in pixels]),
        "PNG bytes, 1 process": rate(images, lambda: [hash_png(p) for p in pngs]),
    }
    out["pixels, 2 processes"] = two_process_rate(
        lambda part: [hash_pixels(p) for p in part], pixels, pixels[:5]
    )
    out["PNG bytes, 2 processes"] = two_process_rate(
        lambda part: [hash_png(p) for p in part], pngs, pngs[:5]
    )
    return out


def flipped(codes: np.ndarray, flips: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each code with its number of distinct random bits flipped."""
    bits = np.unpackbits(codes, axis=1)
    order = np.argsort(rng.random(bits.shape), axis=1)
    chosen = np.arange(256)[None, :] < flips[:, None]
    rows = np.repeat(np.arange(len(codes)), 256).reshape(len(codes), 256)
    bits[rows[chosen], order[chosen]] ^= 1
    return np.packbits(bits, axis=1)


def single_queries(index: MihIndex, queries: np.ndarray) -> None:
    for i in range(len(queries)):
        index.search(queries[i : i + 1], RADIUS)


def _mapped_worker(directory: str, queries: np.ndarray) -> tuple[float, float, float]:
    """In a new process: map the generation, run the queries; q/s, private and mapped MiB."""
    index = MihIndex.load(Path(directory))
    before = status_mb("RssAnon")
    speed = rate(len(queries), lambda: single_queries(index, queries))
    return speed, status_mb("RssAnon") - before, status_mb("RssFile")


def brute_force(codes: np.ndarray, queries: np.ndarray) -> tuple[list[set[int]], float]:
    import faiss

    flat = faiss.IndexBinaryFlat(256)
    flat.add(codes)
    started = time.perf_counter()
    lims, _, labels = flat.range_search(queries, RADIUS + 1)  # FAISS: distance < radius
    speed = len(queries) / (time.perf_counter() - started)
    return [set(labels[a:b].tolist()) for a, b in itertools.pairwise(lims)], speed


def bench_index(
    n: int, near: int, far: int, sample: int, seed: int
) -> tuple[dict[str, Any], MihIndex, np.ndarray]:
    """Build, memory, query speed and recall; returns the figures, the index and the queries."""
    rng = np.random.default_rng(seed)
    out: dict[str, Any] = {}
    rss_before = status_mb("VmRSS")
    codes = rng.integers(0, 256, (n, 32), dtype=np.uint8)
    ids = np.arange(1, n + 1, dtype=np.int64)
    started = time.perf_counter()
    index = MihIndex.build(ids, codes)
    out["build"] = time.perf_counter() - started
    out["array MiB"] = index.nbytes / 2**20
    out["RSS MiB"] = status_mb("VmRSS") - rss_before
    out["peak RSS MiB"] = status_mb("VmHWM")
    print(
        f"  built {n:,} codes in {out['build']:.1f} s ({index.layout.chunks} chunks); "
        f"arrays {out['array MiB']:,.0f} MiB, RSS +{out['RSS MiB']:,.0f} MiB"
    )

    sources = rng.integers(0, n, near)
    queries = np.vstack(
        [
            flipped(codes[sources], rng.integers(0, RADIUS + 1, near), rng),
            rng.integers(0, 256, (far, 32), dtype=np.uint8),
        ]
    )
    warm = flipped(codes[rng.integers(0, n, 500)], rng.integers(0, RADIUS + 1, 500), rng)
    single_queries(index, warm)
    out["single q/s"] = rate(len(queries), lambda: single_queries(index, queries))
    found: list[list[tuple[int, int]]] = []
    out["batched q/s"] = rate(len(queries), lambda: found.extend(index.search(queries, RADIUS)))
    out["2 processes q/s"] = two_process_rate(
        lambda part: single_queries(index, part), queries, warm
    )
    print(
        f"  {len(queries):,} queries: {out['single q/s']:,.0f}/s one at a time, "
        f"{out['batched q/s']:,.0f}/s batched, {out['2 processes q/s']:,.0f}/s in 2 processes"
    )

    picked = rng.choice(len(queries), min(sample, len(queries)), replace=False)
    truth, out["FAISS flat q/s"] = brute_force(codes, queries[picked])
    got = [{entry - 1 for entry, _ in found[i]} for i in picked]
    pairs = sum(len(t) for t in truth)
    out["recall"] = sum(len(t & g) for t, g in zip(truth, got, strict=True)) / max(pairs, 1)
    out["exact"] = all(t == g for t, g in zip(truth, got, strict=True))
    out["recall sample"] = f"{len(picked):,} queries, {pairs:,} pairs"
    print(
        f"  recall {out['recall']:.4f} over {out['recall sample']}; "
        f"FAISS brute force {out['FAISS flat q/s']:,.0f} q/s"
    )
    return out, index, queries


def bench_delta(index: MihIndex, queries: np.ndarray, seed: int) -> dict[str, float]:
    """How soon 100,000 new hashes match, and query speed with them in the delta."""
    rng = np.random.default_rng(seed + 1)
    new = 100_000
    delta = DeltaIndex()
    codes = rng.integers(0, 256, (new, 32), dtype=np.uint8)
    probe = flipped(codes[-1:], np.array([10]), rng)
    first = index.max_id + 1
    started = time.perf_counter()
    delta.add(np.arange(first, first + new, dtype=np.int64), codes)
    result = merge_search(index.search(probe, RADIUS), delta.search(probe, RADIUS))
    out = {"delta matchable s": time.perf_counter() - started}
    assert (first + new - 1, 10) in result[0], result

    def with_delta() -> None:
        for i in range(len(queries)):
            query = queries[i : i + 1]
            merge_search(index.search(query, RADIUS), delta.search(query, RADIUS))

    out["with delta q/s"] = rate(len(queries), with_delta)
    print(
        f"  100,000 new hashes matchable in {out['delta matchable s'] * 1000:.0f} ms; "
        f"main + delta {out['with delta q/s']:,.0f} q/s"
    )
    return out


def bench_publish(index: MihIndex, queries: np.ndarray) -> dict[str, float]:
    """Publish a generation; a new process maps it and queries it."""
    root = Path(tempfile.mkdtemp(prefix="bench-pdq-"))
    try:
        started = time.perf_counter()
        generation = IndexStore(root).publish(index)
        out = {"publish": time.perf_counter() - started}
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            speed, private, mapped = pool.apply(_mapped_worker, (str(root / generation), queries))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    out.update({"mapped q/s": speed, "mapped private MiB": private, "mapped file MiB": mapped})
    print(
        f"  published in {out['publish']:.1f} s; a new process mapping it: {speed:,.0f} q/s, "
        f"private memory +{private:,.0f} MiB, file pages {mapped:,.0f} MiB"
    )
    return out


def bench_db_read(rows: int, seed: int) -> tuple[str, float] | None:
    if not os.environ.get("DATABASE_URL"):
        print("  skipped: set DATABASE_URL to a throwaway, migrated database")
        return None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("DEBUG", "false")
    import django

    django.setup()
    from django.db import connection, transaction

    from endeavour.detection import pdq_search
    from endeavour.detection.models import BankEntry, HashBank

    class Rollback(Exception):
        pass

    rng = np.random.default_rng(seed)
    speed = 0.0
    try:
        with transaction.atomic():
            bank = HashBank.objects.create(name=f"bench-pdq-{seed}")
            for start in range(0, rows, 20_000):
                values = [bytes(c).hex() for c in rng.integers(0, 256, (20_000, 32), np.uint8)]
                BankEntry.objects.bulk_create(
                    BankEntry(bank=bank, signal_type="pdq", value=v, value_key=v)
                    for v in values[: rows - start]
                )
            started = time.perf_counter()
            ids, _, _ = pdq_search._read_pdq(bank=bank)
            speed = len(ids) / (time.perf_counter() - started)
            raise Rollback
    except Rollback:
        pass
    print(f"  {connection.vendor}: read and decoded {rows:,} rows at {speed:,.0f} rows/s")
    return connection.vendor, speed


def table(rows: Sequence[tuple[str, str, str]]) -> None:
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000_000, help="codes in the index")
    parser.add_argument("--queries", type=int, default=2000, help="near-duplicate queries")
    parser.add_argument("--random-queries", type=int, default=500)
    parser.add_argument("--recall-sample", type=int, default=1000)
    parser.add_argument("--images", type=int, default=600)
    parser.add_argument("--db-rows", type=int, default=0, help="needs DATABASE_URL")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, NumPy {np.__version__}, load average {os.getloadavg()[0]:.2f}")

    print("(a) PDQ hashing")
    hashing = bench_hashing(args.images)
    print("(b, c) index")
    index, built, queries = bench_index(
        args.n, args.queries, args.random_queries, args.recall_sample, args.seed
    )
    index.update(bench_delta(built, queries, args.seed))
    index.update(bench_publish(built, queries))
    index["rebuild"] = index["build"] + index["publish"]
    db = None
    if args.db_rows:
        print("(c) database read")
        db = bench_db_read(args.db_rows, args.seed)

    def ok(good: bool) -> str:
        return "meets" if good else "MISSES"

    rows = [("Measure", "Result", "Target")]
    for label, speed in hashing.items():
        rows.append((f"PDQ hashes/s, {label}", f"{speed:,.0f}", f"{HASH_TARGET:,.0f}"))
    best_hashing = max(hashing.values())
    rows += [
        (f"Index build, {args.n:,} codes", f"{index['build']:.1f} s", ""),
        ("Index arrays", f"{index['array MiB']:,.0f} MiB", f"{MEMORY_TARGET_MB:,.0f} MiB"),
        ("Process RSS growth (codes + index)", f"{index['RSS MiB']:,.0f} MiB", ""),
        ("Peak RSS during the build", f"{index['peak RSS MiB']:,.0f} MiB", ""),
        ("Queries/s, one at a time", f"{index['single q/s']:,.0f}", f"{QUERY_TARGET:,.0f}"),
        ("Queries/s, batched (16)", f"{index['batched q/s']:,.0f}", ""),
        ("Queries/s, 2 processes, one at a time", f"{index['2 processes q/s']:,.0f}", ""),
        ("Queries/s, new process mapping the files", f"{index['mapped q/s']:,.0f}", ""),
        ("  its private memory growth", f"{index['mapped private MiB']:,.0f} MiB", ""),
        ("  its mapped file pages (shared)", f"{index['mapped file MiB']:,.0f} MiB", ""),
        (
            f"Recall vs FAISS brute force ({index['recall sample']})",
            f"{index['recall']:.4f}" + (" (identical)" if index["exact"] else ""),
            f"{RECALL_TARGET}",
        ),
        ("FAISS IndexBinaryFlat brute force q/s", f"{index['FAISS flat q/s']:,.1f}", ""),
        ("100,000 new hashes matchable (delta)", f"{index['delta matchable s'] * 1000:.0f} ms", ""),
        ("Queries/s with a 100,000-hash delta", f"{index['with delta q/s']:,.0f}", ""),
        ("Publish (write, fsync, swap)", f"{index['publish']:.1f} s", ""),
        ("Rebuild + publish from arrays", f"{index['rebuild']:.1f} s", ""),
    ]
    if db is not None:
        rows.append((f"Rebuild's database read ({db[0]})", f"{db[1]:,.0f} rows/s", ""))
    print(f"\nload average at the end {os.getloadavg()[0]:.2f} (other work skews the figures)")
    table(rows)
    results = {
        "hashing": best_hashing >= HASH_TARGET,
        "queries": index["single q/s"] >= QUERY_TARGET,
        "memory": index["array MiB"] <= MEMORY_TARGET_MB,
        "recall": index["recall"] >= RECALL_TARGET,
    }
    print("; ".join(f"{name} {ok(good)}" for name, good in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
