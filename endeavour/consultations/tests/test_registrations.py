"""What consultations plug into: the demo, retention, work queues and navigation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from endeavour.consultations.demo import TITLE, load_consultations_demo
from endeavour.consultations.models import Consultation, Response, ResponseStatus, Theme
from endeavour.consultations.services.responses import draft_save
from endeavour.consultations.tests import factories
from endeavour.core import retention, work_queues
from endeavour.core.models import Role

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_labelled_sample_once() -> None:
    assert load_consultations_demo() == 60
    assert load_consultations_demo() == 0
    sample = Consultation.objects.get(title=TITLE)
    assert sample.is_sample and "SAMPLE DATA" in sample.description
    assert sample.responses.filter(status=ResponseStatus.SUBMITTED).count() == 61  # and a document
    assert Theme.objects.filter(question__consultation=sample).exists()


def test_expired_drafts_are_purged_by_the_retention_rule() -> None:
    c = factories.consultation()
    q = factories.question(c)
    draft, _ = draft_save(consultation=c, answers={q.pk: "x"}, respondent_type=None, borough=None)
    Response.objects.filter(pk=draft.pk).update(draft_expires_at=timezone.now() - timedelta(days=1))
    results = retention.purge_expired()
    assert results["consultations.DraftResponse"] == 1
    assert not Response.objects.exists()


def test_analysts_see_flagged_answers_in_their_work_queue() -> None:
    c = factories.consultation()
    q = factories.question(c)
    answer = factories.respond(c, {q.pk: "text"}).answers.get()
    answer.safety_status = "flagged"
    answer.save()
    counts = {q.label: q.count for q in work_queues.counts_for(make_staff(Role.ANALYST))}
    assert counts["Consultation answers flagged for safety review"] == 1
    borough = {q.label for q in work_queues.counts_for(make_staff(Role.BOROUGH_OFFICER))}
    assert "Consultation answers flagged for safety review" not in borough
