"""Access expectations for the transparency figures: public, with exact counts for staff."""

from __future__ import annotations

from tests.access_rules.roles import EVERYONE

EXPECTED: dict[str, set[str]] = {
    "online:figures": EVERYONE,
    "online:figures-csv": EVERYONE,
    "online:figures-pdf": EVERYONE,
    "api-online-figures": EVERYONE,
}
