from endeavour.online.api import cases, classify, figures, hashes, intake, referrals

urlpatterns = [
    *intake.urlpatterns,
    *cases.urlpatterns,
    *referrals.urlpatterns,
    *figures.urlpatterns,
    *hashes.urlpatterns,
    *classify.urlpatterns,
]
