from django.apps import AppConfig


class OfficialStatsConfig(AppConfig):
    name = "endeavour.official_stats"
    label = "official_stats"
    verbose_name = "Insights: official Prevent referral statistics"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.official_stats import models, registrations  # noqa: F401

        registry.register(models.Publication)
        registry.register(models.StatisticsTable)
        # The uploaded bytes are not copied into the audit log; the file hash is.
        registry.register(models.PendingUpload, exclude={"data", "mapping"})
