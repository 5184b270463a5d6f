"""Access expectations for the foundation's URLs: written by hand, apart from the rules."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from endeavour.jobs.models import JobRun, JobStatus
from tests.access_rules.roles import ADMIN, ADMIN_AUDITOR, EVERYONE, SIGNED_IN, STAFF

EXPECTED: dict[str, set[str]] = {
    "core:public-home": EVERYONE,
    "core:login": EVERYONE,
    "core:logout": EVERYONE,
    "core:two-factor-verify": SIGNED_IN,
    "core:two-factor-setup": SIGNED_IN,
    "core:password-change": SIGNED_IN,
    "core:two-factor-backup-codes": SIGNED_IN,
    "core:staff-home": SIGNED_IN,
    "core:organisation-list": STAFF,
    "core:organisation-detail": STAFF,
    "core:person-list": ADMIN_AUDITOR,
    "core:person-detail": ADMIN_AUDITOR,
    "core:person-create": ADMIN,
    "core:person-edit": ADMIN,
    "core:person-two-factor-reset": ADMIN,
    "core:api-tokens": ADMIN,
    "core:api-token-revoke": ADMIN,
    "audit:event-list": ADMIN_AUDITOR,
    "audit:event-detail": ADMIN_AUDITOR,
    "audit:export": ADMIN_AUDITOR,
    "jobs:list": SIGNED_IN,
    "jobs:detail": SIGNED_IN,
    "jobs:download": SIGNED_IN,
    "api-me": SIGNED_IN,
    "api-borough-list": SIGNED_IN,
    "api-organisation-list": STAFF,
    "api-organisation-detail": STAFF,
    "api-audit-event-list": ADMIN_AUDITOR,
    "api-job-detail": SIGNED_IN,
    "api-schema": EVERYONE,
    "api-docs": EVERYONE,
    "api-not-found": EVERYONE,
}

ANSWERS_NOT_FOUND = {"api-not-found"}


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name in {"core:organisation-detail", "api-organisation-detail"}:
        return {"pk": fixtures["camden"].pk}
    if name in {"core:person-detail", "core:person-edit", "core:person-two-factor-reset"}:
        return {"pk": fixtures["person"].pk}
    if name == "core:api-token-revoke":
        return {"token_key": fixtures["token"].token_key}
    if name == "audit:event-detail":
        from endeavour.audit.models import AuditEvent

        return {"pk": AuditEvent.objects.order_by("id").first().pk}  # type: ignore[union-attr]
    if name in {"jobs:detail", "jobs:download", "api-job-detail"}:
        owner = user or fixtures["person"]
        job = JobRun.objects.create(
            kind="test",
            title="Test job",
            owner=owner,
            status=JobStatus.SUCCEEDED,
            result_filename="x.csv",
        )
        job.result_file = default_storage.save(f"jobs/{job.pk}/x.csv", ContentFile(b"a,b\n"))
        job.save()
        return {"pk": job.pk}
    if name == "api-not-found":
        return {"rest": "nothing-here/"}
    return None
