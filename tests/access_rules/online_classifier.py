"""Access expectations for the text classifier: the thresholds page (senior analysts and
administrators look; only administrators change a threshold, a POST tested separately) and the
scoring API (whoever may view cases)."""

from __future__ import annotations

from endeavour.core.models import Role
from tests.access_rules.roles import ANALYSTS

EXPECTED: dict[str, set[str]] = {
    "online:classifier-thresholds": {Role.SENIOR_ANALYST, Role.ADMINISTRATOR},
    # POST only: a GET that passes the rule answers 405, not 401/403.
    "api-online-classify": ANALYSTS | {Role.AUDITOR},
}
