from __future__ import annotations

from django.db import models


class PolicyVersion(models.Model):
    """The published content policy reviewers apply. Every decision records its version."""

    version = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    published_on = models.DateField()
    url = models.URLField(blank=True)
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["-published_on"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class PolicyClause(models.Model):
    policy = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="clauses")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["policy", "code"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="one_clause_code_per_policy")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class LegalBasis(models.TextChoices):
    TERMS_OF_SERVICE = "terms_of_service", "The platform's own terms of service"
    TACT_2006_S1 = "tact2006_s1", "Terrorism Act 2006 s.1 (encouragement of terrorism)"
    TACT_2006_S2 = "tact2006_s2", "Terrorism Act 2006 s.2 (dissemination of terrorist publications)"
    TACT_2000_S58 = "tact2000_s58", "Terrorism Act 2000 s.58 (collection of information)"
    TACT_2000_PROSCRIBED = (
        "tact2000_proscribed",
        "Terrorism Act 2000 s.3 and Sch. 2 (proscribed organisation)",
    )
    OSA_2023_PRIORITY = "osa2023_priority", "Online Safety Act 2023 (priority illegal content)"


class ProscriptionList(models.Model):
    """A dated version of the UK proscription list, stored as published."""

    as_at = models.DateField(unique=True)
    source_url = models.URLField(blank=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-as_at"]

    def __str__(self) -> str:
        return f"Proscribed organisations as at {self.as_at:%d %B %Y}"


class ProscribedOrganisation(models.Model):
    proscription_list = models.ForeignKey(
        ProscriptionList, on_delete=models.CASCADE, related_name="organisations"
    )
    name = models.CharField(max_length=300)
    aliases = models.JSONField(default=list, blank=True)
    proscribed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
