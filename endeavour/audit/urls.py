from django.urls import path

from endeavour.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_event_list, name="event-list"),
    path("<int:pk>/", views.audit_event_detail, name="event-detail"),
    path("export/", views.audit_export, name="export"),
]
