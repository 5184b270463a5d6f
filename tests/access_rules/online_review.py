"""Access expectations for the review queue, cases, referrals, disputes and platforms."""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import ANALYSTS, EVERYONE, SENIOR

CASE_VIEWERS = ANALYSTS | {Role.AUDITOR}
PLATFORM_MANAGERS = {Role.SENIOR_ANALYST, Role.ADMINISTRATOR}

EXPECTED: dict[str, set[str]] = {
    "online:queue": ANALYSTS,
    "online:case-detail": CASE_VIEWERS,
    "online:case-decide": ANALYSTS,
    "online:case-lock": ANALYSTS,
    "online:case-unlock": ANALYSTS,
    "online:decision-undo": ANALYSTS,
    "online:preferences": ANALYSTS,
    "online:referral-list": CASE_VIEWERS,
    "online:referral-detail": CASE_VIEWERS,
    "online:referral-notice-json": CASE_VIEWERS,
    "online:referral-send": SENIOR,
    "online:referral-response": SENIOR,
    "online:referral-check": SENIOR,
    "online:dispute-submit": EVERYONE,
    "online:dispute-thanks": EVERYONE,
    "online:dispute-list": SENIOR,
    "online:dispute-detail": SENIOR,
    "online:platform-list": PLATFORM_MANAGERS,
    "api-online-case-list": CASE_VIEWERS,
    "api-online-case-detail": CASE_VIEWERS,
    "api-online-referral-list": CASE_VIEWERS,
    "api-online-referral-detail": CASE_VIEWERS,
    # POST only: a GET that passes the rule answers 405, not 401/403.
    "api-online-hash-lookup": ANALYSTS,
    "api-online-hash-banks": CASE_VIEWERS,
}


def _referral(fixtures: dict[str, Any]) -> Any:
    if "referral" not in fixtures:
        from endeavour.online.tests.builders import referred_case

        fixtures["referral"] = referred_case(send=True).referrals.get()
    return fixtures["referral"]


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name == "api-online-case-detail":
        return {"reference": _referral(fixtures).case.reference}
    if name == "api-online-referral-detail":
        return {"reference": _referral(fixtures).reference}
    if name in {
        "online:case-detail",
        "online:case-decide",
        "online:case-lock",
        "online:case-unlock",
    }:
        return {"pk": _referral(fixtures).case_id}
    if name == "online:decision-undo":
        return {"pk": _referral(fixtures).decision_id}
    if name.startswith("online:referral-") and name != "online:referral-list":
        return {"pk": _referral(fixtures).pk}
    if name == "online:dispute-detail":
        from endeavour.online.services.disputes import dispute_submit

        if "dispute" not in fixtures:
            fixtures["dispute"] = dispute_submit(
                referral_reference=_referral(fixtures).reference,
                grounds="It is news.",
                raised_by_platform=True,
                contact_email="",
            )
        return {"pk": fixtures["dispute"].pk}
    return None
