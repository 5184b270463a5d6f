"""What recommendation tracking adds to navigation, the staff home page, retention and the demo."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from endeavour.core import navigation, retention, work_queues
from endeavour.core.access import anyone
from endeavour.core.demo import register_demo
from endeavour.recommendations import permissions
from endeavour.recommendations.models import OverdueReminder, Recommendation

AIM = "Review and improve"
for label, url_name, rule in [
    (
        "Your recommendations and actions",
        "recommendations:my-items",
        permissions.can_use_owner_pages,
    ),
    ("Reviews and sources", "recommendations:source-list", permissions.can_view_tracker),
    ("All recommendations", "recommendations:recommendation-list", permissions.can_view_tracker),
    ("Progress on recommendations", "recommendations:public-index", anyone),
]:
    navigation.register(navigation.NavItem(AIM, label, url_name, rule))


@work_queues.register
def recommendation_queues(user: Any) -> list[work_queues.QueueCount]:
    if not permissions.can_use_owner_pages(user):
        return []
    today = timezone.localdate()
    counts: list[work_queues.QueueCount] = []
    mine = permissions.scope_owned(user, Recommendation.objects.all())
    if mine.exists():
        open_mine = mine.filter(Q(current_status__is_open=True) | Q(current_status__isnull=True))
        url = reverse("recommendations:my-items")
        counts += [
            work_queues.QueueCount(
                "Your recommendations and actions past their target date",
                open_mine.filter(target_date__lt=today).count(),
                url,
                "Update their status with evidence, or agree a new target date.",
            ),
            work_queues.QueueCount("Your open recommendations and actions", open_mine.count(), url),
        ]
    if permissions.can_view_tracker(user):
        items = reverse("recommendations:recommendation-list")
        counts += [
            work_queues.QueueCount(
                "Recommendations and actions past their target date",
                Recommendation.objects.filter(
                    current_status__is_open=True, target_date__lt=today
                ).count(),
                f"{items}?rag=red",
            ),
            work_queues.QueueCount(
                "Reported implemented, waiting for verification",
                Recommendation.objects.filter(
                    current_status__counts_as_implemented=True,
                    current_status__owners_may_set=True,
                ).count(),
                f"{items}?status=implemented",
                "Check the owner's evidence; record 'Implemented and verified' if it holds.",
            ),
        ]
    return counts


@register_demo
def recommendations_demo() -> int:
    from endeavour.recommendations.demo import load_recommendations_demo

    return load_recommendations_demo()


@retention.register("recommendations.OverdueReminder", "overdue reminder records (email addresses)")
def purge_overdue_reminders(cutoff: datetime) -> int:
    count, _ = OverdueReminder.objects.filter(sent_at__lt=cutoff).delete()
    return count
