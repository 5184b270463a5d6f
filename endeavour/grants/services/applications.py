"""Applications: start (one per organisation per call), save and resume, attachments, submit with
the eligibility check, and officers' extensions for late submissions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.models import Borough, Organisation
from endeavour.grants.eligibility import RuleResult, check_eligibility
from endeavour.grants.models import (
    Application,
    ApplicationStatus,
    Attachment,
    AttachmentKind,
    Call,
)
from endeavour.recommendations.services.files import IncomingFile, file_store

EDITABLE = (
    "project_title",
    "summary",
    "theme",
    "amount_requested",
    "participants_planned",
    "legal_form",
    "registration_number",
    "annual_income",
    "operates_in_london",
)


class DuplicateApplication(ValidationError):
    """The organisation already has an application to this call."""

    def __init__(self, existing: Application) -> None:
        super().__init__(
            f"Your organisation already has an application to this call ({existing.reference}). "
            "Each organisation can make one application to a call: carry on with that one."
        )
        self.existing = existing


def _next_reference(call: Call) -> str:
    prefix = f"CF{call.pk}"
    number = Application.objects.filter(call=call).count() + 1
    while Application.objects.filter(reference=f"{prefix}-{number:04d}").exists():
        number += 1
    return f"{prefix}-{number:04d}"


@transaction.atomic
def application_start(
    *, call: Call, organisation: Organisation, by: Any, is_sample: bool = False
) -> Application:
    call = Call.objects.select_for_update().get(pk=call.pk)
    existing = Application.objects.filter(call=call, organisation=organisation).first()
    if existing is not None:
        raise DuplicateApplication(existing)
    if not call.is_published or call.is_historical:
        raise ValidationError("This call is not open for applications.")
    if timezone.now() < call.opens_at:
        raise ValidationError("This call is not open for applications yet.")
    if call.has_closed:
        raise ValidationError(
            f"This call closed on {date_format(timezone.localtime(call.closes_at), 'j F Y H:i')}."
        )
    return Application.objects.create(
        call=call,
        organisation=organisation,
        reference=_next_reference(call),
        legal_form="",
        created_by=by,
        is_sample=is_sample,
    )


def attachment_store(
    *, application: Application, kind: str, file: IncomingFile, by: Any
) -> Attachment:
    """Check and keep a document (the bytes decide its type), replacing one of the same kind."""
    if kind not in AttachmentKind.values:
        raise ValidationError(f"Unknown kind of attachment: {kind}.")
    try:
        stored = file_store(file, folder=f"grants/applications/{application.pk}")
    except ValidationError as error:
        raise ValidationError({kind: error.messages}) from error
    previous = Attachment.objects.filter(application=application, kind=kind).first()
    if previous is not None:
        old_path = previous.storage_path
        previous.storage_path = stored.storage_path
        previous.original_name = stored.original_name
        previous.content_type = stored.content_type
        previous.size = stored.size
        previous.sha256 = stored.sha256
        previous.uploaded_by = by
        previous.save()
        if old_path != stored.storage_path:
            transaction.on_commit(lambda: default_storage.delete(old_path))
        return previous
    return Attachment.objects.create(
        application=application,
        kind=kind,
        storage_path=stored.storage_path,
        original_name=stored.original_name,
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        uploaded_by=by,
    )


@transaction.atomic
def application_save(
    *,
    application: Application,
    by: Any,
    boroughs: list[Borough] | None = None,
    files: dict[str, IncomingFile] | None = None,
    **changes: Any,
) -> Application:
    """Save a draft (any part of it, so it can be resumed later)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_editable:
        raise ValidationError("This application has been submitted and cannot be changed.")
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(application, name, value.strip() if isinstance(value, str) else value)
    if application.theme and application.theme not in application.call.themes:
        raise ValidationError({"theme": "Choose one of this call's themes."})
    application.full_clean(exclude=["boroughs"])
    application.save()
    if boroughs is not None:
        application.boroughs.set(boroughs)
    for kind, file in (files or {}).items():
        attachment_store(application=application, kind=kind, file=file, by=by)
    return application


def _deadline(application: Application) -> datetime:
    closes = application.call.closes_at
    if application.extension_until and application.extension_until > closes:
        return application.extension_until
    return closes


@dataclass(frozen=True)
class SubmitResult:
    submitted: bool
    results: list[RuleResult]

    @property
    def failures(self) -> list[RuleResult]:
        return [r for r in self.results if not r.passed]


@transaction.atomic
def application_submit(*, application: Application, by: Any) -> SubmitResult:
    """Check eligibility and submit. An application that fails a rule stays a draft, with every
    reason recorded; a late one is refused unless an officer recorded an extension for it."""
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError("This application has already been submitted.")
    now = timezone.now()
    deadline = _deadline(application)
    if now >= deadline:
        closed = date_format(timezone.localtime(application.call.closes_at), "j F Y, H:i")
        raise ValidationError(
            f"The call closed on {closed}. "
            "Late applications are accepted only if the fund manager has agreed an extension "
            "for yours."
        )
    kinds = set(application.attachments.values_list("kind", flat=True))
    results = check_eligibility(application.call, application, kinds)
    application.eligibility = [r.as_dict() for r in results]
    passed = all(r.passed for r in results)
    if passed:
        application.status = ApplicationStatus.SUBMITTED
        application.submitted_at = now
        application.submitted_by = by
    application.save()
    return SubmitResult(passed, results)


@transaction.atomic
def extension_record(
    *, application: Application, until: datetime, reason: str, by: Any
) -> Application:
    application = (
        Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    )
    if application.status != ApplicationStatus.DRAFT:
        raise ValidationError("Only a draft application can be given an extension.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the extension."})
    if until <= timezone.now():
        raise ValidationError({"until": "The extension must end in the future."})
    before = application.extension_until
    application.extension_until = until
    application.extension_reason = reason.strip()
    application.save(update_fields=["extension_until", "extension_reason", "updated_at"])
    audit_event_record(
        action=AuditAction.STATE_CHANGE,
        instance=application,
        reason=f"Extension for a late submission: {reason.strip()}",
        before={"extension_until": before.isoformat() if before else None},
        after={"extension_until": until.isoformat()},
    )
    return application


def unsuccessful_attachments_purge(cutoff: datetime) -> int:
    """Delete the documents of applications that were declined or never submitted, once the
    call's decision date is before ``cutoff``. The application's figures stay."""
    stale = Attachment.objects.filter(
        application__status__in=[ApplicationStatus.DECLINED, ApplicationStatus.DRAFT],
        application__call__decision_date__lt=cutoff.date(),
    )
    count = 0
    for attachment in stale:
        path = attachment.storage_path
        attachment.delete()
        transaction.on_commit(lambda p=path: default_storage.delete(p))  # type: ignore[misc]
        count += 1
    return count
