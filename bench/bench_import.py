"""How fast the bulk import writes items, against the database DATABASE_URL names.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/endeavour migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python bench/bench_import.py

    createdb -h 127.0.0.1 -U postgres bench_import
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import
    .venv/bin/endeavour migrate && .venv/bin/python bench/bench_import.py

It checks a generated CSV of ROWS new URLs with ``parse_import`` and imports it with the bulk path
(``items_import``) and, with ``--mode both`` or ``rows``, with ``item_submit`` row by row, printing
items per second. Each run is rolled back, so the database is left as it was; the capture tasks
queued on commit therefore never run (capture is not part of the import).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")  # as in production: no SQL kept for debugging

import django

django.setup()

from django.db import connection, transaction  # noqa: E402

from endeavour.online.models import PlatformDomain  # noqa: E402
from endeavour.online.services.imports import (  # noqa: E402
    ImportPlan,
    items_import,
    items_import_one_by_one,
    parse_import,
)

TARGET = 500.0


class _Rollback(Exception):
    pass


def generated_csv(rows: int, seed: int) -> bytes:
    rng = random.Random(seed)
    token = f"{seed:x}{rng.getrandbits(32):08x}"
    domains = list(PlatformDomain.objects.values_list("domain", flat=True)) or ["example.com"]
    hosts = [*domains, "unknown-site.example", "bit.ly", "forum.example.org"]
    lines = ["url,text,note"]
    for n in range(rows):
        host = rng.choice(hosts)
        query = "?utm_source=x&b=2&a=1" if n % 7 == 0 else ""
        text = f"captured text {n}" if n % 3 == 0 else ""
        note = f"bench note {n}" if n % 5 == 0 else ""
        lines.append(f"https://www.{host}/bench/{token}/{n}{query},{text},{note}")
    return ("\n".join(lines) + "\n").encode()


def timed_import(plan: ImportPlan, mode: str) -> float:
    started = time.perf_counter()
    try:
        with transaction.atomic():
            if mode == "bulk":
                summary = items_import(plan.rows, import_batch="bench")
            else:
                summary = items_import_one_by_one(plan.rows, import_batch="bench")
            elapsed = time.perf_counter() - started
            assert summary.new == len(plan.rows), summary
            raise _Rollback
    except _Rollback:
        pass
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--mode", choices=["bulk", "rows", "both"], default="both")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()

    data = generated_csv(args.rows, args.seed)
    started = time.perf_counter()
    plan = parse_import(data, "bench.csv")
    parse_seconds = time.perf_counter() - started
    assert plan.is_valid, plan.errors[:5]
    print(
        f"database: {connection.vendor} ({connection.settings_dict['NAME']}), "
        f"{len(plan.rows):,} rows, {len(data) / 1e6:.1f} MB"
    )
    print(f"parse_import: {parse_seconds:.2f} s ({len(plan.rows) / parse_seconds:,.0f} rows/s)")
    worst = None
    for mode in ["bulk", "rows"] if args.mode == "both" else [args.mode]:
        seconds = timed_import(plan, mode)
        rate = len(plan.rows) / seconds
        label = "bulk (items_import)" if mode == "bulk" else "row by row (item_submit)"
        print(f"{label}: {seconds:.2f} s, {rate:,.0f} items/second")
        if mode == "bulk":
            worst = rate
    if worst is not None:
        print(f"bulk path {'meets' if worst >= TARGET else 'MISSES'} {TARGET:.0f} items/second")
        return 0 if worst >= TARGET else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
