"""Every hate-incident URL: the public front door, report form and figures under
/report-or-get-help/ and /hate-incidents/, staff pages under /staff/incidents/."""

from endeavour.incidents.views import public, staff

app_name = "incidents"

urlpatterns = [*public.urlpatterns, *staff.urlpatterns]
