"""What safeguarding adds to navigation, the staff home page, retention and the demo."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from endeavour.core import navigation, retention, work_queues
from endeavour.core.access import anyone
from endeavour.core.demo import register_demo
from endeavour.safeguarding import permissions
from endeavour.safeguarding.models import Concern, DeliveryStatus

AIM = "Safeguard"
for label, url_name, rule in [
    ("Concerns for your borough", "safeguarding:concern-inbox", permissions.can_receive_concerns),
    ("Help finder services", "safeguarding:service-list", permissions.can_view_services),
    ("Borough routing settings", "safeguarding:routing-list", permissions.can_view_services),
    (
        "Concern routing records",
        "safeguarding:routing-records",
        permissions.can_view_routing_records,
    ),
    ("Safeguarding figures", "safeguarding:figures", permissions.can_view_routing_records),
    ("Help finder", "safeguarding:help-finder", anyone),
]:
    navigation.register(navigation.NavItem(AIM, label, url_name, rule))


@work_queues.register
def safeguarding_queues(user: Any) -> list[work_queues.QueueCount]:
    from endeavour.safeguarding.selectors.directory import needing_check

    counts: list[work_queues.QueueCount] = []
    if permissions.can_receive_concerns(user):
        waiting = permissions.scope_received_concerns(user, Concern.objects.all()).filter(
            acknowledged_at__isnull=True
        )
        counts.append(
            work_queues.QueueCount(
                "Concerns for your borough waiting for acknowledgement",
                waiting.count(),
                reverse("safeguarding:concern-inbox"),
                "Read each concern, contact the sender, and acknowledge it.",
            )
        )
    if permissions.can_manage_services(user):
        counts.append(
            work_queues.QueueCount(
                "Help finder services not checked recently",
                needing_check().count(),
                reverse("safeguarding:service-list") + "?due=1",
                "Check each service's details are right, then mark it as checked.",
            )
        )
    if permissions.can_view_routing_records(user):
        counts.append(
            work_queues.QueueCount(
                "Concerns whose delivery failed",
                Concern.objects.filter(delivery_status=DeliveryStatus.FAILED).count(),
                reverse("safeguarding:routing-records") + "?status=failed",
                "The borough's officers can still read them in Endeavour; check the team's "
                "email address in the routing settings.",
            )
        )
    return counts


@register_demo
def safeguarding_demo() -> int:
    from endeavour.safeguarding.demo import load_safeguarding_demo

    return load_safeguarding_demo()


@retention.register(
    "safeguarding.AcknowledgedConcernDetails",
    "senders' details of concerns acknowledged by the borough team",
)
def purge_acknowledged_concern_details(cutoff: datetime) -> int:
    from endeavour.safeguarding.services.concerns import purge_acknowledged

    return purge_acknowledged(cutoff)


@retention.register(
    "safeguarding.UnacknowledgedConcernDetails",
    "senders' details of concerns never acknowledged",
)
def purge_unacknowledged_concern_details(cutoff: datetime) -> int:
    from endeavour.safeguarding.services.concerns import purge_unacknowledged

    return purge_unacknowledged(cutoff)
