from django.urls import path

from endeavour.audit import api

urlpatterns = [path("audit-events/", api.AuditEventListView.as_view(), name="api-audit-event-list")]
