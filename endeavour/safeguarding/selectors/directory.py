"""Reads for the help finder: the services for a borough and a kind of worry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from endeavour.core.models import Borough
from endeavour.safeguarding import config
from endeavour.safeguarding.models import (
    BoroughRouting,
    Coverage,
    ServiceKind,
    SupportService,
)


def check_due_before(today: date | None = None) -> date:
    """Services last checked before this date are overdue for a check."""
    return (today or timezone.localdate()) - timedelta(days=config.service_check_days())


def needing_check(queryset: QuerySet[SupportService] | None = None) -> QuerySet[SupportService]:
    queryset = queryset if queryset is not None else SupportService.objects.all()
    return queryset.filter(is_active=True, last_checked_on__lt=check_due_before())


@dataclass
class HelpResults:
    borough: Borough
    worry: str
    borough_contacts: list[SupportService] = field(default_factory=list)
    helplines: list[SupportService] = field(default_factory=list)
    community: list[SupportService] = field(default_factory=list)
    routing: BoroughRouting | None = None
    check_due_before: date | None = None

    @property
    def total(self) -> int:
        return len(self.borough_contacts) + len(self.helplines) + len(self.community)


def public_services(borough: Borough | None = None) -> QuerySet[SupportService]:
    """Shown services; for a borough, those serving it and every London-wide or national one."""
    services = SupportService.objects.filter(is_active=True)
    if borough is not None:
        services = services.filter(
            Q(coverage__in=[Coverage.LONDON, Coverage.NATIONAL]) | Q(boroughs=borough)
        ).distinct()
    return services.prefetch_related("boroughs").order_by("name")


def help_for(borough: Borough, worry: str) -> HelpResults:
    results = HelpResults(
        borough=borough,
        worry=worry,
        routing=BoroughRouting.objects.filter(borough=borough, is_active=True).first(),
        check_due_before=check_due_before(),
    )
    for service in public_services(borough):
        if worry not in service.worries:
            continue
        if service.kind == ServiceKind.BOROUGH_CONTACT:
            results.borough_contacts.append(service)
        elif service.kind == ServiceKind.HELPLINE:
            results.helplines.append(service)
        else:
            results.community.append(service)
    # London-wide before national, then by name.
    order = {Coverage.BOROUGHS: 0, Coverage.LONDON: 1, Coverage.NATIONAL: 2}
    results.helplines.sort(key=lambda s: (order.get(Coverage(s.coverage), 3), s.name))
    return results
