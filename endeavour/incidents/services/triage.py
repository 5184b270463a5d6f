"""Staff triage: each decision (verification, severity, status, routing) is made by a named
reports officer and written to the report's append-only history."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.incidents import permissions
from endeavour.incidents.models import (
    IncidentReport,
    ReporterConsent,
    Routing,
    RoutingDestination,
    Status,
    TriageEntry,
    TriageField,
    Verification,
)
from endeavour.incidents.reference import SEVERITY_LABELS


def _entry(
    report: IncidentReport, field: str, value: str, label: str, note: str, by: Any
) -> TriageEntry:
    return TriageEntry.objects.create(
        report=report, field=field, value=value, value_label=label[:200], note=note, decided_by=by
    )


def _locked(report: IncidentReport, by: Any) -> IncidentReport:
    if not permissions.can_triage(by):
        raise PermissionDenied("Only a reports officer may record triage decisions.")
    return IncidentReport.objects.select_for_update().get(pk=report.pk)


def _set_status(report: IncidentReport, status: str) -> None:
    report.status = status
    if status == Status.CLOSED:
        report.closed_at = report.closed_at or timezone.now()
    else:
        report.closed_at = None


@transaction.atomic
def report_triage(
    report: IncidentReport,
    *,
    by: Any,
    status: str | None = None,
    verification: str | None = None,
    severity: int | None = None,
    note: str = "",
) -> list[TriageEntry]:
    """Record what changed (and a note) as named entries. A new report moves into triage with
    its first decision. Raises ValidationError naming the field that is wrong."""
    report = _locked(report, by)
    note = note.strip()
    errors: dict[str, str] = {}
    if status is not None and status not in Status.values:
        errors["status"] = "Choose a status from the list."
    if verification is not None and verification not in Verification.values:
        errors["verification"] = "Choose a verification from the list."
    if severity is not None and severity not in SEVERITY_LABELS:
        errors["severity"] = "Choose a severity from 1 to 4."
    changes_verification = verification is not None and verification != report.verification
    if changes_verification and verification != Verification.REPORTED and not note:
        errors["note"] = "Say how the report was checked: a note is needed to verify or not."
    if status == Status.ROUTED and status != report.status and not report.routings.exists():
        errors["status"] = "Record where the report was routed first (Route this report)."
    if errors:
        raise ValidationError(errors)
    entries: list[TriageEntry] = []
    if changes_verification:
        assert verification is not None
        report.verification = verification
        label = Verification(verification).label
        entries.append(_entry(report, TriageField.VERIFICATION, verification, label, note, by))
    if severity is not None and severity != report.severity:
        report.severity = severity
        entries.append(
            _entry(report, TriageField.SEVERITY, str(severity), SEVERITY_LABELS[severity], note, by)
        )
    if status is None and report.status == Status.NEW and entries:
        status = Status.IN_TRIAGE
    if status is not None and status != report.status:
        _set_status(report, status)
        entries.append(_entry(report, TriageField.STATUS, status, Status(status).label, note, by))
    if not entries:
        if not note:
            raise ValidationError("Nothing has changed. Change something, or add a note.")
        entries.append(_entry(report, TriageField.NOTE, "", "", note, by))
    report.save()
    return entries


@transaction.atomic
def report_route(
    report: IncidentReport,
    *,
    by: Any,
    destination: str,
    routed_on: date,
    reporter_consent: str,
    reference: str = "",
    note: str = "",
) -> Routing:
    """Record that the report was passed to the police or victim support, when, and whether the
    reporter consented. The report's status becomes "routed" unless it is closed."""
    report = _locked(report, by)
    errors: dict[str, str] = {}
    if destination not in RoutingDestination.values:
        errors["destination"] = "Choose where the report went."
    if reporter_consent not in ReporterConsent.values:
        errors["reporter_consent"] = "Say whether the reporter consented."
    elif reporter_consent == ReporterConsent.NOT_ASKED and hasattr(report, "contact"):
        errors["reporter_consent"] = (
            "The reporter left contact details: ask them, and record yes or no."
        )
    if routed_on > timezone.localdate():
        errors["routed_on"] = "The date cannot be in the future."
    elif routed_on < timezone.localtime(report.received_at).date():
        errors["routed_on"] = "The date cannot be before the report was received."
    if errors:
        raise ValidationError(errors)
    routing = Routing.objects.create(
        report=report,
        destination=destination,
        routed_on=routed_on,
        reporter_consent=reporter_consent,
        reference=reference.strip()[:100],
        note=note.strip(),
        routed_by=by,
    )
    consent = {"yes": "consented", "no": "did not consent", "not_asked": "not asked"}
    label = (
        f"{RoutingDestination(destination).label} on {routed_on:%d %B %Y} "
        f"(reporter {consent[reporter_consent]})"
    )
    _entry(report, TriageField.ROUTING, destination, label, note.strip(), by)
    if report.status != Status.CLOSED and report.status != Status.ROUTED:
        _set_status(report, Status.ROUTED)
        _entry(report, TriageField.STATUS, Status.ROUTED, Status.ROUTED.label, "", by)
    report.save()
    return routing
