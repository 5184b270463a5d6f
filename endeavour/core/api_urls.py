from django.urls import path

from endeavour.core import api

urlpatterns = [
    path("me/", api.MeView.as_view(), name="api-me"),
    path("boroughs/", api.BoroughListView.as_view(), name="api-borough-list"),
    path("organisations/", api.OrganisationListView.as_view(), name="api-organisation-list"),
    path(
        "organisations/<int:pk>/",
        api.OrganisationDetailView.as_view(),
        name="api-organisation-detail",
    ),
]
