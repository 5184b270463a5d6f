"""Access expectations for hate incident reports, the "Report or get help" front door and the
language switcher.

Anyone reports and reads the public figures. Reports officers triage and alone see the exact
place, contact details and files; programme officers and auditors read reports at borough level.
Analysts see only what reaches the online casework, never the reports.
"""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import EVERYONE

TRIAGERS = {Role.REPORTS_OFFICER}
VIEWERS = {Role.REPORTS_OFFICER, Role.PROGRAMME_OFFICER, Role.AUDITOR}

EXPECTED: dict[str, set[str]] = {
    # Public: the front door, the report form and the aggregate figures.
    "incidents:front-door": EVERYONE,
    "incidents:report": EVERYONE,
    "incidents:report-thanks": EVERYONE,
    "incidents:trends": EVERYONE,
    "incidents:trends-csv": EVERYONE,
    "incidents:trends-xlsx": EVERYONE,
    "api-incidents-figures": EVERYONE,
    # The language switcher posts to Django's set_language (a GET changes nothing).
    "set_language": EVERYONE,
    # Staff.
    "incidents:queue": VIEWERS,
    "incidents:report-detail": VIEWERS,
    "incidents:staff-trends": VIEWERS,
    "incidents:staff-trends-csv": VIEWERS,
    "api-incidents-report-list": VIEWERS,
    "api-incidents-report-detail": VIEWERS,
    "incidents:triage": TRIAGERS,
    "incidents:route": TRIAGERS,
    "incidents:attachment": TRIAGERS,
}

REPORT_ROUTES = {
    "incidents:report-detail",
    "incidents:triage",
    "incidents:route",
    "api-incidents-report-detail",
}


def _report(fixtures: dict[str, Any]) -> Any:
    if "incident_report" not in fixtures:
        from endeavour.incidents.tests import factories

        fixtures["incident_report"] = factories.report(files=[factories.picture()])
    return fixtures["incident_report"]


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name in REPORT_ROUTES:
        return {"pk": _report(fixtures).pk}
    if name == "incidents:attachment":
        return {"pk": _report(fixtures).attachments.get().pk}
    return None
