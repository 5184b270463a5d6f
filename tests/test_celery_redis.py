"""Background work through a real Redis broker and a real Celery worker."""

from __future__ import annotations

import os
from typing import Any

import pytest
from celery.contrib.testing.worker import start_worker
from django.urls import reverse

from config.celery import app
from endeavour.core.models import Role
from endeavour.jobs.models import JobRun, JobStatus

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def redis_worker(settings: Any) -> Any:
    url = os.environ.get("REDIS_URL")
    if not url:
        pytest.fail(
            "REDIS_URL must point at a Redis server for the redis tests (scripts/test sets it)"
        )
    app.conf.update(
        broker_url=url, task_always_eager=False, broker_connection_retry_on_startup=True
    )
    settings.CELERY_TASK_ALWAYS_EAGER = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        app.conf.update(task_always_eager=True, broker_url="memory://")


def test_an_export_queued_on_commit_runs_on_a_redis_worker(
    redis_worker: Any, client_as: Any
) -> None:
    import time

    client = client_as(Role.AUDITOR)
    response = client.post(reverse("audit:export"), {})
    job = JobRun.objects.get()
    assert response.status_code == 302
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.is_finished:
            break
        time.sleep(0.2)
    assert job.status == JobStatus.SUCCEEDED, job.message
    progress = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert b"Download audit-log.csv" in progress.content


def test_hash_list_fetch_and_index_rebuild_run_on_a_redis_worker(
    redis_worker: Any, tmp_path: Any, settings: Any
) -> None:
    from endeavour.detection import pdq_search
    from endeavour.detection.models import ExchangeKind, ExchangeRun, ExchangeSource, HashBank
    from endeavour.detection.tasks import fetch_exchange_sources, rebuild_pdq_index_if_due

    settings.DETECTION_DELTA_REBUILD_THRESHOLD = 1
    listing = tmp_path / "list.txt"
    listing.write_text("".join(f"pdq {n:064x}\n" for n in range(1, 4)))
    bank = HashBank.objects.create(name="Partner list")
    ExchangeSource.objects.create(
        name="Partner file", kind=ExchangeKind.LOCAL_FILE, bank=bank, config={"path": str(listing)}
    )
    fetch_exchange_sources.delay()
    run = _wait_for(lambda: ExchangeRun.objects.filter(status="succeeded").first())
    assert run.rows_added == 3
    rebuild_pdq_index_if_due.delay()
    store = pdq_search.IndexStore(settings.DETECTION_INDEX_DIR)
    assert _wait_for(store.current_generation)
    assert len(store.load_current() or []) == 3


def _wait_for(check: Any, seconds: float = 30) -> Any:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail("the worker did not finish in time")
