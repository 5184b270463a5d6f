"""The write services: status changes need evidence and the right person; history is append-only;
recommendations, responses and evidence links."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_staff
from endeavour.audit.models import AuditEvent
from endeavour.core.models import Role
from endeavour.recommendations.models import (
    ChangeKind,
    HistoryIsAppendOnly,
    OwnerResponse,
    StatusChange,
)
from endeavour.recommendations.services import recommendations as services
from endeavour.recommendations.services.files import IncomingFile
from endeavour.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_new_recommendation_starts_not_started_on_the_source_date() -> None:
    item = f.recommendation(f.source(day=date(2016, 10, 14)))
    first = item.status_changes.get()
    assert first.kind == ChangeKind.INITIAL
    assert first.status.code == "not_started"
    assert first.effective_date == date(2016, 10, 14)
    item.refresh_from_db()
    assert item.current_status == first.status


def test_a_status_change_needs_a_note_and_a_link_or_document() -> None:
    item = f.recommendation()
    with pytest.raises(ValidationError) as caught:
        f.record(item, "implemented", date(2018, 1, 1), note="  ", evidence_url="")
    errors = caught.value.message_dict
    assert "note" in errors and "evidence_url" in errors
    f.record(
        item,
        "implemented",
        date(2018, 1, 1),
        evidence_url="",
        files=[IncomingFile("minutes.pdf", f.PDF_BYTES)],
    )
    change = item.status_changes.latest("id")
    stored = change.files.get()
    assert stored.content_type == "application/pdf" and stored.sha256
    assert stored.storage_path.startswith(f"recommendations/evidence/{item.pk}/")


def test_dates_must_be_real_not_future_and_not_before_the_source() -> None:
    item = f.recommendation(f.source(day=date(2016, 10, 14)))
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        f.record(item, "in_progress", tomorrow)
    with pytest.raises(ValidationError, match="before the review"):
        f.record(item, "in_progress", date(2016, 10, 13))


def test_owners_may_report_but_only_programme_officers_verify() -> None:
    item = f.recommendation()
    owner = f.owner_of(item)
    f.record(item, "implemented", date(2018, 1, 1), by=owner)
    with pytest.raises(ValidationError, match="Only programme officers"):
        f.record(item, "implemented_verified", date(2018, 2, 1), by=owner)
    f.record(item, "implemented_verified", date(2018, 2, 1))
    item.refresh_from_db()
    assert item.current_status is not None and item.current_status.code == "implemented_verified"


def test_non_owners_and_auditors_cannot_record_a_status() -> None:
    item = f.recommendation()
    stranger = make_staff(Role.BOROUGH_OFFICER, organisation=f.organisation())
    auditor_in_owner = f.owner_of(item, Role.AUDITOR)
    for person in (stranger, auditor_in_owner):
        with pytest.raises(ValidationError, match="cannot update"):
            f.record(item, "in_progress", date(2018, 1, 1), by=person)


def test_the_lead_officer_is_an_owner_whatever_their_organisation() -> None:
    lead = make_staff(Role.ANALYST, organisation=f.organisation())
    item = f.recommendation(lead_officer=lead)
    f.record(item, "in_progress", date(2018, 1, 1), by=lead, progress=30)
    item.refresh_from_db()
    assert item.current_progress == 30


def test_a_backdated_change_does_not_replace_a_later_status() -> None:
    item = f.recommendation()
    f.record(item, "implemented", date(2018, 6, 1))
    f.record(item, "in_progress", date(2018, 1, 1))
    item.refresh_from_db()
    assert item.current_status is not None and item.current_status.code == "implemented"
    assert item.current_status_since == date(2018, 6, 1)


def test_history_is_append_only() -> None:
    change = f.record(f.recommendation(), "in_progress", date(2018, 1, 1))
    change.note = "rewritten"
    with pytest.raises(HistoryIsAppendOnly):
        change.save()
    assert StatusChange.objects.get(pk=change.pk).note == "Done, as the minutes show."


def test_progress_is_kept_only_for_statuses_that_report_it() -> None:
    item = f.recommendation()
    change = f.record(item, "implemented", date(2018, 1, 1), progress=40)
    assert change.progress is None and change.effective_progress == 100


def test_status_changes_and_owner_changes_are_audited() -> None:
    item = f.recommendation()
    f.record(item, "in_progress", date(2018, 1, 1))
    assert AuditEvent.objects.filter(object_type="recommendations.statuschange").exists()
    new_owner = f.organisation("New owner")
    services.recommendation_update(recommendation=item, by=f.officer(), owners=[new_owner])
    event = AuditEvent.objects.filter(
        object_type="recommendations.recommendation", after__has_key="owner_organisations"
    ).latest("id")
    assert event.after == {"owner_organisations": ["New owner"]}


def test_references_are_unique_within_a_source() -> None:
    source = f.source()
    f.recommendation(source, reference="12")
    with pytest.raises(ValidationError, match="already has an item with reference 12"):
        f.recommendation(source, reference="12")
    f.recommendation(f.source(), reference="12")  # another source may use it


def test_actions_go_one_level_under_a_recommendation_of_the_same_source() -> None:
    source = f.source()
    parent = f.recommendation(source, reference="4")
    action = f.recommendation(source, reference="4.1", parent=parent, owners=[])
    assert list(action.owner_organisations.all()) == list(parent.owner_organisations.all())
    with pytest.raises(ValidationError, match="under a recommendation"):
        f.recommendation(source, reference="4.1.1", parent=action)
    with pytest.raises(ValidationError, match="under a recommendation"):
        f.recommendation(f.source(), reference="5", parent=parent)


def test_the_owner_records_a_response_with_a_reason_when_not_accepted() -> None:
    item = f.recommendation()
    owner = f.owner_of(item)
    with pytest.raises(ValidationError):
        services.response_record(
            recommendation=item,
            response=OwnerResponse.NOT_ACCEPTED,
            reason="",
            response_date=date(2017, 1, 5),
            by=owner,
        )
    services.response_record(
        recommendation=item,
        response=OwnerResponse.NOT_ACCEPTED,
        reason="Funded another way.",
        response_date=date(2017, 1, 5),
        by=owner,
    )
    item.refresh_from_db()
    assert item.response == OwnerResponse.NOT_ACCEPTED and item.response_reason


def test_links_to_online_cases_are_checked() -> None:
    from endeavour.online.tests.factories import submit

    case = submit(url="https://videoshare.example/watch/evidence").case
    item = f.recommendation()
    with pytest.raises(ValidationError, match="no online content case CASE-1999-000001"):
        services.evidence_link_add(
            recommendation=item,
            kind="online_case",
            reference="case-1999-000001",
            note="",
            by=f.officer(),
        )
    with pytest.raises(ValidationError, match="theme reference"):
        services.evidence_link_add(
            recommendation=item, kind="consultation_theme", reference="T1", note="", by=f.officer()
        )
    with pytest.raises(ValidationError, match="not available"):
        services.evidence_link_add(
            recommendation=item, kind="no_such_kind", reference="X1", note="", by=f.officer()
        )
    link = services.evidence_link_add(
        recommendation=item,
        kind="online_case",
        reference=case.reference.lower(),
        note="Shows the referral route working.",
        by=f.owner_of(item),
    )
    assert link.reference == case.reference
    with pytest.raises(ValidationError, match="already linked"):
        services.evidence_link_add(
            recommendation=item,
            kind="online_case",
            reference=case.reference,
            note="",
            by=f.officer(),
        )
    with pytest.raises(ValidationError, match="Only programme officers"):
        services.evidence_link_remove(link=link, by=f.owner_of(item), reason="Wrong case")
    services.evidence_link_remove(link=link, by=f.officer(), reason="Wrong case")
    assert not item.links.exists()


def test_a_link_kind_registered_later_works_without_a_migration() -> None:
    from endeavour.recommendations import links

    kind = links.LinkKind(
        code="consultation_theme",
        label="Consultation theme",
        help_text="The theme's code.",
        check=lambda reference: reference.strip().upper(),
        describe=lambda refs, user: {r: links.LinkTarget(r, f"Theme {r}") for r in refs},
    )
    links.register(kind)
    try:
        item = f.recommendation()
        services.evidence_link_add(
            recommendation=item, kind="consultation_theme", reference="t3", note="", by=f.officer()
        )
        assert item.links.get().reference == "T3"
    finally:
        links._kinds.pop("consultation_theme")
