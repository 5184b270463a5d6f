from django.apps import AppConfig


class OnlineConfig(AppConfig):
    name = "endeavour.online"
    label = "online"
    verbose_name = "Stop the spread: online content casework"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.online import models, registrations  # noqa: F401

        for model in (
            models.Platform,
            models.PlatformDomain,
            models.PolicyVersion,
            models.PolicyClause,
            models.Item,
            models.Submission,
            models.ItemFile,
            models.Case,
            models.Signal,
            models.Decision,
            models.Referral,
            models.OutcomeCheck,
            models.Dispute,
            models.ProscriptionList,
        ):
            registry.register(model)
        registry.register(models.ReporterContact, redact={"name", "email"})
