"""Access expectations for the hash-bank pages: analysts, senior analysts, auditors and
administrators may look; senior analysts and administrators manage; analysts check hashes."""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import ANALYSTS

BANK_VIEWERS = ANALYSTS | {Role.AUDITOR, Role.ADMINISTRATOR}
BANK_MANAGERS = {Role.SENIOR_ANALYST, Role.ADMINISTRATOR}

EXPECTED: dict[str, set[str]] = {
    "online:bank-list": BANK_VIEWERS,
    "online:bank-create": BANK_MANAGERS,
    "online:bank-detail": BANK_VIEWERS,
    "online:bank-export": BANK_VIEWERS,
    "online:bank-run-detail": BANK_VIEWERS,
    "online:hash-check": ANALYSTS,
    # POST only: a GET that passes the rule answers 405, not 401/403.
    "online:bank-settings": BANK_MANAGERS,
    "online:bank-entry-disable": BANK_MANAGERS,
    "online:bank-import": BANK_MANAGERS,
}

BANK_ROUTES = {
    "online:bank-detail",
    "online:bank-export",
    "online:bank-settings",
    "online:bank-import",
}


def _bank_entry(fixtures: dict[str, Any]) -> Any:
    if "bank_entry" not in fixtures:
        from endeavour.detection.services import bank_create, bank_entry_add

        bank = bank_create(name="Access matrix bank")
        fixtures["bank_entry"] = bank_entry_add(
            bank=bank, signal_type="md5", value="a" * 32, source_reference="", labels={}
        )
    return fixtures["bank_entry"]


def _run(fixtures: dict[str, Any]) -> Any:
    if "bank_run" not in fixtures:
        from endeavour.detection.exchange.imports import hash_list_import

        fixtures["bank_run"] = hash_list_import(
            bank=_bank_entry(fixtures).bank,
            data=b"signal_type,value\nmd5," + b"b" * 32 + b"\n",
            file_format="csv",
            filename="matrix.csv",
            started_by=None,
        )
    return fixtures["bank_run"]


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name in BANK_ROUTES:
        return {"pk": _bank_entry(fixtures).bank_id}
    if name == "online:bank-entry-disable":
        return {"pk": _bank_entry(fixtures).pk}
    if name == "online:bank-run-detail":
        return {"pk": _run(fixtures).pk}
    return None
