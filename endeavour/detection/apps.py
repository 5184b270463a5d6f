from django.apps import AppConfig


class DetectionConfig(AppConfig):
    """Hashing, matching, hash-list exchange and the text classifier, with a small model layer.
    No views."""

    name = "endeavour.detection"
    label = "detection"
    verbose_name = "Detection: hashes and hash banks"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.detection import registrations  # noqa: F401
        from endeavour.detection.models import (
            BankEntry,
            ClassifierThreshold,
            ExchangeSource,
            HashBank,
        )

        registry.register(HashBank)
        registry.register(BankEntry)
        registry.register(ExchangeSource, exclude={"checkpoint", "last_fetched_at"})
        registry.register(ClassifierThreshold)
