"""Help-finder use, counted as aggregate counters only: no addresses, sessions or identifiers."""

from __future__ import annotations

from django.db import models

from endeavour.core.models import Borough
from endeavour.safeguarding.models.directory import Worry


class HelpFinderUse(models.Model):
    """How many times the help finder showed results for a borough and worry in a month."""

    month = models.DateField(help_text="The first day of the month.")
    borough = models.ForeignKey(Borough, on_delete=models.PROTECT, related_name="+")
    worry = models.CharField(max_length=20, choices=Worry.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["month", "borough__name", "worry"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "borough", "worry"], name="one_help_finder_counter_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%B %Y}, {self.borough}, {self.worry}: {self.count}"
