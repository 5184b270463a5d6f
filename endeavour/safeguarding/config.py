"""This app's settings, read when used (never at import time), with their defaults."""

from __future__ import annotations

from django.conf import settings

ACKNOWLEDGED = "safeguarding.AcknowledgedConcernDetails"
UNACKNOWLEDGED = "safeguarding.UnacknowledgedConcernDetails"


def purge_days_after_acknowledgement() -> int:
    """RETENTION_DAYS, from SAFEGUARDING_CONCERN_PURGE_DAYS (30)."""
    return int(settings.RETENTION_DAYS.get(ACKNOWLEDGED, 30))


def purge_days_if_never_acknowledged() -> int:
    """RETENTION_DAYS, from SAFEGUARDING_UNACKNOWLEDGED_PURGE_DAYS (90)."""
    return int(settings.RETENTION_DAYS.get(UNACKNOWLEDGED, 90))


def service_check_days() -> int:
    """Services not checked within this many days are flagged to staff and marked in public."""
    return int(getattr(settings, "SAFEGUARDING_SERVICE_CHECK_DAYS", 180))


def concern_rate_limit() -> int:
    """Concerns one address may send in an hour."""
    return int(getattr(settings, "SAFEGUARDING_CONCERN_RATE_LIMIT", 5))


def delivery_max_attempts() -> int:
    return int(getattr(settings, "SAFEGUARDING_DELIVERY_MAX_ATTEMPTS", 6))


def site_url() -> str:
    return str(getattr(settings, "SITE_URL", "")).rstrip("/")
