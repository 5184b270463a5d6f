"""What consultations plug into: the demo, retention, work queues and navigation."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from conftest import make_staff
from endeavour.audit.models import AuditEvent
from endeavour.consultations.demo import TITLE, load_consultations_demo
from endeavour.consultations.models import (
    Answer,
    Consultation,
    Demographics,
    Response,
    ResponseChannel,
    ResponseStatus,
    Theme,
)
from endeavour.consultations.selectors.findings import findings_for
from endeavour.consultations.services.responses import DemographicAnswers, draft_save
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


def _findings(c: Consultation) -> Any:
    return replace(findings_for(c, public=False), generated_at=None)


def _closed(c: Consultation, days_ago: int) -> None:
    Consultation.objects.filter(pk=c.pk).update(
        closes_on=timezone.localdate() - timedelta(days=days_ago)
    )


def test_demographics_and_respondent_ids_are_purged_a_period_after_closing(
    settings: Any,
) -> None:
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "consultations.Demographics": 365}
    details = DemographicAnswers(age_band="18 to 24", gender="Woman", disability="No")
    old, recent = factories.consultation(), factories.consultation()
    kept: dict[int, Any] = {}
    for c in (old, recent):
        q = factories.question(c)
        t = factories.theme(q, "Youth clubs")
        for text in ("More youth clubs.", "Youth clubs in the evenings."):
            r = factories.respond(c, {q.pk: text}, demographics=details, consent=True)
            factories.propose(r.answers.get(), t)
        imported = factories.respond(c, {q.pk: "Safer parks."})
        Response.objects.filter(pk=imported.pk).update(
            channel=ResponseChannel.IMPORT, external_id="survey-123", row_digest="ab" * 32
        )
        kept[c.pk] = _findings(c)
    _closed(old, 366)
    _closed(recent, 365)  # closed at the end of that day: not yet a full period ago

    results = retention.purge_expired()

    assert results["consultations.Demographics"] == 3  # two demographics, one id cleared
    assert not Demographics.objects.filter(response__consultation=old).exists()
    assert Demographics.objects.filter(response__consultation=recent).count() == 2
    assert list(old.responses.exclude(external_id="").values_list("row_digest")) == []
    assert not old.responses.exclude(row_digest="").exists()
    assert recent.responses.get(external_id="survey-123").row_digest == "ab" * 32
    # The answers stay, and so do the findings built from them.
    assert Answer.objects.filter(response__consultation=old).count() == 3
    assert old.responses.filter(respondent_type__isnull=False).count() == 3
    for c in (old, recent):
        assert _findings(c) == kept[c.pk]
    # A second run finds nothing more.
    assert retention.purge_expired()["consultations.Demographics"] == 0
    assert AuditEvent.objects.filter(object_type="consultations.demographics").count() == 2


def test_nothing_is_purged_before_a_consultation_closes() -> None:
    c = factories.consultation()
    q = factories.question(c)
    factories.respond(
        c, {q.pk: "Text"}, demographics=DemographicAnswers(age_band="65 or over"), consent=True
    )
    assert retention.purge_expired()["consultations.Demographics"] == 0
    assert Demographics.objects.count() == 1


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
