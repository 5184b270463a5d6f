"""What Insights adds to navigation. Its figures come from the other modules' demo data."""

from __future__ import annotations

from endeavour.core import navigation
from endeavour.core.access import anyone
from endeavour.insights import permissions

GROUP = "Insights"
for label, url_name, rule in [
    ("Programme overview", "insights:overview", permissions.can_view_overview),
    ("Borough map", "insights:map", permissions.can_view_overview),
    ("Data quality", "insights:data-quality", permissions.can_view_data_quality),
    ("Annual reports", "insights:report-list", permissions.can_view_reports),
    ("Borough populations", "insights:populations", permissions.can_view_programme),
    ("Programme figures", "insights:public-overview", anyone),
    ("Published annual reports", "insights:public-reports", anyone),
]:
    navigation.register(navigation.NavItem(GROUP, label, url_name, rule))
