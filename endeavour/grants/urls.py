"""Every grant fund URL: public pages under /fund/calls/ and /funded/, applicants' and assessors'
pages under /fund/, staff pages under /staff/grants/, collected from the view modules."""

from endeavour.grants.views import applicant, assessor, calls, public, reporting, staff_work

app_name = "grants"

urlpatterns = [
    *public.urlpatterns,
    *applicant.urlpatterns,
    *assessor.urlpatterns,
    *calls.urlpatterns,
    *staff_work.urlpatterns,
    *reporting.urlpatterns,
]
