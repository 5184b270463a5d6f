from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from endeavour.detection import urls as urlnorm
from endeavour.online.models import Item, Platform, PlatformDomain


@transaction.atomic
def platform_create(*, platform: Platform, domains: list[str]) -> tuple[Platform, int]:
    """Add a platform with its domains, and link the items already reported on them."""
    taken = list(PlatformDomain.objects.filter(domain__in=domains).values_list("domain", flat=True))
    if taken:
        raise ValidationError({"domains": f"Already registered: {', '.join(taken)}."})
    platform.full_clean()
    platform.save()
    for domain in domains:
        PlatformDomain.objects.create(platform=platform, domain=domain)
    linked = 0
    for item in Item.objects.filter(platform__isnull=True).only("pk", "normalised_url"):
        host = urlnorm.normalise(item.normalised_url).host
        if set(urlnorm.domain_candidates(host)) & set(domains):
            Item.objects.filter(pk=item.pk).update(platform=platform)
            linked += 1
    return platform, linked
