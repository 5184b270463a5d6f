from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django.urls import reverse

from endeavour.audit.context import Actor, acting_as
from endeavour.audit.models import AuditAction, AuditEvent, AuditLogIsAppendOnly
from endeavour.audit.services import audit_event_record
from endeavour.core import services
from endeavour.core.models import Organisation, Role
from endeavour.core.tests.factories import OrganisationFactory
from endeavour.jobs.models import JobRun, JobStatus

pytestmark = pytest.mark.django_db


def events_for(instance: Any) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk)
        ).order_by("id")
    )


def test_create_update_and_delete_are_recorded_with_before_and_after() -> None:
    with acting_as(Actor(id=42, label="tester")):
        organisation = OrganisationFactory(name="Before")
        organisation.name = "After"
        services.organisation_save(organisation)
        pk = organisation.pk
        organisation.delete()
    created, updated, deleted = AuditEvent.objects.filter(
        object_type="core.organisation", object_id=str(pk)
    ).order_by("id")
    assert created.action == AuditAction.CREATE and created.after["name"] == "Before"
    assert created.actor_id == 42 and created.actor_label == "tester"
    assert updated.action == AuditAction.UPDATE
    assert updated.before == {"name": "Before"} and updated.after == {"name": "After"}
    assert deleted.action == AuditAction.DELETE and deleted.before["name"] == "After"


def test_passwords_are_never_written_to_the_log(staff_user: Any) -> None:
    user = staff_user(Role.ANALYST)
    services.person_set_password(user=user, password="A-new-long-passphrase-77")
    change = [e for e in events_for(user) if e.action == AuditAction.UPDATE][-1]
    assert set(change.after) == {"password"}
    assert change.after["password"].startswith("[redacted ")
    assert "A-new-long" not in str(change.before) + str(change.after)
    assert user.password not in str(change.after)


def test_events_cannot_be_changed_or_deleted_through_the_app() -> None:
    event = audit_event_record(action=AuditAction.EXPORT, object_repr="x")
    event.reason = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        event.save()
    with pytest.raises(AuditLogIsAppendOnly):
        event.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(reason="tampered")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET reason = 'tampered'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_the_database_refuses_changes_to_the_log(sql: str) -> None:
    audit_event_record(action=AuditAction.EXPORT, object_repr="x")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AuditEvent.objects.filter(reason="tampered").count() == 0


def test_sign_in_failed_sign_in_and_sign_out_are_recorded(client: Client, staff_user: Any) -> None:
    user = staff_user(Role.ANALYST, username="casey")
    client.post(reverse("core:login"), {"username": "casey", "password": "wrong"})
    client.post(reverse("core:login"), {"username": "casey", "password": "Correct-horse-battery-9"})
    client.post(reverse("core:logout"))
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert AuditAction.SIGN_IN_FAILED in actions
    assert actions.index(AuditAction.SIGN_IN) < actions.index(AuditAction.SIGN_OUT)
    failed = AuditEvent.objects.get(action=AuditAction.SIGN_IN_FAILED)
    assert failed.object_repr == "casey" and failed.ip_address == "127.0.0.1"
    signed_in = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert signed_in.actor_id == user.pk


def test_viewing_a_restricted_record_is_recorded(client_as: Any, staff_user: Any) -> None:
    person = staff_user(Role.ANALYST)
    client = client_as(Role.AUDITOR)
    assert client.get(reverse("core:person-detail", args=[person.pk])).status_code == 200
    view = AuditEvent.objects.get(action=AuditAction.VIEW)
    assert view.object_id == str(person.pk) and view.actor_label.startswith("person")


def test_auditors_filter_the_log(client_as: Any) -> None:
    with acting_as(Actor(id=None, label="someone-else")):
        OrganisationFactory(name="Filtered Org")
    client = client_as(Role.AUDITOR)
    response = client.get(
        reverse("audit:event-list"), {"actor": "someone-else", "object_type": "core.organisation"}
    )
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    bad = client.get(reverse("audit:event-list"), {"date_from": "2026-02-30"})
    assert bad.status_code == 200
    assert "date_from" in bad.context["form"].errors


def test_export_runs_as_a_job_with_progress_and_a_csv(
    client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for n in range(3):
        OrganisationFactory(name=f"Export {n}")
    client = client_as(Role.AUDITOR)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("audit:export"), {"object_type": "core.organisation"})
    job = JobRun.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress_total == AuditEvent.objects.filter(object_type="core.organisation").count()
    page = client.get(job.get_absolute_url())
    assert b"Download audit-log.csv" in page.content
    download = client.get(reverse("jobs:download", args=[job.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    exported = [row["object_repr"] for row in rows if row["object_repr"].startswith("Export")]
    assert exported == ["Export 2", "Export 1", "Export 0"]
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).count() == 2  # made, downloaded


def test_export_with_bad_filters_is_refused_with_a_message(client_as: Any) -> None:
    client = client_as(Role.AUDITOR)
    response = client.post(reverse("audit:export"), {"date_from": "yesterday"})
    assert response.status_code == 400
    assert "date_from" in response.context["form"].errors
    assert JobRun.objects.count() == 0


def test_audit_api_lists_and_validates(client_as: Any) -> None:
    OrganisationFactory(name="API Org")
    client = client_as(Role.AUDITOR)
    body = client.get(reverse("api-audit-event-list"), {"object_type": "core.organisation"}).json()
    assert body["count"] >= 1 and body["results"][0]["object_type"] == "core.organisation"
    bad = client.get(reverse("api-audit-event-list"), {"action": "nonsense"})
    assert bad.status_code == 400
    assert "action" in bad.json()["error"]["fields"]


def test_organisation_writes_from_the_admin_are_audited(client_as: Any) -> None:
    client = client_as(Role.ADMINISTRATOR)
    response = client.post(
        "/admin/core/organisation/add/", {"name": "Admin-made partner", "type": "delivery_partner"}
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Admin-made partner")
    assert events_for(organisation)[0].action == AuditAction.CREATE
