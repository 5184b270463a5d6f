"""Official statistics: public pages under /official-statistics/, staff pages under
/staff/official-statistics/."""

from endeavour.official_stats.views import public, staff

app_name = "official_stats"

urlpatterns = [*public.urlpatterns, *staff.urlpatterns]
