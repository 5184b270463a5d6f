"""Every online-casework URL, collected from the view modules that own them."""

from endeavour.online.views import (
    cases,
    classifier,
    disputes,
    evidence,
    figures,
    hash_banks,
    imports,
    platforms,
    public,
    queue,
    referrals,
)

app_name = "online"

urlpatterns = [
    *public.urlpatterns,
    *figures.urlpatterns,
    *queue.urlpatterns,
    *cases.urlpatterns,
    *evidence.urlpatterns,
    *referrals.urlpatterns,
    *disputes.urlpatterns,
    *imports.urlpatterns,
    *platforms.urlpatterns,
    *hash_banks.urlpatterns,
    *classifier.urlpatterns,
]
