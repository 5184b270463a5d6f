from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class SignalType(models.TextChoices):
    SHA256 = "sha256", "SHA-256 of a file"
    MD5 = "md5", "MD5 of a file"
    PDQ = "pdq", "PDQ perceptual hash of an image or video frame"
    URL = "url", "Normalised URL"
    TEXT = "text", "SHA-256 of normalised text"
    TEXT_MINHASH = "text_minhash", "MinHash signature of text (near-duplicates)"


class BankPurpose(models.TextChoices):
    MATCH = "match", "Match: a hit raises a signal"
    ALLOW = "allow", "Allow-list: a hit suppresses signals (known false matches)"


class HashBank(models.Model):
    """A named set of hashes: the city's own confirmed items, an imported list, or an allow-list."""

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    purpose = models.CharField(max_length=8, choices=BankPurpose.choices, default=BankPurpose.MATCH)
    is_city_bank = models.BooleanField(
        default=False, help_text="Referred items' hashes are added here automatically."
    )
    labels = models.JSONField(
        default=dict, blank=True, help_text="Defaults for entries: ideology, organisation, tier."
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
    signal_type = models.CharField(max_length=12, choices=SignalType.choices)
    value = models.TextField()
    value_key = models.CharField(
        max_length=64, db_index=True, help_text="The value itself, or SHA-256 of a long value."
    )
    quality = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="PDQ quality (0-100) where known."
    )
    labels = models.JSONField(default=dict, blank=True)
    source_reference = models.CharField(
        max_length=64, blank=True, help_text="Where it came from, e.g. a case reference."
    )
    exchange_source = models.ForeignKey(
        "ExchangeSource", null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The entry's id in the list it was imported from."
    )
    enabled = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at"]
        verbose_name_plural = "bank entries"
        constraints = [
            models.UniqueConstraint(
                fields=["bank", "signal_type", "value_key"], name="one_entry_per_value_per_bank"
            )
        ]
        indexes = [models.Index(fields=["signal_type", "value_key", "enabled"])]

    def __str__(self) -> str:
        return f"{self.get_signal_type_display()} {self.value[:24]}"

    @property
    def effective_labels(self) -> dict[str, object]:
        return {**self.bank.labels, **self.labels}


class ExchangeKind(models.TextChoices):
    TAT = "tat", "Tech Against Terrorism hash list (API)"
    THREATEXCHANGE = "threatexchange", "ThreatExchange / GIFCT hash-sharing database (API)"
    LOCAL_FILE = "local_file", "A hash-list file on this server (ThreatExchange line format)"
    CSV_URL = "csv_url", "A CSV hash list published at a web address"


class ExchangeSource(models.Model):
    """Somewhere hash lists come from. Credentials live in the environment, never here."""

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=ExchangeKind.choices)
    bank = models.ForeignKey(HashBank, on_delete=models.PROTECT, related_name="exchange_sources")
    base_url = models.URLField(blank=True, help_text="The API or file address.")
    config = models.JSONField(
        default=dict, blank=True, help_text="Kind-specific settings, e.g. privacy group id."
    )
    credentials_env = models.CharField(
        max_length=100, blank=True, help_text="Name of the environment variable with credentials."
    )
    enabled = models.BooleanField(default=True)
    checkpoint = models.JSONField(
        default=dict, blank=True, help_text="Where the last fetch stopped; the next one resumes."
    )
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RunKind(models.TextChoices):
    FILE_IMPORT = "file_import", "Hash-list file import"
    FETCH = "fetch", "Fetch from an exchange"
    EXPORT = "export", "Export"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    REJECTED = "rejected", "Rejected: nothing applied"
    FAILED = "failed", "Failed: resumable from the checkpoint"


class ExchangeRun(models.Model):
    """One import, fetch or export, with its report: counts and rejected rows by line number."""

    kind = models.CharField(max_length=12, choices=RunKind.choices)
    source = models.ForeignKey(
        ExchangeSource, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    bank = models.ForeignKey(
        HashBank, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    file_format = models.CharField(max_length=20, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    rows_read = models.PositiveIntegerField(default=0)
    rows_added = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_tombstoned = models.PositiveIntegerField(default=0)
    rows_rejected = models.PositiveIntegerField(default=0)
    errors = models.JSONField(
        default=list, blank=True, help_text="[{line, message}], the first 200 problems."
    )
    message = models.CharField(max_length=500, blank=True)
    checkpoint = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class ClassifierCategory(models.TextChoices):
    """The text classifier's harmful categories (its model's ``config.json`` lists the same)."""

    THREAT = "threat", "Threat of violence"
    TERRORISM_SUPPORT = "terrorism_support", "Support for terrorism"
    DEHUMANISING_HATE = "dehumanising_hate", "Dehumanising hate"


class ClassifierThreshold(models.Model):
    """An administrator's threshold for one classifier category, with the reason.

    Rows are added, never changed: the newest for a category is in force and the rest are its
    history. A category with no row uses the threshold the model was shipped with.
    """

    category = models.CharField(max_length=24, choices=ClassifierCategory.choices)
    threshold = models.FloatField(
        validators=[MinValueValidator(0.01), MaxValueValidator(1.0)],
        help_text="A text is flagged for this category at this probability or above.",
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now, db_index=True)
    reason = models.TextField()
    model_version = models.CharField(
        max_length=100, blank=True, help_text="The model in use when it was set."
    )

    class Meta:
        ordering = ["-set_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=0.01) & Q(threshold__lte=1.0),
                name="classifier_threshold_between_0_and_1",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.threshold:.0%}"
