"""Text scoring queued on intake runs on a real Celery worker through Redis."""

from __future__ import annotations

import time
from typing import Any

import pytest

from endeavour.online.models import SignalKind, TextClassification
from endeavour.online.tests.factories import submit
from tests.test_celery_redis import redis_worker

__all__ = ["redis_worker"]

pytestmark = [
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

PRAISE = "Long live the Islamic State! Join the fighters, brothers."


def test_intake_queues_scoring_on_commit_and_a_worker_records_it(
    redis_worker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("endeavour.online.tasks.queue_captures", lambda ids: None)
    result = submit(url="https://pastepost.example/redis", submitted_text=PRAISE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if TextClassification.objects.filter(item=result.item).exists():
            break
        time.sleep(0.2)
    kept = TextClassification.objects.get(item=result.item)
    assert kept.about == "submitted text" and set(kept.thresholds) <= set(kept.scores)
    lexicon = result.case.signals.filter(kind=SignalKind.LEXICON)
    assert [s.provenance["context"] for s in lexicon] == ["praise"]
