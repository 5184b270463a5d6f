"""The help finder's directory: support services staff keep current, with a last-checked date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from endeavour.core.models import Borough


class Worry(models.TextChoices):
    """What the person using the help finder is worried about. Never a judgement of anyone."""

    DRAWN_IN = "drawn_in", _("Someone is being drawn into extremist views")
    ONLINE = "online_material", _("Someone is sharing or looking at extremist material online")
    HATE_VICTIM = "hate_victim", _("Someone has been a victim of hate")
    MYSELF = "myself", _("I am worried about myself")


class ServiceKind(models.TextChoices):
    BOROUGH_CONTACT = "borough_contact", _("Borough safeguarding or Prevent contact")
    HELPLINE = "helpline", _("Helpline")
    COMMUNITY = "community_organisation", _("Community organisation")


class Coverage(models.TextChoices):
    BOROUGHS = "boroughs", _("The boroughs chosen below")
    LONDON = "london", _("All of London")
    NATIONAL = "national", _("The whole country")


class SupportService(models.Model):
    """One source of support shown by the help finder: a borough contact, a helpline or a funded
    community organisation. Entered and checked by reports officers and programme officers."""

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=ServiceKind.choices)
    coverage = models.CharField(
        "area served", max_length=16, choices=Coverage.choices, default=Coverage.BOROUGHS
    )
    boroughs = models.ManyToManyField(Borough, blank=True, related_name="support_services")
    worries = models.JSONField(
        default=list, help_text="The kinds of worry this service helps with (Worry codes)."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    opening_hours = models.CharField(max_length=200, blank=True)
    languages = models.CharField(
        "languages offered", max_length=300, blank=True, help_text="For example: English, Polish."
    )
    description = models.TextField(
        "description in plain English", max_length=1500, help_text="What they do, in plain English."
    )
    description_pl = models.TextField(
        "description in Polish (optional)",
        max_length=1500,
        blank=True,
        help_text="Shown to people reading the help finder in Polish; English is shown otherwise.",
    )
    is_active = models.BooleanField(
        "shown in the help finder", default=True, help_text="Untick to hide it without deleting."
    )
    last_checked_on = models.DateField(help_text="When someone last checked these details.")
    last_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_sample = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def worry_labels(self) -> list[str]:
        return [str(Worry(code).label) for code in Worry.values if code in self.worries]

    def description_for(self, language: str) -> str:
        if language.startswith("pl") and self.description_pl:
            return self.description_pl
        return self.description
