"""Insights URLs: staff pages under /staff/insights/, public pages under /insights/."""

from endeavour.insights.views import figures, reports

app_name = "insights"

urlpatterns = [*figures.urlpatterns, *reports.urlpatterns]
