"""Every way an item arrives (form, import, public report, partner API, hash match) ends here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from endeavour.detection import urls as urlnorm
from endeavour.online.models import (
    Case,
    Item,
    ItemFile,
    Platform,
    PlatformDomain,
    ReporterContact,
    Signal,
    SignalKind,
    Source,
    Submission,
)
from endeavour.online.references import next_reference
from endeavour.online.services import classifier_signals, hash_signals
from endeavour.online.services.files import IncomingFile, item_file_store
from endeavour.online.services.triage import case_reprioritise

SOURCE_CONFIDENCE = {
    Source.PUBLIC_REPORT: 0.3,
    Source.IMPORT: 0.5,
    Source.PARTNER: 0.6,
    Source.ANALYST: 0.7,
    Source.HASH_MATCH: 0.8,
}
SOURCE_SIGNAL = {
    Source.PUBLIC_REPORT: SignalKind.PUBLIC_REPORT,
    Source.IMPORT: SignalKind.IMPORT,
    Source.PARTNER: SignalKind.PARTNER,
    Source.ANALYST: SignalKind.ANALYST,
    Source.HASH_MATCH: SignalKind.HASH_MATCH,
}


@dataclass(frozen=True)
class ContactDetails:
    name: str = ""
    email: str = ""
    consent_to_contact: bool = False


@dataclass
class SubmitResult:
    item: Item
    case: Case
    item_created: bool
    reupload_signals: list[Signal] = field(default_factory=list)


def platform_for_host(host: str) -> Platform | None:
    domains = PlatformDomain.objects.filter(
        domain__in=urlnorm.domain_candidates(host), platform__is_active=True
    ).select_related("platform")
    by_domain = {d.domain: d.platform for d in domains}
    for candidate in urlnorm.domain_candidates(host):
        if candidate in by_domain:
            return by_domain[candidate]
    return None


def parse_url(raw: str) -> urlnorm.NormalisedUrl:
    try:
        return urlnorm.normalise(raw)
    except urlnorm.InvalidUrl as error:
        raise ValidationError({"url": str(error)}) from error


@transaction.atomic
def item_submit(
    *,
    url: str,
    source: str,
    submitted_text: str = "",
    files: Sequence[IncomingFile] = (),
    submitted_by: Any = None,
    partner: Any = None,
    note: str = "",
    contact: ContactDetails | None = None,
    import_batch: str = "",
    signal_provenance: dict[str, Any] | None = None,
) -> SubmitResult:
    """Record a report of ``url``: one item per normalised URL, one case per item."""
    if source not in Source.values:
        raise ValidationError({"source": f"Unknown source {source!r}."})
    parsed = parse_url(url)
    item = Item.objects.select_for_update().filter(url_key=parsed.key).first()
    created = item is None
    text_added = bool(submitted_text.strip())
    if item is None:
        try:
            with transaction.atomic():
                item = Item.objects.create(
                    reference=next_reference(Item, "ITM"),
                    url=parsed.original[:2000],
                    normalised_url=parsed.normalised,
                    url_key=parsed.key,
                    is_shortened=parsed.is_shortened,
                    platform=platform_for_host(parsed.host),
                    submitted_text=submitted_text,
                    first_source=source,
                )
        except IntegrityError:  # the same URL arrived at the same moment
            created = text_added = False
            item = Item.objects.select_for_update().get(url_key=parsed.key)
    elif submitted_text and not item.submitted_text:
        item.submitted_text = submitted_text
        item.save(update_fields=["submitted_text"])
    else:
        text_added = False
    submission = Submission.objects.create(
        item=item,
        source=source,
        submitted_by=submitted_by if getattr(submitted_by, "pk", None) else None,
        partner=partner,
        note=note,
        import_batch=import_batch,
    )
    if contact is not None and (contact.name or contact.email):
        ReporterContact.objects.create(
            submission=submission,
            name=contact.name,
            email=contact.email,
            consent_to_contact=contact.consent_to_contact,
        )
    stored = [item_file_store(item, incoming) for incoming in files]
    case = Case.objects.filter(item=item).first()
    if case is None:
        case = Case.objects.create(reference=next_reference(Case, "CASE"), item=item)
    Signal.objects.create(
        case=case,
        kind=SOURCE_SIGNAL[Source(source)],
        confidence=SOURCE_CONFIDENCE[Source(source)],
        summary=f"{Source(source).label}" + (f": {note[:200]}" if note else ""),
        provenance={"submission": submission.pk, **(signal_provenance or {})},
    )
    reuploads = reupload_signals(case) if created or stored else []
    case_reprioritise(case)
    if created:
        from endeavour.online.tasks import queue_captures

        queue_captures([item.pk])
    if text_added:
        classifier_signals.scoring_queue([item.pk])
    return SubmitResult(item=item, case=case, item_created=created, reupload_signals=reuploads)


def reupload_signals(case: Case, files: Sequence[ItemFile] | None = None) -> list[Signal]:
    """Look the item (or just ``files`` of it) up in the hash banks; each new hit is a signal."""
    return hash_signals.match_signals(case, hash_signals.item_queries(case.item, files))
