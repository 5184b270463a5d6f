"""Overdue reminders: each owner once per period, by the scheduled task; and retention."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from conftest import make_staff
from endeavour.core.models import Role
from endeavour.core.retention import purge_expired
from endeavour.recommendations.models import OverdueReminder
from endeavour.recommendations.services.reminders import overdue_reminders_send, period_start
from endeavour.recommendations.tasks import send_overdue_reminders
from endeavour.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db
LAST_YEAR = timezone.localdate() - timedelta(days=365)


def test_periods_are_weeks_starting_on_monday(settings: object) -> None:
    assert period_start(date(2026, 11, 24)) == date(2026, 11, 23)  # a Tuesday -> Monday
    assert period_start(date(2026, 11, 23)) == date(2026, 11, 23)
    assert period_start(date(2026, 11, 29)) == date(2026, 11, 23)


def test_each_owner_is_reminded_once_per_period_about_all_their_overdue_items() -> None:
    lead = make_staff(Role.BOROUGH_OFFICER, email="lead@example.gov")
    police = f.organisation("Police (reminders)", contact_email="plans@police.example")
    first = f.recommendation(owners=[police], lead_officer=lead, target_date=LAST_YEAR)
    second = f.recommendation(owners=[police], lead_officer=lead, target_date=LAST_YEAR)
    no_lead = f.recommendation(owners=[police], target_date=LAST_YEAR)
    f.recommendation(owners=[police], lead_officer=lead)  # no target date: not overdue
    f.recommendation(owners=[police], target_date=timezone.localdate() + timedelta(days=3))
    done = f.recommendation(owners=[police], lead_officer=lead, target_date=LAST_YEAR)
    f.record(done, "implemented", LAST_YEAR)

    assert send_overdue_reminders() == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"lead@example.gov", "plans@police.example"}
    body = by_address["lead@example.gov"].body
    assert (
        f"Recommendation {first.reference}" in body and f"Recommendation {second.reference}" in body
    )
    assert f"Recommendation {done.reference} " not in body
    assert "/staff/recommendations/items/" in body and "days overdue" in body
    assert f"Recommendation {no_lead.reference}" in by_address["plans@police.example"].body
    assert by_address["lead@example.gov"].subject == "[Endeavour] 2 overdue items to update"

    # Running again in the same period sends nothing; next period, again.
    assert overdue_reminders_send() == 0
    assert len(mail.outbox) == 2
    assert overdue_reminders_send(timezone.localdate() + timedelta(days=7)) == 2
    assert OverdueReminder.objects.count() == 4


def test_a_failed_send_is_tried_again_next_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from endeavour.recommendations.services import reminders

    lead = make_staff(Role.BOROUGH_OFFICER, email="lead@example.gov")
    f.recommendation(lead_officer=lead, target_date=LAST_YEAR)

    def broken(**kwargs: object) -> None:
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert overdue_reminders_send() == 0
    assert not OverdueReminder.objects.exists()
    monkeypatch.undo()
    assert overdue_reminders_send() == 1


def test_reminder_records_are_purged_after_their_retention_period(settings: object) -> None:
    lead = make_staff(Role.BOROUGH_OFFICER, email="lead@example.gov")
    f.recommendation(lead_officer=lead, target_date=LAST_YEAR)
    overdue_reminders_send()
    OverdueReminder.objects.update(sent_at=timezone.now() - timedelta(days=400))
    assert purge_expired()["recommendations.OverdueReminder"] == 1
    assert not OverdueReminder.objects.exists()


def test_the_scheduler_runs_the_reminders() -> None:
    from endeavour.online.management.commands.run_scheduler import JOBS

    assert send_overdue_reminders in [job for _, job in JOBS]
