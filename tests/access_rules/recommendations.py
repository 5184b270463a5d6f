"""Access expectations for recommendation tracking.

Programme officers manage; programme officers and auditors read everything; the public reads
published sources. The item pages are for owners too, and owners are not a role: they are the
people whose organisation owns an item (or its named lead officer). So the item URLs below are
built, for each role, with an item owned by that person's own organisation (every test user has
one): the line then says which roles may act on their own items. Auditors may only read, even
their own organisation's items. What non-owners get (404, as for an unknown id) is tested in
``endeavour/recommendations/tests/test_permissions.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import EVERYONE, STAFF

MANAGERS = {Role.PROGRAMME_OFFICER}
VIEWERS = {Role.PROGRAMME_OFFICER, Role.AUDITOR}
REPORTERS = STAFF - {Role.AUDITOR}

EXPECTED: dict[str, set[str]] = {
    # Public pages, exports and API (published sources, published fields).
    "recommendations:public-index": EVERYONE,
    "recommendations:public-statuses": EVERYONE,
    "recommendations:public-source": EVERYONE,
    "recommendations:public-source-csv": EVERYONE,
    "recommendations:public-source-xlsx": EVERYONE,
    "recommendations:public-source-pdf": EVERYONE,
    "recommendations:public-recommendation": EVERYONE,
    "recommendations:source-document": EVERYONE,
    "api-recommendations-source-list": EVERYONE,
    "api-recommendations-source-detail": EVERYONE,
    "api-recommendations-list": EVERYONE,
    "api-recommendations-detail": EVERYONE,
    "api-recommendations-statuses": EVERYONE,
    # The tracker.
    "recommendations:source-list": VIEWERS,
    "recommendations:source-detail": VIEWERS,
    "recommendations:source-export-csv": VIEWERS,
    "recommendations:source-export-xlsx": VIEWERS,
    "recommendations:recommendation-list": VIEWERS,
    "recommendations:source-create": MANAGERS,
    "recommendations:source-edit": MANAGERS,
    "recommendations:source-import": MANAGERS,
    "recommendations:recommendation-create": MANAGERS,
    "recommendations:recommendation-edit": MANAGERS,
    "recommendations:action-create": MANAGERS,
    # POST only: a GET that passes the rule answers 405, not 401/403.
    "recommendations:link-remove": MANAGERS,
    # Owners' pages, with an item owned by the person's own organisation (see above).
    "recommendations:my-items": STAFF,
    "recommendations:recommendation-detail": STAFF,
    "recommendations:evidence-file": STAFF,
    "recommendations:status-update": REPORTERS,
    "recommendations:response-update": REPORTERS,
    "recommendations:link-add": REPORTERS,
}

SOURCE_ROUTES = {
    "recommendations:public-source",
    "recommendations:public-source-csv",
    "recommendations:public-source-xlsx",
    "recommendations:public-source-pdf",
    "recommendations:source-document",
    "recommendations:source-detail",
    "recommendations:source-edit",
    "recommendations:source-import",
    "recommendations:source-export-csv",
    "recommendations:source-export-xlsx",
    "recommendations:recommendation-create",
    "api-recommendations-source-detail",
}
PUBLIC_ITEM_ROUTES = {"recommendations:public-recommendation", "api-recommendations-detail"}
OWN_ITEM_ROUTES = {
    "recommendations:recommendation-detail",
    "recommendations:recommendation-edit",
    "recommendations:action-create",
    "recommendations:status-update",
    "recommendations:response-update",
    "recommendations:link-add",
}


def _source(fixtures: dict[str, Any]) -> Any:
    """A published source with a document."""
    if "recommendation_source" not in fixtures:
        from endeavour.recommendations.services.files import IncomingFile
        from endeavour.recommendations.services.sources import source_create
        from endeavour.recommendations.tests.factories import PDF_BYTES, officer

        fixtures["recommendation_source"] = source_create(
            kind="review",
            title="Access matrix review",
            date=date(2016, 10, 14),
            author="Matrix reviewer",
            is_published=True,
            document=IncomingFile("review.pdf", PDF_BYTES),
            by=officer(),
        )
    return fixtures["recommendation_source"]


def _own_item(user: Any, fixtures: dict[str, Any]) -> Any:
    """An item of the published source owned by the user's organisation (for the public: by
    someone else), with a status change that has an evidence document and a link."""
    key = f"recommendation_for_{getattr(user, 'pk', 'anonymous')}"
    if key not in fixtures:
        from endeavour.recommendations.models import EvidenceLink
        from endeavour.recommendations.services.files import IncomingFile
        from endeavour.recommendations.tests import factories

        owner = user.organisation if user is not None else factories.organisation()
        item = factories.recommendation(_source(fixtures), owners=[owner])
        factories.record(
            item,
            "in_progress",
            date(2017, 1, 1),
            files=[IncomingFile("minutes.pdf", factories.PDF_BYTES)],
        )
        EvidenceLink.objects.create(recommendation=item, kind="online_case", reference="CASE-X")
        fixtures[key] = item
    return fixtures[key]


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name in SOURCE_ROUTES:
        return {"pk": _source(fixtures).pk}
    if name in PUBLIC_ITEM_ROUTES or name in OWN_ITEM_ROUTES:
        return {"pk": _own_item(user, fixtures).pk}
    if name == "recommendations:evidence-file":
        item = _own_item(user, fixtures)
        return {"pk": item.status_changes.get(kind="update").files.get().pk}
    if name == "recommendations:link-remove":
        return {"pk": _own_item(user, fixtures).links.get().pk}
    return None
