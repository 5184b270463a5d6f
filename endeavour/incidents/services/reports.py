"""A public hate incident report arrives: checked, stored, and its web addresses passed to the
online casework as public-report signals, all in one transaction."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from endeavour.core.models import Borough
from endeavour.detection import urls as urlnorm
from endeavour.incidents.models import (
    Attachment,
    IncidentReport,
    IncidentType,
    ReporterContact,
    ReporterRole,
    ReportLink,
    ReportMotivation,
    Setting,
)
from endeavour.incidents.reference import MOTIVATION_LABELS
from endeavour.online.models import FileKind
from endeavour.online.models import Source as OnlineSource
from endeavour.online.references import next_reference
from endeavour.online.services.files import IncomingFile, classify
from endeavour.online.services.intake import item_submit

MAX_FILES = 3
MAX_LINKS = 5
MAX_DESCRIPTION = 5000
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
}


@dataclass(frozen=True)
class ContactDetails:
    name: str = ""
    email: str = ""
    phone: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.email or self.phone)


def max_upload_bytes() -> int:
    return int(getattr(settings, "INCIDENTS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))


def file_check(file: IncomingFile) -> tuple[str, str]:
    """(content type, extension) of a picture or PDF, read from its bytes. The message names
    the file and says what is wrong."""
    if len(file.data) > max_upload_bytes():
        raise ValidationError(
            _("%(name)s: the file is larger than %(limit)s.")
            % {"name": file.name, "limit": filesizeformat(max_upload_bytes())}
        )
    try:
        kind, content_type = classify(file)
    except ValidationError as error:
        raise ValidationError(
            _("%(name)s: we can only take pictures (PNG, JPEG, GIF or WebP) or PDF files.")
            % {"name": file.name}
        ) from error
    if kind not in (FileKind.IMAGE, FileKind.PDF):
        raise ValidationError(
            _("%(name)s: we can only take pictures (PNG, JPEG, GIF or WebP) or PDF files.")
            % {"name": file.name}
        )
    return content_type, EXTENSIONS[content_type]


def _check(
    *,
    incident_type: str,
    occurred_on: date,
    setting: str,
    borough: Borough | None,
    borough_unknown: bool,
    description: str,
    motivations: Sequence[str],
    reporter_role: str,
    links: Sequence[str],
    files: Sequence[IncomingFile],
) -> None:
    errors: dict[str, list[str]] = {}
    if incident_type not in IncidentType.values:
        errors.setdefault("incident_type", []).append(_("Choose what happened."))
    if setting not in Setting.values:
        errors.setdefault("setting", []).append(_("Say whether it happened online or in person."))
    if reporter_role and reporter_role not in ReporterRole.values:
        errors.setdefault("reporter_role", []).append(_("Choose who you are from the list."))
    if occurred_on > timezone.localdate():
        errors.setdefault("occurred_on", []).append(_("The date cannot be in the future."))
    if setting != Setting.ONLINE and borough is None and not borough_unknown:
        errors.setdefault("borough", []).append(
            _("Choose the borough where it happened, or 'I don't know'.")
        )
    if not description.strip():
        errors.setdefault("description", []).append(_("Tell us what happened."))
    elif len(description) > MAX_DESCRIPTION:
        errors.setdefault("description", []).append(
            _("Use %(max)s characters or fewer.") % {"max": MAX_DESCRIPTION}
        )
    if not motivations:
        errors.setdefault("motivations", []).append(
            _("Choose at least one reason you or others believe it was motivated by prejudice.")
        )
    unknown = [m for m in motivations if m not in MOTIVATION_LABELS]
    if unknown:
        errors.setdefault("motivations", []).append(_("Choose reasons from the list."))
    if len(links) > MAX_LINKS:
        errors.setdefault("links", []).append(
            _("Give up to %(max)s web addresses.") % {"max": MAX_LINKS}
        )
    for link in links:
        try:
            urlnorm.normalise(link)
        except urlnorm.InvalidUrl:
            errors.setdefault("links", []).append(
                _("%(link)s is not a web address we can use.") % {"link": link[:100]}
            )
    if len(files) > MAX_FILES:
        errors.setdefault("attachments", []).append(
            _("Choose up to %(max)s files.") % {"max": MAX_FILES}
        )
    for file in files:
        try:
            file_check(file)
        except ValidationError as error:
            errors.setdefault("attachments", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)


def attachment_store(report: IncidentReport, file: IncomingFile) -> Attachment:
    content_type, extension = file_check(file)
    digest = hashlib.sha256(file.data).hexdigest()
    path = default_storage.save(f"incidents/{digest}.{extension}", ContentFile(file.data))
    return Attachment.objects.create(
        report=report,
        storage_path=path,
        original_name=file.name[:255],
        content_type=content_type,
        size=len(file.data),
        sha256=digest,
    )


@transaction.atomic
def incident_report_submit(
    *,
    incident_type: str,
    occurred_on: date,
    setting: str,
    description: str,
    motivations: Sequence[str],
    borough: Borough | None = None,
    borough_unknown: bool = False,
    occurred_time: time | None = None,
    exact_location: str = "",
    reporter_role: str = "",
    links: Sequence[str] = (),
    files: Sequence[IncomingFile] = (),
    contact: ContactDetails | None = None,
    is_sample: bool = False,
    received_at: datetime | None = None,
) -> IncidentReport:
    """Record a report. Anonymous unless ``contact`` is given (only with consent). Each web
    address becomes an online item with a public-report signal; the report keeps the case
    references. Raises ValidationError naming each field that is wrong."""
    links = [link.strip() for link in links if link.strip()]
    _check(
        incident_type=incident_type,
        occurred_on=occurred_on,
        setting=setting,
        borough=borough,
        borough_unknown=borough_unknown,
        description=description,
        motivations=motivations,
        reporter_role=reporter_role,
        links=links,
        files=files,
    )
    report = IncidentReport.objects.create(
        reference=next_reference(IncidentReport, "HIR"),
        received_at=received_at or timezone.now(),
        is_sample=is_sample,
        reporter_role=reporter_role,
        incident_type=incident_type,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        setting=setting,
        borough=None if setting == Setting.ONLINE and borough is None else borough,
        exact_location=exact_location.strip()[:300],
        description=description.strip(),
    )
    ReportMotivation.objects.bulk_create(
        [ReportMotivation(report=report, code=code) for code in dict.fromkeys(motivations)]
    )
    for file in files:
        attachment_store(report, file)
    if contact is not None and not contact.is_empty:
        ReporterContact.objects.create(
            report=report,
            name=contact.name.strip()[:200],
            email=contact.email.strip(),
            phone=contact.phone.strip()[:40],
        )
    for link in dict.fromkeys(links):
        # Only the address and our reference go to the online casework: never the reporter's
        # words or details, which stay with the report.
        result = item_submit(
            url=link,
            source=OnlineSource.PUBLIC_REPORT,
            note=f"From hate incident report {report.reference}",
            signal_provenance={"incident_report": report.reference},
        )
        ReportLink.objects.create(
            report=report,
            url=link[:2000],
            online_case_reference=result.case.reference,
            online_item_reference=result.item.reference,
        )
    return report
