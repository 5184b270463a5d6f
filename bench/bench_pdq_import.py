"""From a hash-list file to matchable: time for 100,000 new PDQ hashes, end to end.

    DATABASE_URL=sqlite:////tmp/bench-pdq-import.sqlite3 .venv/bin/endeavour migrate
    DATABASE_URL=sqlite:////tmp/bench-pdq-import.sqlite3 .venv/bin/python bench/bench_pdq_import.py

    createdb -h 127.0.0.1 -U postgres bench_pdq_import
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_pdq_import
    .venv/bin/endeavour migrate && .venv/bin/python bench/bench_pdq_import.py

It writes a CSV of ROWS random PDQ hashes, imports it into a new bank with ``hash_list_import``
(parse, check, bulk insert, audit), then looks up 1,000 of them, each with 5 bits flipped,
through ``matching.lookup``: the first lookup also reads the new rows into the in-memory delta.
Then it rebuilds the index (``pdq_index_rebuild``) so that the hashes move out of the delta.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

import numpy as np  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from endeavour.detection import matching, pdq_search  # noqa: E402
from endeavour.detection.exchange.imports import hash_list_import  # noqa: E402
from endeavour.detection.matching import Query  # noqa: E402
from endeavour.detection.models import HashBank, RunStatus, SignalType  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    settings.DETECTION_INDEX_DIR = Path(tempfile.mkdtemp(prefix="bench-pdq-index-"))
    rng = np.random.default_rng(int(time.time()))
    codes = rng.integers(0, 256, size=(args.rows, 32), dtype=np.uint8)
    hexes = [row.tobytes().hex() for row in codes]
    data = ("signal_type,value\n" + "".join(f"pdq,{h}\n" for h in hexes)).encode()
    bank = HashBank.objects.create(name=f"bench import {time.time():.0f}")

    started = time.perf_counter()
    run = hash_list_import(
        bank=bank, data=data, file_format="csv", filename="b.csv", started_by=None
    )
    imported = time.perf_counter() - started
    assert run.status == RunStatus.SUCCEEDED and run.rows_added == args.rows, run.message

    bits = np.unpackbits(codes[:1000], axis=1)
    for row in bits:
        row[rng.choice(256, size=5, replace=False)] ^= 1
    queries = [Query(SignalType.PDQ, c.tobytes().hex()) for c in np.packbits(bits, axis=1)]
    started = time.perf_counter()
    first = matching.lookup(queries[:1])
    first_lookup = time.perf_counter() - started
    found = first.matches + matching.lookup(queries[1:]).matches
    assert len({m.query for m in found}) == len(queries), len(found)

    rebuilt = pdq_search.pdq_index_rebuild()
    started = time.perf_counter()
    after = matching.lookup(queries)
    after_rebuild = time.perf_counter() - started
    assert len({m.query for m in after.matches}) == len(queries)

    print(f"database: {connection.vendor}; {args.rows:,} new PDQ hashes from a CSV file")
    print(f"import (parse, check, insert, audit): {imported:.2f} s")
    print(f"first lookup (reads them into the delta): {first_lookup * 1000:.0f} ms")
    print(f"matchable {imported + first_lookup:.2f} s after the import started; 1,000/1,000 found")
    print(f"rebuild and swap: {rebuilt.seconds:.2f} s for {rebuilt.count:,} hashes")
    print(f"1,000 lookups after the rebuild: {after_rebuild * 1000:.0f} ms")


if __name__ == "__main__":
    main()
