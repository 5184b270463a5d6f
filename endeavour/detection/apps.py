from django.apps import AppConfig


class DetectionConfig(AppConfig):
    """Hashing and matching: pure Python with a small model layer for hash banks. No views."""

    name = "endeavour.detection"
    label = "detection"
    verbose_name = "Detection: hashes and hash banks"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.detection.models import BankEntry, HashBank

        registry.register(HashBank)
        registry.register(BankEntry)
