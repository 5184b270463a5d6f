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
