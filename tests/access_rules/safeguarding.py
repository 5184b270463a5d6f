"""Access expectations for safeguarding: the help finder, concern routing and figures.

The public uses the help finder, sends concerns and reads suppressed figures. Reports officers and
programme officers keep services and routing settings; auditors read them. Routing records and
unsuppressed figures: those three roles. Borough officers read and acknowledge their own borough's
concerns only (the matrix's borough officer belongs to Camden, and the concern is Camden's; that
another borough's officer gets 404 is tested in ``endeavour/safeguarding/tests``).
"""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import EVERYONE

MANAGERS = {Role.REPORTS_OFFICER, Role.PROGRAMME_OFFICER}
VIEWERS = MANAGERS | {Role.AUDITOR}
BOROUGH = {Role.BOROUGH_OFFICER}

EXPECTED: dict[str, set[str]] = {
    # Public: help finder, concern form, figures, API.
    "safeguarding:help-finder": EVERYONE,
    "safeguarding:help-boroughs": EVERYONE,
    "safeguarding:concern-form": EVERYONE,
    "safeguarding:concern-sent": EVERYONE,
    "safeguarding:public-figures": EVERYONE,
    "safeguarding:public-figures-csv": EVERYONE,
    "safeguarding:public-figures-xlsx": EVERYONE,
    "api-safeguarding-services": EVERYONE,
    "api-safeguarding-figures": EVERYONE,
    # Services and routing settings.
    "safeguarding:service-list": VIEWERS,
    "safeguarding:routing-list": VIEWERS,
    "safeguarding:service-create": MANAGERS,
    "safeguarding:service-edit": MANAGERS,
    "safeguarding:routing-edit": MANAGERS,
    # POST only: a GET that passes the rule answers 405, not 401/403.
    "safeguarding:service-mark-checked": MANAGERS,
    "safeguarding:concern-retry": MANAGERS,
    # Routing records (no personal details) and internal figures.
    "safeguarding:routing-records": VIEWERS,
    "safeguarding:figures": VIEWERS,
    "safeguarding:figures-csv": VIEWERS,
    "safeguarding:figures-xlsx": VIEWERS,
    # The borough team: their own borough's concerns.
    "safeguarding:concern-inbox": BOROUGH,
    "safeguarding:concern-detail": BOROUGH,
    "safeguarding:concern-acknowledge": BOROUGH,
}

SERVICE_ROUTES = {"safeguarding:service-edit", "safeguarding:service-mark-checked"}
CONCERN_ROUTES = {
    "safeguarding:concern-detail",
    "safeguarding:concern-acknowledge",
    "safeguarding:concern-retry",
}


def _service(fixtures: dict[str, Any]) -> Any:
    if "safeguarding_service" not in fixtures:
        from endeavour.safeguarding.tests import factories

        fixtures["safeguarding_service"] = factories.service()
    return fixtures["safeguarding_service"]


def _camden_concern(fixtures: dict[str, Any]) -> Any:
    if "safeguarding_concern" not in fixtures:
        from endeavour.safeguarding.tests import factories

        fixtures["safeguarding_concern"] = factories.concern(factories.CAMDEN)
    return fixtures["safeguarding_concern"]


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name in SERVICE_ROUTES:
        return {"pk": _service(fixtures).pk}
    if name in CONCERN_ROUTES:
        return {"pk": _camden_concern(fixtures).pk}
    if name == "safeguarding:routing-edit":
        return {"pk": fixtures["camden"].borough_id}
    return None
