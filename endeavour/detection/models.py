from __future__ import annotations

from django.db import models


class SignalType(models.TextChoices):
    SHA256 = "sha256", "SHA-256 of a file"
    MD5 = "md5", "MD5 of a file"
    PDQ = "pdq", "PDQ perceptual hash of an image"
    URL = "url", "Normalised URL"


class HashBank(models.Model):
    """A named set of hashes: the city's own confirmed items, or an imported list."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    is_city_bank = models.BooleanField(
        default=False, help_text="Referred items' hashes are added here automatically."
    )
    enabled = models.BooleanField(default=True)
    pdq_max_distance = models.PositiveSmallIntegerField(
        default=31, help_text="PDQ matches at this Hamming distance or less."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BankEntry(models.Model):
    """One hash in a bank. Entries are disabled, never deleted, so decisions stay traceable."""

    bank = models.ForeignKey(HashBank, on_delete=models.CASCADE, related_name="entries")
    signal_type = models.CharField(max_length=8, choices=SignalType.choices)
    value = models.CharField(max_length=2000)
    value_key = models.CharField(
        max_length=64, db_index=True, help_text="The value itself, or SHA-256 of a long URL."
    )
    labels = models.JSONField(default=dict, blank=True)
    source_reference = models.CharField(
        max_length=64, blank=True, help_text="Where it came from, e.g. a case reference."
    )
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "signal_type", "value_key"], name="one_entry_per_value_per_bank"
            )
        ]
        indexes = [models.Index(fields=["signal_type", "value_key", "enabled"])]

    def __str__(self) -> str:
        return f"{self.get_signal_type_display()} {self.value[:24]}"
