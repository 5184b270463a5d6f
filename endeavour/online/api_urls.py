from endeavour.online.api import cases, figures, intake, referrals

urlpatterns = [
    *intake.urlpatterns,
    *cases.urlpatterns,
    *referrals.urlpatterns,
    *figures.urlpatterns,
]
