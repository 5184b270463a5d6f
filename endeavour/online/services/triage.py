"""Priority and triage. Priority = tier part + confidence part, and both parts are shown."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.models import Organisation, OrganisationType
from endeavour.online.models import Case, Ideology, ThreatLevel, Tier

TIER_PARTS = {
    Tier.TIER_1: 400,
    Tier.TIER_2: 300,
    Tier.TIER_3: 200,
    Tier.UNTRIAGED: 150,
    Tier.TIER_4: 100,
    Tier.OUT_OF_SCOPE: 0,
}
THREAT_PARTS = {
    ThreatLevel.HIGH_SPECIFIC: 90,
    ThreatLevel.HIGH_UNSPECIFIC: 70,
    ThreatLevel.MEDIUM: 50,
    ThreatLevel.LOW: 30,
    ThreatLevel.NONE: 0,
}


def priority_parts(tier: str, threat_level: str, confidence: float) -> tuple[int, int]:
    tier_part = TIER_PARTS[Tier(tier)] + (
        THREAT_PARTS[ThreatLevel(threat_level)] if tier == Tier.TIER_1 else 0
    )
    return tier_part, round(max(0.0, min(1.0, confidence)) * 100)


def case_reprioritise(case: Case) -> Case:
    confidences = list(case.signals.values_list("confidence", flat=True))
    case.confidence = max(confidences, default=0.0)
    case.priority_tier_part, case.priority_confidence_part = priority_parts(
        case.tier, case.threat_level, case.confidence
    )
    case.priority = case.priority_tier_part + case.priority_confidence_part
    case.save(
        update_fields=[
            "confidence",
            "priority_tier_part",
            "priority_confidence_part",
            "priority",
            "updated_at",
        ]
    )
    return case


@transaction.atomic
def case_triage(
    *, case: Case, tier: str, threat_level: str, ideology: str, reason: str, by: Any
) -> Case:
    if tier not in Tier.values or tier == Tier.UNTRIAGED:
        raise ValidationError({"tier": "Choose a tier."})
    if ideology not in Ideology.values:
        raise ValidationError({"ideology": "Choose an ideology category as published."})
    if tier == Tier.TIER_1 and threat_level not in (set(ThreatLevel.values) - {""}):
        raise ValidationError({"threat_level": "A Tier 1 case needs its threat level."})
    if tier != Tier.TIER_1:
        threat_level = ThreatLevel.NONE
    before = {"tier": case.tier, "threat_level": case.threat_level, "ideology": case.ideology}
    became_tier_1 = tier == Tier.TIER_1 and case.tier != Tier.TIER_1
    case.tier, case.threat_level, case.ideology = tier, threat_level, ideology
    case.save(update_fields=["tier", "threat_level", "ideology", "updated_at"])
    case_reprioritise(case)
    audit_event_record(
        action=AuditAction.STATE_CHANGE,
        instance=case,
        reason=reason,
        before=before,
        after={"tier": tier, "threat_level": threat_level, "ideology": ideology},
    )
    if became_tier_1:
        transaction.on_commit(lambda: police_alert_send(case.pk))
    return case


def police_contacts() -> list[str]:
    configured = [e for e in getattr(settings, "ONLINE_POLICE_ALERT_EMAILS", []) if e]
    from_organisations = list(
        Organisation.objects.filter(type=OrganisationType.POLICE, is_active=True)
        .exclude(contact_email="")
        .values_list("contact_email", flat=True)
    )
    return sorted(set(configured + from_organisations))


def police_alert_send(case_id: int) -> int:
    """Tell the police contacts about a Tier 1 case at once. Returns how many were told."""
    case = Case.objects.select_related("item").get(pk=case_id)
    recipients = police_contacts()
    if not recipients:
        audit_event_record(
            action=AuditAction.STATE_CHANGE,
            instance=case,
            reason="Tier 1: NO police contact is configured; nobody was alerted",
        )
        return 0
    send_mail(
        subject=f"[Endeavour] Tier 1 threat to life: {case.reference}",
        message=(
            f"Case {case.reference} has been triaged as Tier 1 (threat to life), "
            f"threat level: {case.get_threat_level_display()}.\n"
            f"URL: {case.item.normalised_url}\n"
            f"Open the case in Endeavour for the preserved capture. Do not visit the live page.\n"
        ),
        from_email=None,
        recipient_list=recipients,
    )
    audit_event_record(
        action=AuditAction.STATE_CHANGE,
        instance=case,
        reason=f"Tier 1 alert sent to police: {', '.join(recipients)}",
    )
    return len(recipients)
