"""What the grant fund adds to navigation, the home page's work queues, retention and the demo.

Retention (periods in ``settings.RETENTION_DAYS``):
- ``grants.UnsuccessfulApplicationFiles``: the documents (constitution, safeguarding policy,
  accounts) of applications that were declined or never submitted are deleted this many days
  after the call's decision date. The application's own fields and the aggregate figures stay.
- ``grants.RegistrationContact``: the contact name and email address on a registration request
  are cleared this many days after it was decided (an approved person's account keeps its own).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from endeavour.core import navigation, retention, work_queues
from endeavour.core.access import anyone
from endeavour.core.demo import register_demo
from endeavour.grants import permissions

AIM = "Strengthen communities"
for label, url_name, rule in [
    ("Fund", "grants:fund-home", permissions.can_view_fund),
    ("Fund dashboard", "grants:dashboard", permissions.can_view_fund),
    ("Your applications and grants", "grants:my-applications", permissions.is_applicant),
    ("Your assessments", "grants:my-assessments", permissions.is_assessor),
    ("Community grant fund: open calls", "grants:public-calls", anyone),
    ("What the fund paid for", "grants:funded", anyone),
]:
    navigation.register(navigation.NavItem(AIM, label, url_name, rule))


@work_queues.register
def grant_queues(user: Any) -> list[work_queues.QueueCount]:
    from endeavour.grants.selectors import work

    counts: list[work_queues.QueueCount] = []
    if permissions.can_manage_fund(user):
        url = reverse("grants:work")
        counts += [
            work_queues.QueueCount(
                "Grant applications needing assessors",
                work.to_assign().count(),
                url,
                "Submitted applications with fewer than two assessors without a conflict.",
            ),
            work_queues.QueueCount(
                "Divergent grant scores to moderate",
                work.to_moderate().count(),
                url,
                "Assessors' scores differ by more than the call allows.",
            ),
            work_queues.QueueCount(
                "Overdue monitoring returns",
                work.overdue().count(),
                url,
                "Organisations are reminded by email once a week.",
            ),
        ]
    if permissions.is_assessor(user):
        counts.append(
            work_queues.QueueCount(
                "Grant applications to assess",
                work.assessments_to_do(user).count(),
                reverse("grants:my-assessments"),
                "Declare any conflict of interest first, then score.",
            )
        )
    if permissions.is_applicant(user):
        counts.append(
            work_queues.QueueCount(
                "Monitoring returns due",
                work.returns_due(user).count(),
                reverse("grants:my-applications"),
                "Aggregate figures only: never names or details of people.",
            )
        )
    return counts


@retention.register(
    "grants.UnsuccessfulApplicationFiles",
    "documents of declined or unsubmitted grant applications, after the call's decision date",
)
def purge_unsuccessful_files(cutoff: datetime) -> int:
    from endeavour.grants.services.applications import unsuccessful_attachments_purge

    return unsuccessful_attachments_purge(cutoff)


@retention.register(
    "grants.RegistrationContact", "contact details on decided registration requests"
)
def purge_registration_contacts(cutoff: datetime) -> int:
    from endeavour.grants.services.registration import registration_contacts_purge

    return registration_contacts_purge(cutoff)


@register_demo
def grants_demo() -> int:
    from endeavour.grants.demo import load_grants_demo

    return load_grants_demo()
