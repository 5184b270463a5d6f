"""Access expectations for official statistics.

Programme officers import; programme officers and auditors read every publication and version;
everyone reads the current figures on the public pages and through the API. The pages that
take an id or a year are built with a sample publication (made-up test values) and a pending
upload, made once per matrix run.
"""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import EVERYONE

MANAGERS = {Role.PROGRAMME_OFFICER}
VIEWERS = {Role.PROGRAMME_OFFICER, Role.AUDITOR}

EXPECTED: dict[str, set[str]] = {
    # Public pages, downloads and API: the current version of each year, small counts withheld.
    "official_stats:public-index": EVERYONE,
    "official_stats:public-year": EVERYONE,
    "official_stats:public-dimension": EVERYONE,
    "official_stats:public-csv": EVERYONE,
    "official_stats:public-xlsx": EVERYONE,
    "api-official-stats-publications": EVERYONE,
    "api-official-stats-comparison": EVERYONE,
    # Every publication and version, as published.
    "official_stats:publication-list": VIEWERS,
    "official_stats:publication-detail": VIEWERS,
    "official_stats:publication-csv": VIEWERS,
    "official_stats:publication-xlsx": VIEWERS,
    # The import.
    "official_stats:upload": MANAGERS,
    "official_stats:upload-map": MANAGERS,
    "official_stats:upload-confirm": MANAGERS,
}

YEAR_ROUTES = {"official_stats:public-year", "api-official-stats-comparison"}
DIMENSION_ROUTES = {
    "official_stats:public-dimension",
    "official_stats:public-csv",
    "official_stats:public-xlsx",
}
PUBLICATION_ROUTES = {
    "official_stats:publication-detail",
    "official_stats:publication-csv",
    "official_stats:publication-xlsx",
}
UPLOAD_ROUTES = {"official_stats:upload-map", "official_stats:upload-confirm"}


def _publication(fixtures: dict[str, Any]) -> Any:
    if "official_publication" not in fixtures:
        from endeavour.official_stats.tests import factories

        fixtures["official_publication"] = factories.publication()
    return fixtures["official_publication"]


def _upload(fixtures: dict[str, Any]) -> Any:
    if "official_upload" not in fixtures:
        from endeavour.official_stats.tests import factories

        fixtures["official_upload"] = factories.pending()
    return fixtures["official_upload"]


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name in YEAR_ROUTES:
        return {"year": _publication(fixtures).year}
    if name in DIMENSION_ROUTES:
        return {"year": _publication(fixtures).year, "dimension": "ideology"}
    if name in PUBLICATION_ROUTES:
        return {"pk": _publication(fixtures).pk}
    if name in UPLOAD_ROUTES:
        return {"pk": _upload(fixtures).pk}
    return None
