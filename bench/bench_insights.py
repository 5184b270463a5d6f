"""The programme overview for a financial year, with 100,000 online cases, 10,000 hate incident
reports, 500 grants and 300 recommendations, in PostgreSQL.

The script makes its own database (``endeavour_bench_insights`` by default), migrates it, fills
it with bulk_create, times the overview page and drops the database again:

    .venv/bin/python bench/bench_insights.py

Environment: BENCH_PG (default postgres://postgres@127.0.0.1:5432), BENCH_DB, BENCH_RUNS
(default 7), BENCH_KEEP=1 to keep the database. Requests go through Django's whole stack
in-process (middleware, access checks, templates: the same server-side render a browser gets),
signed in as a programme officer; each run is a fresh request (nothing cached between runs).
Prints every run and the median.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
DB = os.environ.get("BENCH_DB", "endeavour_bench_insights")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
CASES, REFERRALS, INCIDENTS, GRANTS, RECOMMENDATIONS = 100_000, 60_000, 10_000, 500, 300
CONCERNS = 3_000
YEAR = 2025  # the financial year timed: April 2025 to March 2026; data spans 2023-2026
LONDON = ZoneInfo("Europe/London")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ["DATABASE_URL"] = f"{PG}/{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
os.environ.setdefault("DEBUG", "false")


def admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(statement)


def moment(rng: random.Random) -> datetime:
    """A time between April 2023 and March 2026."""
    start = datetime(2023, 4, 1, tzinfo=LONDON)
    return start + timedelta(seconds=rng.randrange(3 * 365 * 24 * 3600))


def fill() -> None:
    from django.db import connection, transaction

    from endeavour.core.models import Borough, Organisation, Role, RoleAssignment, User
    from endeavour.grants.models import (
        Application,
        Call,
        Grant,
        Instrument,
        MonitoringReturn,
        OutcomeMeasure,
        ReturnBorough,
    )
    from endeavour.incidents.models import IncidentReport, ReportMotivation
    from endeavour.online.models import (
        Case,
        Decision,
        Dispute,
        Item,
        Platform,
        PolicyClause,
        PolicyVersion,
        Referral,
    )
    from endeavour.recommendations.models import (
        Recommendation,
        Source,
        StatusChange,
        StatusDefinition,
    )
    from endeavour.safeguarding.models import Concern, HelpFinderUse

    rng = random.Random(10)
    boroughs = list(Borough.objects.filter(region="London"))
    officer = User.objects.create(username="bench-officer")
    RoleAssignment.objects.create(user=officer, role=Role.PROGRAMME_OFFICER)
    platform = Platform.objects.create(name="Bench platform")
    policy = PolicyVersion.objects.get(is_current=True)
    clause = PolicyClause.objects.filter(policy=policy).first()

    print(f"  {CASES:,} online cases, {REFERRALS:,} referrals", flush=True)
    batch = 5000
    for start in range(0, CASES, batch):
        with transaction.atomic():
            items = []
            for n in range(start, start + batch):
                url = f"https://bench.example/p/{n}"
                items.append(
                    Item(
                        reference=f"ITM-B{n:07d}",
                        url=url,
                        normalised_url=url,
                        url_key=hashlib.sha256(url.encode()).hexdigest(),
                        platform=platform,
                        first_source="public_report",
                    )
                )
            items = Item.objects.bulk_create(items)
            cases = Case.objects.bulk_create(
                Case(
                    reference=item.reference.replace("ITM", "CASE"),
                    item=item,
                    tier=rng.choice(["tier2", "tier3", "tier4"]),
                    ideology=rng.choice(["islamist", "extreme_right_wing", "other_or_mixed"]),
                )
                for item in items
            )
            referred = cases[: len(cases) * REFERRALS // CASES]
            decisions = []
            sent_times = []
            for case in referred:
                sent = moment(rng)
                sent_times.append(sent)
                decisions.append(
                    Decision(
                        case=case,
                        kind="refer",
                        decided_by=officer,
                        reason="Bench.",
                        tier=case.tier,
                        ideology=case.ideology,
                        policy_version=policy,
                        state="applied",
                        decided_at=sent,
                        effective_at=sent,
                    )
                )
            decisions = Decision.objects.bulk_create(decisions)
            referrals = []
            for case, decision, sent in zip(referred, decisions, sent_times, strict=True):
                removed = rng.random() < 0.75
                referrals.append(
                    Referral(
                        reference=f"REF-B{case.pk:07d}",
                        case=case,
                        decision=decision,
                        platform=platform,
                        legal_basis="tact2006_s2",
                        policy_clause=clause,
                        notice_text="Notice.",
                        notice_json={},
                        status="removed" if removed else rng.choice(["sent", "still_up"]),
                        sent_at=sent,
                        removed_at=sent + timedelta(hours=rng.expovariate(1 / 30))
                        if removed
                        else None,
                        next_check_at=sent + timedelta(days=7),
                    )
                )
            referrals = Referral.objects.bulk_create(referrals)
            Dispute.objects.bulk_create(
                Dispute(
                    reference=f"DSP-B{r.pk:07d}",
                    referral=r,
                    grounds="Bench.",
                    status=rng.choice(["upheld", "overturned", "open"]),
                )
                for r in referrals[::50]
            )

    print(f"  {INCIDENTS:,} hate incident reports, {CONCERNS:,} concerns", flush=True)
    reports = IncidentReport.objects.bulk_create(
        IncidentReport(
            reference=f"HIR-B{n:06d}",
            incident_type="verbal_abuse",
            occurred_on=moment(rng).date(),
            setting="offline",
            borough=rng.choice(boroughs),
            description="Bench.",
            verification=rng.choice(["reported", "verified", "not_verified"]),
        )
        for n in range(INCIDENTS)
    )
    ReportMotivation.objects.bulk_create(
        ReportMotivation(report=r, code=rng.choice(["anti_muslim", "antisemitic", "homophobic"]))
        for r in reports
    )
    concerns = []
    for _ in range(CONCERNS):
        sent = moment(rng)
        concerns.append(
            Concern(
                borough=rng.choice(boroughs),
                worry="drawn_in",
                channel="secure_download",
                team_name="Bench team",
                consent_given_at=sent,
                submitted_at=sent,
                delivery_status="available",
                acknowledged_at=sent + timedelta(days=1) if rng.random() < 0.8 else None,
            )
        )
    Concern.objects.bulk_create(concerns)
    HelpFinderUse.objects.bulk_create(
        HelpFinderUse(month=date(y, m, 1), borough=b, worry="drawn_in", count=rng.randint(0, 40))
        for y in (2023, 2024, 2025, 2026)
        for m in range(1, 13)
        for b in boroughs
    )

    print(f"  {GRANTS} grants with returns", flush=True)
    instruments = [Instrument.objects.create(name=f"Bench instrument {k}") for k in range(4)]
    calls = [
        Call.objects.create(
            title=f"Bench call {k}",
            summary="Bench.",
            budget=10_000_000,
            max_grant=50_000,
            opens_at=datetime(2023 + k % 3, 1, 1, tzinfo=LONDON),
            closes_at=datetime(2023 + k % 3, 2, 1, tzinfo=LONDON),
            decision_date=date(2023 + k % 3, 3, 1),
            is_published=True,
            created_by=officer,
        )
        for k in range(5)
    ]
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=f"Bench organisation {n}", type="delivery_partner", borough=rng.choice(boroughs)
        )
        for n in range(100)
    )
    applications = Application.objects.bulk_create(
        Application(
            call=calls[n // 100],
            organisation=organisations[n % 100],
            reference=f"APP-B{n:05d}",
            status="awarded",
            theme="strengthen",
            amount_requested=30_000,
            created_by=officer,
        )
        for n in range(GRANTS)
    )
    for application in applications:
        application.boroughs.set(rng.sample(boroughs, rng.randint(1, 3)))
    grants = []
    for application in applications:
        start = moment(rng).date()
        grants.append(
            Grant(
                application=application,
                reference=f"GRA-B{application.pk:05d}",
                amount=rng.randint(10, 50) * 1000,
                start_date=start,
                end_date=start + timedelta(days=365),
            )
        )
    grants = Grant.objects.bulk_create(grants)
    returns = MonitoringReturn.objects.bulk_create(
        MonitoringReturn(
            grant=g,
            period_start=g.start_date + timedelta(days=90 * q),
            period_end=g.start_date + timedelta(days=90 * q + 89),
            due_date=g.start_date + timedelta(days=90 * q + 110),
            status="submitted" if q < 3 else "due",
            participants=rng.randint(10, 120) if q < 3 else None,
        )
        for g in grants
        for q in range(4)
    )
    submitted = [r for r in returns if r.status == "submitted"]
    ReturnBorough.objects.bulk_create(
        ReturnBorough(
            monitoring_return=r, borough=rng.choice(boroughs), participants=r.participants or 0
        )
        for r in submitted
    )
    OutcomeMeasure.objects.bulk_create(
        OutcomeMeasure(
            monitoring_return=r,
            instrument=rng.choice(instruments),
            respondents=rng.randint(5, 60),
            mean_before=Decimal("2.50"),
            mean_after=Decimal("3.10"),
        )
        for r in submitted
    )

    print(f"  {RECOMMENDATIONS} recommendations with histories", flush=True)
    source = Source.objects.create(
        kind="review",
        title="Bench review",
        date=date(2023, 1, 1),
        author="Bench",
        is_published=True,
        created_by=officer,
    )
    items = Recommendation.objects.bulk_create(
        Recommendation(source=source, reference=str(n), text="Bench.", position=n)
        for n in range(RECOMMENDATIONS)
    )
    statuses = {s.code: s for s in StatusDefinition.objects.filter(vocabulary__version=1)}
    changes = []
    for item in items:
        changes.append(
            StatusChange(
                recommendation=item,
                status=statuses["not_started"],
                kind="added",
                effective_date=date(2023, 1, 1),
                note="Added.",
            )
        )
        for code in ("in_progress", "implemented")[: rng.randint(0, 2)]:
            changes.append(
                StatusChange(
                    recommendation=item,
                    status=statuses[code],
                    effective_date=moment(rng).date(),
                    note="Bench.",
                )
            )
    StatusChange.objects.bulk_create(changes)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    admin_sql(f'DROP DATABASE IF EXISTS "{DB}"')
    admin_sql(f'CREATE DATABASE "{DB}"')
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from endeavour.core.models import User

        print(f"Database: {connection.vendor} {DB}; migrating", flush=True)
        call_command("migrate", verbosity=0)
        began = time.perf_counter()
        fill()
        print(f"Filled in {time.perf_counter() - began:.0f} s", flush=True)
        settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
        client = Client()
        client.force_login(User.objects.get(username="bench-officer"))
        url = f"/staff/insights/?kind=financial_year&year={YEAR}"
        samples = []
        for run in range(RUNS + 1):
            began = time.perf_counter()
            response = client.get(url)
            elapsed = (time.perf_counter() - began) * 1000
            assert response.status_code == 200, response.status_code
            if run:  # the first request warms up the process (imports, templates)
                samples.append(elapsed)
            print(f"  run {run}: {elapsed:.0f} ms{' (warm-up)' if not run else ''}", flush=True)
        median, low, high = statistics.median(samples), min(samples), max(samples)
        print(
            f"Overview, financial year {YEAR}-{YEAR + 1 - 2000}: median {median:.0f} ms over "
            f"{RUNS} runs (min {low:.0f}, max {high:.0f}); target under 1,000 ms"
        )
        connection.close()
    finally:
        if not os.environ.get("BENCH_KEEP"):
            admin_sql(f'DROP DATABASE IF EXISTS "{DB}"')


if __name__ == "__main__":
    main()
