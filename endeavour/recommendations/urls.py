"""Every recommendation-tracking URL: public pages under /recommendations/, staff pages under
/staff/recommendations/, collected from the view modules that own them."""

from endeavour.recommendations.views import items, public, sources, updates

app_name = "recommendations"

urlpatterns = [
    *public.urlpatterns,
    *sources.urlpatterns,
    *items.urlpatterns,
    *updates.urlpatterns,
]
