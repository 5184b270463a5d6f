"""What official statistics add to navigation, retention and the demo."""

from __future__ import annotations

from datetime import datetime

from endeavour.core import navigation, retention
from endeavour.core.access import anyone
from endeavour.core.demo import register_demo
from endeavour.official_stats import permissions
from endeavour.official_stats.models import PendingUpload

GROUP = "Insights"
for label, url_name, rule in [
    (
        "Official statistics: publications",
        "official_stats:publication-list",
        permissions.can_view_publications,
    ),
    ("Prevent referrals: London and England and Wales", "official_stats:public-index", anyone),
]:
    navigation.register(navigation.NavItem(GROUP, label, url_name, rule))


@register_demo
def official_stats_demo() -> int:
    from endeavour.official_stats.demo import load_official_stats_demo

    return load_official_stats_demo()


@retention.register(
    "official_stats.PendingUpload", "uploaded statistics files never confirmed for import"
)
def purge_pending_uploads(cutoff: datetime) -> int:
    count, _ = PendingUpload.objects.filter(uploaded_at__lt=cutoff).delete()
    return count
