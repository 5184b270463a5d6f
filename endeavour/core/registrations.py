"""What the core app adds to the navigation and to the staff home page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from endeavour.core import navigation, permissions, retention, work_queues
from endeavour.core.models import RoleAssignment, User

navigation.register(
    navigation.NavItem(
        "Administration",
        "Organisations",
        "core:organisation-list",
        permissions.can_view_organisations,
    )
)
navigation.register(
    navigation.NavItem("Administration", "People", "core:person-list", permissions.can_view_people)
)
navigation.register(
    navigation.NavItem(
        "Administration", "API tokens", "core:api-tokens", permissions.can_manage_api_tokens
    )
)


@work_queues.register
def administrator_queues(user: Any) -> list[work_queues.QueueCount]:
    if not permissions.can_manage_people(user):
        return []
    from axes.models import AccessAttempt
    from django_otp.plugins.otp_totp.models import TOTPDevice

    needs_device = (
        User.objects.filter(
            is_active=True, role_assignments__role__in=settings.TWO_FACTOR_REQUIRED_ROLES
        )
        .exclude(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user_id"))
        .distinct()
        .count()
    )
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME,
    ).count()
    no_role = (
        User.objects.filter(is_active=True)
        .exclude(pk__in=RoleAssignment.objects.values("user_id"))
        .filter(~Q(is_superuser=True))
        .count()
    )
    people = reverse("core:person-list")
    return [
        work_queues.QueueCount(
            "People who still have to set up two-factor sign-in", needs_device, people
        ),
        work_queues.QueueCount(
            "Accounts locked out now",
            locked,
            people,
            "Unlock with: endeavour axes_reset_username USERNAME",
        ),
        work_queues.QueueCount("Active accounts without a role", no_role, people),
    ]


@retention.register("sessions.Session", "expired sessions")
def purge_sessions(cutoff: datetime) -> int:
    from django.contrib.sessions.models import Session

    count, _ = Session.objects.filter(expire_date__lt=cutoff).delete()
    return count


@retention.register("axes.AccessAttempt", "sign-in attempt records")
def purge_access_attempts(cutoff: datetime) -> int:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    count: int = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()[0]
    count += AccessLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    count += AccessFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    return count
