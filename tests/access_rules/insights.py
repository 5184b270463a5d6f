"""Access expectations for Insights.

Programme officers and auditors see the whole programme; borough officers see the overview and
the map (their own borough, and other boroughs as the public does); programme officers generate,
edit and publish the annual report and load populations; the public reads published measures and
published reports. The annual report URLs are built with a draft (staff pages) and a published
report (public pages), made directly with the ORM.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from endeavour.core.models import Role
from tests.access_rules.roles import EVERYONE

VIEWERS = {Role.PROGRAMME_OFFICER, Role.AUDITOR}
OVERVIEW = VIEWERS | {Role.BOROUGH_OFFICER}
MANAGERS = {Role.PROGRAMME_OFFICER}

EXPECTED: dict[str, set[str]] = {
    "insights:overview": OVERVIEW,
    "insights:overview-csv": OVERVIEW,
    "insights:overview-xlsx": OVERVIEW,
    "insights:map": OVERVIEW,
    "insights:map-csv": OVERVIEW,
    "insights:map-xlsx": OVERVIEW,
    "insights:data-quality": VIEWERS,
    "insights:data-quality-csv": VIEWERS,
    "insights:report-list": VIEWERS,
    "insights:report-detail": VIEWERS,
    "insights:report-pdf": VIEWERS,
    "insights:report-csv": VIEWERS,
    "insights:report-xlsx": VIEWERS,
    "insights:report-edit": MANAGERS,
    # POST only: a GET that passes the rule answers 405, not 401/403.
    "insights:report-generate": MANAGERS,
    "insights:report-publish": MANAGERS,
    "insights:report-regenerate": MANAGERS,
    "insights:populations": VIEWERS,
    "insights:public-overview": EVERYONE,
    "insights:public-overview-csv": EVERYONE,
    "insights:public-overview-xlsx": EVERYONE,
    "insights:public-map": EVERYONE,
    "insights:public-map-csv": EVERYONE,
    "insights:public-map-xlsx": EVERYONE,
    "insights:public-reports": EVERYONE,
    "insights:public-report": EVERYONE,
    "insights:public-report-pdf": EVERYONE,
    "insights:public-report-csv": EVERYONE,
    "insights:public-report-xlsx": EVERYONE,
    "api-insights-overview": EVERYONE,
}

DRAFT_ROUTES = {
    "insights:report-detail",
    "insights:report-pdf",
    "insights:report-csv",
    "insights:report-xlsx",
    "insights:report-edit",
    "insights:report-publish",
    "insights:report-regenerate",
}
PUBLIC_ROUTES = {
    "insights:public-report",
    "insights:public-report-pdf",
    "insights:public-report-csv",
    "insights:public-report-xlsx",
}


def _report(fixtures: dict[str, Any], *, published: bool) -> Any:
    key = "insights_published" if published else "insights_draft"
    if key not in fixtures:
        from endeavour.insights.models import AnnualReport, ReportStatus

        now = timezone.now()
        fixtures[key] = AnnualReport.objects.create(
            year=2020 if published else 2021,
            title="Matrix report",
            figures={},
            figures_as_at=now,
            created_by=fixtures["person"],
            status=ReportStatus.PUBLISHED if published else ReportStatus.DRAFT,
            published_at=now if published else None,
            published_by=fixtures["person"] if published else None,
        )
    return fixtures[key]


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name in DRAFT_ROUTES:
        return {"pk": _report(fixtures, published=False).pk}
    if name in PUBLIC_ROUTES:
        return {"year": _report(fixtures, published=True).year}
    return None
