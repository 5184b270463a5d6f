"""Help-finder use: one counter row per month, borough and worry, incremented in the database.
Nothing about the visitor is stored: no address, session, time of day or identifier."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from endeavour.core.models import Borough
from endeavour.safeguarding.models import HelpFinderUse


def help_finder_use_record(borough: Borough, worry: str, day: date | None = None) -> None:
    month = (day or timezone.localdate()).replace(day=1)
    cell = {"month": month, "borough": borough, "worry": worry}
    with transaction.atomic():
        if HelpFinderUse.objects.filter(**cell).update(count=F("count") + 1):
            return
        try:
            with transaction.atomic():
                HelpFinderUse.objects.create(**cell, count=1)
        except IntegrityError:  # created by a request at the same moment
            HelpFinderUse.objects.filter(**cell).update(count=F("count") + 1)
