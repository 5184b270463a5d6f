"""Exact-hash lookups per second through ``matching.lookup``, against DATABASE_URL's database.

    DATABASE_URL=sqlite:////tmp/bench-exact.sqlite3 .venv/bin/endeavour migrate
    DATABASE_URL=sqlite:////tmp/bench-exact.sqlite3 .venv/bin/python bench/bench_exact.py

    createdb -h 127.0.0.1 -U postgres bench_exact
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_exact
    .venv/bin/endeavour migrate && .venv/bin/python bench/bench_exact.py

It fills a bank called "bench exact" with ENTRIES SHA-256 and MD5 values (once; later runs reuse
them), then looks up QUERIES values (a tenth of them present) in batches, as the casework, the
API and imports do, and one at a time, printing lookups per second and checking every hit.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from endeavour.detection import matching  # noqa: E402
from endeavour.detection.exchange.imports import entry_statistics_refresh  # noqa: E402
from endeavour.detection.matching import Query  # noqa: E402
from endeavour.detection.models import BankEntry, HashBank, SignalType  # noqa: E402

TARGET = 50_000.0
BANK = "bench exact"


def value(n: int, signal_type: str) -> str:
    digest = hashlib.sha256(f"bench-{n}".encode()).hexdigest()
    return digest if signal_type == SignalType.SHA256 else digest[:32]


def fill(entries: int) -> HashBank:
    bank, _ = HashBank.objects.get_or_create(name=BANK)
    have = bank.entries.count()
    chunk = 20_000
    for start in range(have // 2, entries // 2, chunk):
        rows = []
        for n in range(start, min(start + chunk, entries // 2)):
            for signal_type in (SignalType.SHA256, SignalType.MD5):
                v = value(n, signal_type)
                rows.append(BankEntry(bank=bank, signal_type=signal_type, value=v, value_key=v))
        with transaction.atomic():
            BankEntry.objects.bulk_create(rows)
        print(f"  filled {min(start + chunk, entries // 2) * 2:,} entries", flush=True)
    entry_statistics_refresh(entries)  # as hash-list imports and fetches do
    return bank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=1_000)
    args = parser.parse_args()

    fill(args.entries)
    rng = random.Random(1)
    present = args.entries // 2
    queries, expected = [], 0
    picks = iter(rng.sample(range(present), args.queries // 10 + 1))
    for i in range(args.queries):
        signal_type = SignalType.SHA256 if i % 2 else SignalType.MD5
        if i % 10 == 0:
            queries.append(Query(signal_type, value(next(picks), signal_type)))
            expected += 1
        else:
            queries.append(Query(signal_type, value(present + 10**9 + i, signal_type)))

    matching.lookup(queries[:10])  # warm up the connection
    started = time.perf_counter()
    hits = 0
    for start in range(0, len(queries), args.batch):
        hits += len(matching.lookup(queries[start : start + args.batch]).matches)
    batched = len(queries) / (time.perf_counter() - started)
    assert hits == expected, (hits, expected)

    single_n = min(5_000, len(queries))
    started = time.perf_counter()
    for query in queries[:single_n]:
        matching.lookup([query])
    single = single_n / (time.perf_counter() - started)

    print(f"database: {connection.vendor}, bank entries: {args.entries:,}")
    print(f"batched ({args.batch} per lookup): {batched:,.0f} lookups/s, {hits:,} hits checked")
    print(f"one at a time: {single:,.0f} lookups/s")
    print("PASS" if batched >= TARGET else "BELOW TARGET", f"(target {TARGET:,.0f}/s batched)")


if __name__ == "__main__":
    main()
