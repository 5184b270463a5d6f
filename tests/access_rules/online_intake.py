"""Access expectations for reporting items: the public form, staff intake and the partner API."""

from __future__ import annotations

from typing import Any

from tests.access_rules.roles import ANALYSTS, EVERYONE, SIGNED_IN

EXPECTED: dict[str, set[str]] = {
    "online:report": EVERYONE,
    "online:report-thanks": EVERYONE,
    "online:item-submit": ANALYSTS,
    "online:import": ANALYSTS,
    # Any signed-in person of an organisation may submit as a partner (every test user has one).
    # The submit endpoint is POST only: a GET that passes the rule answers 405, not 401/403.
    "api-online-item-submit": SIGNED_IN,
    "api-online-item-detail": SIGNED_IN,
}


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name != "api-online-item-detail":
        return None
    from endeavour.online.services.intake import item_submit

    if user is None:
        return {"reference": "ITM-2000-000001"}
    # An item the user's own organisation submitted: partners see those, case viewers see all.
    result = item_submit(
        url=f"https://matrix.example/item/{user.pk}",
        source="partner",
        submitted_by=user,
        partner=user.organisation,
    )
    return {"reference": result.item.reference}
