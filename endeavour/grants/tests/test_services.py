"""The fund's rules, through its services: eligibility, duplicates, lateness, scoring, divergence,
moderation, decisions within the budget, payment schedules, variations, returns and reminders."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from endeavour.audit.models import AuditEvent
from endeavour.grants.models import (
    Application,
    ApplicationStatus,
    Attachment,
    Declaration,
    Grant,
    MonitoringReturn,
    Score,
)
from endeavour.grants.services.applications import (
    DuplicateApplication,
    application_save,
    application_start,
    application_submit,
    extension_record,
)
from endeavour.grants.services.assessment import (
    assignment_create,
    decision_record,
    declaration_record,
    moderation_record,
    scores_submit,
    weighted_total,
)
from endeavour.grants.services.grants import (
    PlannedInstalment,
    instalments_set,
    variation_record,
)
from endeavour.grants.services.monitoring import OutcomeRow, overdue_reminders_send
from endeavour.grants.tests import factories as f

pytestmark = pytest.mark.django_db


def test_an_eligible_complete_application_is_submitted() -> None:
    app = f.application()
    assert app.status == ApplicationStatus.SUBMITTED
    assert all(rule["passed"] for rule in app.eligibility)


def test_each_failed_rule_is_refused_with_a_plain_reason_and_nothing_is_lost() -> None:
    call = f.call()
    org = f.organisation()
    by = f.applicant(org)
    app = application_start(call=call, organisation=org, by=by)
    application_save(
        application=app,
        by=by,
        boroughs=[],
        project_title="Big plan",
        summary="Things.",
        theme="strengthen",
        amount_requested=90_000,
        legal_form="company",
        annual_income=900_000,
        operates_in_london=False,
    )
    result = application_submit(application=app, by=by)
    assert not result.submitted
    reasons = {r.code: r.reason for r in result.failures}
    assert set(reasons) == {"legal_form", "income", "london", "amount", "attachments"}
    assert "£90,000, more than the maximum grant of £40,000" in reasons["amount"]
    assert "constitution" in reasons["attachments"] and "accounts" in reasons["attachments"]
    assert "£900,000 is not under £500,000" in reasons["income"]
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DRAFT
    assert app.project_title == "Big plan"  # the draft is kept
    assert len(app.eligibility) == 6


def test_one_application_per_organisation_per_call() -> None:
    app = f.application(submit=False)
    with pytest.raises(DuplicateApplication) as refused:
        application_start(call=app.call, organisation=app.organisation, by=f.officer())
    assert refused.value.existing == app
    assert app.reference in refused.value.messages[0]


def test_late_submission_is_refused_unless_an_officer_records_an_extension() -> None:
    app = f.application(submit=False)
    call = app.call
    call.closes_at = timezone.now() - timedelta(minutes=1)
    call.opens_at = timezone.now() - timedelta(days=5)
    call.save()
    with pytest.raises(ValidationError, match="Late applications are accepted only"):
        application_submit(application=app, by=f.officer())
    with pytest.raises(ValidationError):
        extension_record(
            application=app, until=timezone.now() + timedelta(days=1), reason=" ", by=f.officer()
        )
    extension_record(
        application=app,
        until=timezone.now() + timedelta(days=1),
        reason="Their building flooded.",
        by=f.officer(),
    )
    assert AuditEvent.objects.filter(reason__contains="Their building flooded.").exists()
    assert application_submit(application=app, by=f.officer()).submitted


def test_attachments_are_checked_by_their_bytes() -> None:
    app = f.application(submit=False)
    from endeavour.recommendations.services.files import IncomingFile

    with pytest.raises(ValidationError) as refused:
        application_save(
            application=app,
            by=f.officer(),
            files={"accounts": IncomingFile("accounts.pdf", b"\x00\x01\x02binary")},
        )
    assert "accounts.pdf" in str(refused.value)


def test_weighted_total_is_out_of_100() -> None:
    app = f.application()
    need, delivery = list(app.call.criteria.all())
    assert weighted_total([need, delivery], {need.pk: 4, delivery.pk: 4}) == Decimal("100.00")
    assert weighted_total([need, delivery], {need.pk: 2, delivery.pk: 0}) == Decimal("33.33")


def test_scores_outside_the_scale_are_refused() -> None:
    app = f.application()
    assignment = f.assign(app)
    need, delivery = list(app.call.criteria.all())
    with pytest.raises(ValidationError) as refused:
        scores_submit(assignment=assignment, scores={need.pk: 5, delivery.pk: -1}, comments={})
    messages = refused.value.message_dict
    assert "whole number from 0 to 4" in messages[f"score_{need.pk}"][0]
    assert f"score_{delivery.pk}" in messages
    assert not Score.objects.exists()


def test_an_assessor_must_declare_before_scoring_and_a_conflict_is_final() -> None:
    app = f.application()
    who = f.assessor()
    assignment = assignment_create(application=app, assessor=who, by=f.officer())
    need, delivery = list(app.call.criteria.all())
    with pytest.raises(ValidationError, match="Declare"):
        scores_submit(assignment=assignment, scores={need.pk: 1, delivery.pk: 1}, comments={})
    with pytest.raises(ValidationError):
        declaration_record(assignment=assignment, conflict=True, note="")
    declaration_record(assignment=assignment, conflict=True, note="I am a trustee")
    assignment.refresh_from_db()
    assert assignment.declaration == Declaration.CONFLICT
    with pytest.raises(ValidationError, match="declared a conflict"):
        assignment_create(application=app, assessor=who, by=f.officer())


@pytest.mark.parametrize(
    ("first", "second", "diverges"),
    [
        ((3, 3), (3, 2), False),  # totals 75 and 66.67; at most 1 point apart
        ((4, 2), (2, 2), True),  # 2 points apart on one criterion
        ((3, 4), (2, 1), True),  # totals 83.33 and 41.67: 41.67 apart
    ],
)
def test_divergent_scores_go_to_moderation(
    first: tuple[int, int], second: tuple[int, int], diverges: bool
) -> None:
    app = f.scored(f.application(), first, second)
    assert app.needs_moderation is diverges


def test_moderation_keeps_the_assessors_scores_and_unblocks_the_decision() -> None:
    app = f.scored(f.application(), (4, 4), (1, 1))
    with pytest.raises(ValidationError, match="moderate"):
        f.award(app)
    need, delivery = list(app.call.criteria.all())
    moderation = moderation_record(
        application=app, scores={need.pk: 3, delivery.pk: 3}, reason="Agreed.", by=f.officer()
    )
    assert moderation.weighted_total == Decimal("75.00")
    assert Score.objects.filter(assignment__application=app).count() == 4
    app.refresh_from_db()
    assert not app.needs_moderation
    f.award(app)


def test_awards_are_capped_by_request_maximum_grant_and_budget() -> None:
    call = f.call(budget=50_000, max_grant=30_000)
    first = f.scored(f.application(call, amount=30_000))
    second = f.scored(f.application(call, amount=30_000))
    with pytest.raises(ValidationError, match="more than the £30,000 requested"):
        f.award(first, 31_000)
    f.award(first, 30_000)
    with pytest.raises(ValidationError) as refused:
        f.award(second, 25_000)
    assert "over its budget of £50,000 (£20,000 is left)" in str(refused.value)
    second.refresh_from_db()
    assert second.status == ApplicationStatus.SUBMITTED  # nothing half-done
    assert not Grant.objects.filter(application=second).exists()
    f.award(second, 20_000)


def test_a_decision_needs_two_assessors_and_reasons() -> None:
    app = f.application()
    f.score(app, (3, 3))
    with pytest.raises(ValidationError, match="two assessors"):
        f.award(app)
    f.score(app, (3, 3))
    with pytest.raises(ValidationError):
        decision_record(application=app, outcome="decline", reasons=" ", by=f.officer())
    decision_record(
        application=app, outcome="decline", reasons="Others fit better.", by=f.officer()
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.DECLINED


def test_an_award_issues_a_grant_with_instalments_that_add_up_and_quarterly_returns() -> None:
    grant = f.awarded_grant()
    assert sum(i.amount for i in grant.instalments.all()) == grant.amount
    assert grant.returns.count() == 4
    with pytest.raises(ValidationError) as refused:
        instalments_set(
            grant=grant,
            rows=[PlannedInstalment("Start", grant.start_date, 1000)],
            reason="Change",
            by=f.officer(),
        )
    assert "add up to £1,000; they must add up to £20,000" in str(refused.value)
    instalments_set(
        grant=grant,
        rows=[
            PlannedInstalment("Start", grant.start_date, 5_000),
            PlannedInstalment("Middle", grant.start_date + timedelta(days=100), 15_000),
        ],
        reason="Agreed with the group.",
        by=f.officer(),
    )
    assert grant.instalments.count() == 2
    assert grant.variations.count() == 1


def test_variations_keep_history_and_never_pass_the_budget() -> None:
    call = f.call(budget=45_000)
    grant = f.awarded_grant(of=call)
    with pytest.raises(ValidationError, match="over its"):
        variation_record(grant=grant, by=f.officer(), reason="More", amount=50_000)
    variation = variation_record(
        grant=grant,
        by=f.officer(),
        reason="Extra sessions",
        amount=25_000,
        end_date=grant.end_date + timedelta(days=90),
    )
    grant.refresh_from_db()
    assert grant.amount == 25_000
    assert sum(i.amount for i in grant.instalments.all()) == 25_000
    assert variation.before["amount"] == 20_000 and variation.after["amount"] == 25_000
    assert grant.returns.count() == 5


def test_a_return_must_add_up_and_stay_on_the_instruments_scale() -> None:
    grant = f.awarded_grant()
    item = grant.returns.order_by("period_start").first()
    assert item is not None
    scale = f.instrument("Belonging")
    with pytest.raises(ValidationError) as refused:
        f.submit_return(
            item,
            participants=40,
            boroughs={"E09000007": 50},
            outcomes=[OutcomeRow(scale, 10, Decimal("0.5"), Decimal("4"))],
        )
    errors = refused.value.message_dict
    assert "more than the 40 reached" in errors["boroughs"][0]
    assert "from 1 to 5" in errors["outcome_1"][0]
    item.refresh_from_db()
    assert item.status == "due"
    f.submit_return(item, outcomes=[OutcomeRow(scale, 10, Decimal("2.5"), Decimal("3.5"))])
    item.refresh_from_db()
    assert item.status == "submitted" and item.participants == 40


def test_overdue_returns_are_reminded_at_most_once_a_week() -> None:
    org = f.organisation()
    f.applicant(org, email="lead@group.example")
    grant = f.awarded_grant(org)
    MonitoringReturn.objects.filter(pk=grant.returns.order_by("period_start").first().pk).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    mail.outbox.clear()
    assert overdue_reminders_send() == 1
    assert overdue_reminders_send() == 0
    assert len(mail.outbox) == 1
    assert "lead@group.example" in mail.outbox[0].to
    assert "overdue" in mail.outbox[0].subject.lower()
    later = timezone.localdate() + timedelta(days=8)
    MonitoringReturn.objects.filter(grant=grant).update(
        last_reminded_at=timezone.now() - timedelta(days=8)
    )
    assert overdue_reminders_send(later) == 1


def test_unsuccessful_applications_documents_are_purged_after_the_decision_date() -> None:
    from endeavour.grants.registrations import purge_unsuccessful_files

    app = f.scored(f.application())
    decision_record(application=app, outcome="decline", reasons="No.", by=f.officer())
    kept = f.awarded_grant()
    cutoff = timezone.now() + timedelta(days=365)
    assert purge_unsuccessful_files(cutoff) == 3
    assert not Attachment.objects.filter(application=app).exists()
    assert Attachment.objects.filter(application=kept.application).count() == 3
    assert Application.objects.filter(pk=app.pk).exists()
