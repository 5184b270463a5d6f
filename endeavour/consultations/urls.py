"""Every consultation URL: public pages under /consultations/, staff pages under
/staff/consultations/, collected from the view modules that own them."""

from endeavour.consultations.views import analysis, findings, public, staff

app_name = "consultations"

urlpatterns = [
    *public.urlpatterns,
    *staff.urlpatterns,
    *analysis.urlpatterns,
    *findings.urlpatterns,
]
