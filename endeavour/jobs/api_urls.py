from django.urls import path

from endeavour.jobs import api

urlpatterns = [path("jobs/<uuid:pk>/", api.JobRunDetailView.as_view(), name="api-job-detail")]
