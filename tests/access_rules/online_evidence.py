"""Access expectations for evidence files and thumbnails: analysts and auditors only."""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import ANALYSTS

EVIDENCE_VIEWERS = ANALYSTS | {Role.AUDITOR}

EXPECTED: dict[str, set[str]] = {
    "online:evidence-file": EVIDENCE_VIEWERS,
    "online:evidence-thumbnail": EVIDENCE_VIEWERS,
}


def _item_file_with_thumbnail(fixtures: dict[str, Any]) -> Any:
    if "evidence_file" not in fixtures:
        from endeavour.online.tests.factories import image_file, submit

        item = submit(
            url="https://videoshare.example/watch/access-matrix-evidence",
            files=[image_file(seed=7)],
        ).item
        fixtures["evidence_file"] = item.files.first()
    return fixtures["evidence_file"]


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if name in EXPECTED:
        return {"pk": _item_file_with_thumbnail(fixtures).pk}
    return None
