"""Run the scheduled jobs in this process: for the embedded install, which has no Celery beat."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from endeavour.core.tasks import purge_expired_records
from endeavour.detection.tasks import fetch_exchange_sources, rebuild_pdq_index_if_due
from endeavour.grants.tasks import send_overdue_return_reminders
from endeavour.online.tasks import (
    apply_due_decisions,
    capture_pending_items,
    run_due_outcome_checks,
)
from endeavour.recommendations.tasks import send_overdue_reminders
from endeavour.safeguarding.tasks import retry_due_deliveries

JOBS: list[tuple[int, Any]] = [
    (15, apply_due_decisions),
    (15, capture_pending_items),
    (300, run_due_outcome_checks),
    (300, retry_due_deliveries),
    (600, rebuild_pdq_index_if_due),
    (3600, fetch_exchange_sources),
    (3600, send_overdue_reminders),
    (86400, send_overdue_return_reminders),
    (86400, purge_expired_records),
]


class Command(BaseCommand):
    help = "Run scheduled work (undo windows, outcome checks, retention) without Celery beat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        last_run = {job.name: 0.0 for _, job in JOBS}
        while True:
            now = time.monotonic()
            for interval, job in JOBS:
                if options["once"] or now - last_run[job.name] >= interval:
                    try:
                        job()
                    except Exception as error:  # keep the scheduler alive; the error is logged
                        self.stderr.write(f"{job.name} failed: {error!r}")
                    last_run[job.name] = now
            if options["once"]:
                return
            time.sleep(5)
