from django.db import models
from django.urls import reverse

from endeavour.core.models.boroughs import Borough


class OrganisationType(models.TextChoices):
    CVE_TEAM = "cve_team", "City CVE team"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    DELIVERY_PARTNER = "delivery_partner", "Delivery partner"
    PLATFORM = "platform", "Hosting platform"
    POLICE = "police", "Police"


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=32, choices=OrganisationType.choices)
    borough = models.ForeignKey(
        Borough,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        help_text="For a local authority, its area; for a partner, the borough it is based in.",
    )
    website = models.URLField(blank=True)
    contact_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)
    is_sample = models.BooleanField(
        default=False, help_text="Sample data created by the demo command, not a real body."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(type="local_authority") | models.Q(borough__isnull=False),
                name="local_authority_has_borough",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:organisation-detail", args=[self.pk])
