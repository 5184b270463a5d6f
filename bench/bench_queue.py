"""Review-queue and case-page latency with 100,000 cases.

Run against a throwaway PostgreSQL database (it is filled with generated rows):

    createdb -h 127.0.0.1 -U postgres bench_queue
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_queue .venv/bin/endeavour migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_queue \
        .venv/bin/python bench/bench_queue.py

Requests go through Django's full stack in-process (middleware, access checks, templates),
signed in as an analyst. Prints p50/p95/max per page type.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from endeavour.core.models import Role, RoleAssignment, User  # noqa: E402
from endeavour.online.models import Case, Item, Platform, PlatformDomain, Signal  # noqa: E402
from endeavour.online.selectors.queue import Cursor, queue_page  # noqa: E402

CASES = int(os.environ.get("BENCH_CASES", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
TIERS = ["untriaged", "tier1", "tier2", "tier3", "tier4", "out_of_scope"]
TIER_PART = {
    "untriaged": 150,
    "tier1": 400,
    "tier2": 300,
    "tier3": 200,
    "tier4": 100,
    "out_of_scope": 0,
}
STATUSES = ["new"] * 6 + [
    "awaiting_second_review",
    "closed_no_action",
    "closed_removed",
    "referred",
]


def fill() -> None:
    have = Case.objects.count()
    if have >= CASES:
        return
    rng = random.Random(1)
    platform, _ = Platform.objects.get_or_create(name="Bench platform")
    PlatformDomain.objects.get_or_create(domain="bench.example", defaults={"platform": platform})
    batch = 5000
    for start in range(have, CASES, batch):
        with transaction.atomic():
            items = []
            for n in range(start, min(CASES, start + batch)):
                url = f"https://bench.example/p/{n}"
                items.append(
                    Item(
                        reference=f"ITM-2026-B{n:07d}",
                        url=url,
                        normalised_url=url,
                        url_key=hashlib.sha256(url.encode()).hexdigest(),
                        platform=platform,
                        first_source="public_report",
                    )
                )
            items = Item.objects.bulk_create(items)
            cases = []
            for item in items:
                tier = rng.choice(TIERS)
                confidence = rng.randint(30, 95)
                cases.append(
                    Case(
                        reference=item.reference.replace("ITM", "CASE"),
                        item=item,
                        status=rng.choice(STATUSES),
                        tier=tier,
                        priority_tier_part=TIER_PART[tier],
                        priority_confidence_part=confidence,
                        priority=TIER_PART[tier] + confidence,
                        confidence=confidence / 100,
                    )
                )
            cases = Case.objects.bulk_create(cases)
            Signal.objects.bulk_create(
                [
                    Signal(
                        case=c,
                        kind="public_report",
                        confidence=c.confidence,
                        summary="Public report",
                    )
                    for c in cases
                ]
            )
        print(f"  {min(CASES, start + batch):,} cases", flush=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def timed(client: Client, urls: list[str]) -> list[float]:
    out = []
    for url in urls:
        began = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return out


def report(name: str, samples: list[float]) -> str:
    samples = sorted(samples)
    p95 = samples[max(0, round(0.95 * len(samples)) - 1)]
    return (
        f"| {name} | {len(samples)} | {statistics.median(samples):.1f} | {p95:.1f} | "
        f"{samples[-1]:.1f} |"
    )


def main() -> None:
    print(f"Database: {connection.vendor}; filling to {CASES:,} cases")
    fill()
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    user, _ = User.objects.get_or_create(username="bench-analyst")
    RoleAssignment.objects.get_or_create(user=user, role=Role.ANALYST)
    client = Client()
    client.force_login(user)
    rng = random.Random(2)
    open_ids = list(Case.objects.filter(status="new").values_list("id", flat=True)[:5000])
    client.get("/staff/online/queue/")  # warm up
    first = timed(client, ["/staff/online/queue/"] * REQUESTS)
    deep_cursors = []
    cursor = None
    for _ in range(40):  # walk 40 pages deep, then time pages along the way
        page = queue_page(user=user, filters={}, after=Cursor.decode(cursor))
        cursor = page.next_cursor
        deep_cursors.append(cursor)
    deep = timed(
        client, [f"/staff/online/queue/?after={rng.choice(deep_cursors)}" for _ in range(REQUESTS)]
    )
    platform_id = Platform.objects.get(name="Bench platform").pk
    filtered = timed(
        client,
        [
            f"/staff/online/queue/?tier={rng.choice(TIERS[:5])}&platform={platform_id}"
            for _ in range(REQUESTS)
        ],
    )
    detail = timed(
        client, [f"/staff/online/cases/{rng.choice(open_ids)}/" for _ in range(REQUESTS)]
    )
    print("| Page | Requests | p50 ms | p95 ms | max ms |")
    print("|---|---|---|---|---|")
    for name, samples in [
        ("Queue, first page", first),
        ("Queue, up to 40 pages deep (keyset)", deep),
        ("Queue, filtered by tier and platform", filtered),
        ("Case page", detail),
    ]:
        print(report(name, samples))


if __name__ == "__main__":
    main()
