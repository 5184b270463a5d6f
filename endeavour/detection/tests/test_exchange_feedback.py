"""Feedback on bank matches: our decisions on the cases they raised, per entry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import make_staff
from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.models import Role
from endeavour.detection.exchange.feedback import (
    FALSE_POSITIVE,
    TRUE_POSITIVE,
    UNDECIDED,
    FeedbackRow,
    feedback_csv,
    feedback_export,
    feedback_rows,
    feedback_threatexchange,
)
from endeavour.detection.models import BankEntry, HashBank
from endeavour.detection.services import city_bank
from endeavour.online.models import Case, SignalKind, Tier
from endeavour.online.tests.builders import first_decision, referred_case
from endeavour.online.tests.factories import image_file, submit

pytestmark = pytest.mark.django_db


def reupload(n: int) -> Case:
    case = submit(
        url=f"https://videoshare.example/copy/{n}", source="public_report", files=[image_file(7)]
    ).case
    assert case.signals.filter(kind=SignalKind.REUPLOAD).exists()
    return case


def outcomes(rows: list[FeedbackRow]) -> set[tuple[str, str, str]]:
    return {(r.case_reference, r.signal_type, r.outcome) for r in rows}


def test_feedback_follows_the_decisions_on_matched_cases() -> None:
    referred_case(files=[image_file(7)])
    referred, dismissed = reupload(1), reupload(2)
    matched_types = {
        s.provenance["signal_type"] for s in referred.signals.filter(kind=SignalKind.REUPLOAD)
    }
    assert "sha256" in matched_types
    rows = feedback_rows(bank=None, since=None)
    assert outcomes(rows) == {
        (case.reference, t, UNDECIDED) for case in (referred, dismissed) for t in matched_types
    }
    assert all(r.decided_at is None for r in rows)

    analyst, senior = make_staff(Role.ANALYST), make_staff(Role.SENIOR_ANALYST)
    first_decision(referred, analyst)
    assert {r.outcome for r in feedback_rows(bank=None, since=None)} == {UNDECIDED}
    first_decision(Case.objects.get(pk=referred.pk), senior)
    first_decision(dismissed, analyst, tier=Tier.OUT_OF_SCOPE, kind="no_action_out_of_scope")

    rows = feedback_rows(bank=city_bank(), since=None)
    assert outcomes(rows) == {(referred.reference, t, TRUE_POSITIVE) for t in matched_types} | {
        (dismissed.reference, t, FALSE_POSITIVE) for t in matched_types
    }
    sha_row = next(r for r in rows if r.signal_type == "sha256")
    entry = BankEntry.objects.get(pk=sha_row.entry_id)
    assert (sha_row.value, sha_row.bank, sha_row.distance) == (entry.value, entry.bank.name, 0)
    assert all(r.decided_at is not None for r in rows)

    assert feedback_rows(bank=HashBank.objects.create(name="Other"), since=None) == []
    assert feedback_rows(bank=None, since=timezone.now() + timedelta(minutes=1)) == []

    text = feedback_csv(rows)
    header, *lines = text.splitlines()
    assert header == (
        "entry_id,external_id,signal_type,value,bank,case_reference,outcome,decided_at,distance"
    )
    assert f"{referred.reference},true_positive," in text and len(lines) == len(rows)

    opinions = feedback_threatexchange(rows)
    assert f"video_sha256 {entry.value} DISPUTED\n" in opinions


def test_threatexchange_opinions_mirror_python_threatexchange_categories() -> None:
    when = timezone.now()
    rows = [
        FeedbackRow(1, "", "pdq", "a" * 64, "B", "OC-1", TRUE_POSITIVE, when, 3),
        FeedbackRow(1, "", "pdq", "a" * 64, "B", "OC-2", TRUE_POSITIVE, when, 0),
        FeedbackRow(2, "x", "md5", "b" * 32, "B", "OC-3", FALSE_POSITIVE, when, 0),
        FeedbackRow(3, "", "url", "https://example.com/", "B", "OC-4", UNDECIDED, None, 0),
    ]
    assert feedback_threatexchange(rows) == (
        f"pdq {'a' * 64} POSITIVE_CLASS\nvideo_md5 {'b' * 32} NEGATIVE_CLASS\n"
    )


def test_a_feedback_export_is_recorded_and_audited() -> None:
    export = feedback_export(bank=None, since=None, file_format="csv", started_by=None)
    assert export.content.startswith("entry_id,") and export.run.rows_read == 0
    assert AuditEvent.objects.filter(
        action=AuditAction.EXPORT, object_id=str(export.run.pk)
    ).exists()
