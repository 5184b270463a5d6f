from endeavour.online.api import cases, figures, hashes, intake, referrals

urlpatterns = [
    *intake.urlpatterns,
    *cases.urlpatterns,
    *referrals.urlpatterns,
    *figures.urlpatterns,
    *hashes.urlpatterns,
]
