from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff
from endeavour.core.models import Organisation, Role
from endeavour.detection.models import BankEntry
from endeavour.online.models import (
    Case,
    CaseStatus,
    Decision,
    DecisionState,
    PolicyClause,
    ProscribedOrganisation,
    ReferralStatus,
    SignalKind,
    Tier,
)
from endeavour.online.selectors.queue import Cursor, queue_page
from endeavour.online.services import disputes, referrals, review, triage
from endeavour.online.services.outcomes import classify
from endeavour.online.tests.builders import first_decision, platform_with_domain, referred_case
from endeavour.online.tests.factories import image_file, submit

pytestmark = pytest.mark.django_db


def test_priority_is_tier_part_plus_confidence_part() -> None:
    assert triage.priority_parts(Tier.TIER_1, "high_specific", 0.5) == (490, 50)
    assert triage.priority_parts(Tier.TIER_4, "", 0.3) == (100, 30)
    case = submit(source="public_report").case
    assert (case.priority_tier_part, case.priority_confidence_part, case.priority) == (150, 30, 180)


def test_the_queue_is_ordered_by_priority_and_pages_by_keyset(staff_user: Any) -> None:
    analyst = staff_user(Role.ANALYST)
    cases = [
        submit(url=f"https://example.org/p/{n}", source="public_report").case for n in range(5)
    ]
    triage.case_triage(
        case=cases[3],
        tier=Tier.TIER_1,
        threat_level="medium",
        ideology="",
        reason="threat",
        by=analyst,
    )
    page = queue_page(user=analyst, filters={}, after=None)
    assert page.cases[0].pk == cases[3].pk and page.next_cursor is None
    from endeavour.online.selectors import queue as queue_module

    queue_module.PAGE_SIZE, old = 2, queue_module.PAGE_SIZE
    try:
        seen, cursor = [], None
        while True:
            page = queue_page(user=analyst, filters={}, after=Cursor.decode(cursor))
            seen += [c.pk for c in page.cases]
            cursor = page.next_cursor
            if cursor is None:
                break
        assert sorted(seen) == sorted(c.pk for c in cases) and len(seen) == len(set(seen))
    finally:
        queue_module.PAGE_SIZE = old


def test_queue_page_filters_and_survives_garbage(client_as: Any) -> None:
    submit(url="https://example.org/a", source="public_report")
    client = client_as(Role.ANALYST)
    ok = client.get(reverse("online:queue"), {"tier": "untriaged", "source": "public_report"})
    assert ok.status_code == 200 and len(ok.context["page"].cases) == 1
    junk = client.get(
        reverse("online:queue"), {"tier": "nope", "after": "x.y", "max_age_days": "-1"}
    )
    assert junk.status_code == 200


def test_a_tier_3_referral_needs_a_second_different_reviewer(staff_user: Any) -> None:
    platform_with_domain()
    case = submit(url="https://videoshare.example/watch/9", files=[image_file(1)]).case
    analyst, senior, other_senior = (
        staff_user(Role.ANALYST),
        staff_user(Role.SENIOR_ANALYST),
        staff_user(Role.SENIOR_ANALYST),
    )
    review.case_lock(case=case, by=analyst)
    first_decision(case, analyst)
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_SECOND_REVIEW and not case.referrals.exists()
    assert case.locked_by is None  # the second reviewer is not blocked by the first's lock
    with pytest.raises(PermissionDenied):
        first_decision(case, analyst)  # an analyst cannot make the second review
    first_decision(case, senior)
    case.refresh_from_db()
    assert case.status == CaseStatus.REFERRED
    referral = case.referrals.get()
    assert referral.reference in referral.notice_text and "T3" in referral.notice_text
    assert referral.notice_json["evidence"]["files"][0]["sha256"] == case.item.files.get().sha256
    assert referral.notice_json["policy"]["version"] == "1.0"
    entries = set(
        BankEntry.objects.filter(source_reference=case.reference).values_list(
            "signal_type", flat=True
        )
    )
    assert entries == {"url", "sha256", "md5", "pdq"}
    assert other_senior  # a third person would be needed for a dispute


def test_the_same_senior_analyst_cannot_make_both_reviews(staff_user: Any) -> None:
    platform_with_domain()
    case = submit(url="https://videoshare.example/watch/10").case
    senior = staff_user(Role.SENIOR_ANALYST)
    first_decision(case, senior)
    with pytest.raises(PermissionDenied):
        first_decision(Case.objects.get(pk=case.pk), senior)


def test_a_decision_can_be_undone_for_sixty_seconds_by_its_maker_only(staff_user: Any) -> None:
    platform_with_domain()
    case = submit(url="https://videoshare.example/watch/11").case
    analyst, other = staff_user(Role.ANALYST), staff_user(Role.ANALYST)
    clause = PolicyClause.objects.get(policy__is_current=True, code="T3")
    decision = review.decision_record(
        case=case,
        kind="refer",
        by=analyst,
        reason="r",
        tier="tier3",
        ideology="",
        policy_clause=clause,
        legal_basis="tact2006_s2",
        proscribed_organisation=ProscribedOrganisation.objects.get(name="The Base"),
    )
    assert decision.state == DecisionState.PENDING
    assert 59 <= (decision.effective_at - decision.decided_at).total_seconds() <= 60
    assert review.decisions_apply_due() == 0
    with pytest.raises(PermissionDenied):
        review.decision_undo(decision=decision, by=other)
    review.decision_undo(decision=decision, by=analyst)
    case.refresh_from_db()
    assert case.status == CaseStatus.NEW
    again = review.decision_record(
        case=case,
        kind="no_action_protected",
        by=analyst,
        reason="It is news reporting.",
        tier="out_of_scope",
        ideology="",
    )
    Decision.objects.filter(pk=again.pk).update(effective_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ValidationError):
        review.decision_undo(decision=Decision.objects.get(pk=again.pk), by=analyst)
    assert review.decisions_apply_due() == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED_NO_ACTION


def test_tier_1_escalation_never_waits_and_alerts_the_police(
    staff_user: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Organisation.objects.create(
        name="Police contact", type="police", contact_email="ctiru@police.example"
    )
    case = submit(url="https://example.org/threat").case
    analyst = staff_user(Role.ANALYST)
    with django_capture_on_commit_callbacks(execute=True):
        decision = review.decision_record(
            case=case,
            kind="escalate_police",
            by=analyst,
            reason="Specific threat to a named school.",
            tier="tier1",
            threat_level="high_specific",
            ideology="other_or_mixed",
        )
    assert decision.state == DecisionState.APPLIED
    case.refresh_from_db()
    assert case.status == CaseStatus.ESCALATED and case.priority_tier_part == 490
    assert mail.outbox and "ctiru@police.example" in mail.outbox[0].to
    assert "Do not visit the live page" in mail.outbox[0].body


def test_decisions_explain_what_is_missing(staff_user: Any) -> None:
    case = submit(url="https://unknown-host.example/x").case
    analyst = staff_user(Role.ANALYST)
    with pytest.raises(ValidationError) as error:
        review.decision_record(
            case=case, kind="refer", by=analyst, reason="", tier="tier3", ideology=""
        )
    fields = error.value.message_dict
    assert {"reason", "policy_clause", "legal_basis", "kind"} <= set(fields)
    assert "platform registry" in fields["kind"][0]


def test_a_locked_case_cannot_be_decided_by_someone_else(staff_user: Any) -> None:
    case = submit(url="https://example.org/locked").case
    first, second = staff_user(Role.ANALYST), staff_user(Role.ANALYST)
    review.case_lock(case=case, by=first)
    with pytest.raises(ValidationError):
        review.case_lock(case=case, by=second)
    with pytest.raises(ValidationError):
        review.decision_record(
            case=case,
            kind="no_action_out_of_scope",
            by=second,
            reason="x",
            tier="out_of_scope",
            ideology="",
        )


def test_referral_sending_by_email_and_responses(
    staff_user: Any, django_capture_on_commit_callbacks: Any
) -> None:
    case = referred_case()
    referral = case.referrals.get()
    senior = staff_user(Role.SENIOR_ANALYST)
    with django_capture_on_commit_callbacks(execute=True):
        referrals.referral_send(referral=referral, channel="email", by=senior)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.next_check_at is not None
    assert mail.outbox[-1].to == [referral.platform.abuse_contact]
    assert referral.reference in mail.outbox[-1].body
    with pytest.raises(ValidationError):
        referrals.referral_send(referral=referral, channel="email", by=senior)
    with pytest.raises(ValidationError) as error:
        referrals.referral_record_response(
            referral=referral, response="refused", reason="", by=senior
        )
    assert "reason" in error.value.message_dict


@pytest.mark.parametrize(
    ("status", "body", "cause"),
    [
        (200, "<p>still here</p>", "still_up"),
        (404, "", "removed_by_platform"),
        (410, "", "removed_by_platform"),
        (451, "", "geo_blocked"),
        (200, "This account has been suspended", "gone_with_account"),
        (200, "This video was removed by the uploader", "removed_by_uploader"),
        (503, "", "unreachable"),
        (None, "", "unreachable"),
    ],
)
def test_what_an_outcome_check_sees(status: int | None, body: str, cause: str) -> None:
    assert classify(status, body).cause == cause


def test_a_re_upload_of_referred_content_raises_a_signal(staff_user: Any) -> None:
    original = referred_case(files=[image_file(7)])
    again = submit(
        url="https://pastepost.example/copy/1", source="public_report", files=[image_file(7)]
    )
    signals = again.case.signals.filter(kind=SignalKind.REUPLOAD)
    assert signals.exists()
    assert {s.provenance["original_case"] for s in signals} == {original.reference}
    assert again.case.reupload_of_id == original.pk
    assert again.case.priority_confidence_part == 95


def test_an_overturned_dispute_withdraws_the_referral_and_disables_its_hashes(
    staff_user: Any,
) -> None:
    case = referred_case(send=True, files=[image_file(8)])
    referral = case.referrals.get()
    dispute = disputes.dispute_submit(
        referral_reference=referral.reference.lower(),
        grounds="This is a news report.",
        raised_by_platform=True,
        contact_email="trust@platform.example",
    )
    decider = case.decisions.filter(is_second_review=True).get().decided_by
    with pytest.raises(PermissionDenied):
        disputes.dispute_decide(dispute=dispute, outcome="overturned", reason="x", by=decider)
    reviewer = make_staff(Role.SENIOR_ANALYST)
    disputes.dispute_decide(
        dispute=dispute, outcome="overturned", reason="News reporting.", by=reviewer
    )
    referral.refresh_from_db()
    case.refresh_from_db()
    assert referral.status == ReferralStatus.WITHDRAWN and case.status == CaseStatus.OVERTURNED
    entries = BankEntry.objects.filter(source_reference=case.reference)
    assert entries.count() == 4 and not entries.filter(enabled=True).exists()
    later = submit(url="https://pastepost.example/copy/2", files=[image_file(8)])
    assert not later.case.signals.filter(kind=SignalKind.REUPLOAD).exists()


def test_dispute_form_rejects_unknown_references_and_duplicates(client: Any) -> None:
    bad = client.post(
        reverse("online:dispute-submit"),
        {"referral_reference": "REF-1999-000001", "raised_by_platform": "platform", "grounds": "x"},
    )
    assert bad.status_code == 400 and "referral_reference" in bad.context["form"].errors
    case = referred_case(send=True)
    reference = case.referrals.get().reference
    data = {"referral_reference": reference, "raised_by_platform": "uploader", "grounds": "Satire."}
    assert client.post(reverse("online:dispute-submit"), data).status_code == 302
    again = client.post(reverse("online:dispute-submit"), data)
    assert again.status_code == 400 and "already has an open dispute" in str(
        again.context["form"].errors
    )


def test_the_case_page_never_links_to_the_live_page(client_as: Any) -> None:
    case = referred_case(files=[image_file(3)])
    response = client_as(Role.ANALYST).get(case.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{case.item.normalised_url}"' not in html and case.item.normalised_url in html
    assert "evidence__img--blur" in html and "evidence--grey" in html and "data-evidence" in html
    assert "<iframe" not in html


def test_a_break_is_suggested_after_a_run_of_decisions(client_as: Any, staff_user: Any) -> None:
    client = client_as(Role.ANALYST)
    analyst_id = int(client.session["_auth_user_id"])
    from endeavour.online.models import ReviewerPreferences

    ReviewerPreferences.objects.create(user_id=analyst_id, break_after_reviews=2)
    for n in range(2):
        case = submit(url=f"https://example.org/run/{n}").case
        response = client.post(
            reverse("online:case-decide", args=[case.pk]),
            {
                "kind": "no_action_out_of_scope",
                "tier": "out_of_scope",
                "reason": "Not terrorist content.",
            },
        )
        assert response.status_code == 302, response.content[:500]
    queue = client.get(reverse("online:queue"))
    assert b"Time for a break?" in queue.content


def test_decision_form_errors_are_shown_not_raised(client_as: Any) -> None:
    case = submit(url="https://example.org/form").case
    response = client_as(Role.ANALYST).post(
        reverse("online:case-decide", args=[case.pk]),
        {"kind": "refer", "tier": "tier3", "reason": ""},
    )
    assert response.status_code == 400
    assert {"reason", "policy_clause", "legal_basis", "proscribed_organisation"} <= set(
        response.context["form"].errors
    )


def test_references_are_unique_and_consecutive_per_year() -> None:
    from endeavour.online.references import next_references

    first = next_references("TST", 3)
    second = next_references("TST")
    year = timezone.now().year
    assert first == [f"TST-{year}-000001", f"TST-{year}-000002", f"TST-{year}-000003"]
    assert second == [f"TST-{year}-000004"]


def test_partners_see_a_plain_status_that_never_reveals_police_escalation(
    staff_user: Any, client: Any
) -> None:
    from endeavour.core.models import Organisation
    from endeavour.online.services.intake import item_submit

    partner_org = Organisation.objects.create(name="Partner org", type="delivery_partner")
    partner = staff_user(Role.PROGRAMME_OFFICER, organisation=partner_org)
    result = item_submit(
        url="https://example.org/partner-item",
        source="partner",
        partner=partner_org,
        submitted_by=partner,
    )
    Case.objects.filter(pk=result.case.pk).update(status=CaseStatus.ESCALATED)
    client.force_login(partner)
    body = client.get(reverse("api-online-item-detail", args=[result.item.reference])).json()
    assert body["status"] == "closed" and "police" not in str(body).lower()


def test_retention_drops_old_evidence_but_keeps_the_decision_record() -> None:
    from django.core.files.storage import default_storage

    from endeavour.core.retention import purge_expired
    from endeavour.online.models import ItemFile, ReporterContact
    from endeavour.online.services.intake import ContactDetails

    case = referred_case(send=True, files=[image_file(5)])
    stored = case.item.files.get()
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED_REMOVED, closed_at=timezone.now() - timedelta(days=800)
    )
    submit(
        url="https://example.org/contact",
        source="public_report",
        contact=ContactDetails(email="me@example.org", consent_to_contact=True),
    )
    ReporterContact.objects.update(created_at=timezone.now() - timedelta(days=91))
    results = purge_expired()
    assert results["online.ClosedCaseEvidence"] == 1 and results["online.ReporterContact"] == 1
    assert not ItemFile.objects.filter(pk=stored.pk).exists()
    assert not default_storage.exists(stored.storage_path)
    assert case.referrals.get().notice_json["evidence"][
        "files"
    ]  # the record of what was sent stays
    assert Decision.objects.filter(case=case).count() == 2
