from __future__ import annotations

from django.db.models import QuerySet
from rest_framework import generics, serializers

from endeavour.jobs import permissions
from endeavour.jobs.models import JobRun


class JobRunSerializer(serializers.ModelSerializer[JobRun]):
    percent = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = JobRun
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "progress_done",
            "progress_total",
            "percent",
            "message",
            "created_at",
            "started_at",
            "finished_at",
        ]


class JobRunDetailView(generics.RetrieveAPIView[JobRun]):
    """A background job you started, with its progress."""

    access_rule = staticmethod(permissions.can_view_own_jobs)
    serializer_class = JobRunSerializer

    def get_queryset(self) -> QuerySet[JobRun]:
        return permissions.scope_jobs(self.request.user, JobRun.objects.all())
