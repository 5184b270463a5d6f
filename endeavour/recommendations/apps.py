from django.apps import AppConfig


class RecommendationsConfig(AppConfig):
    name = "endeavour.recommendations"
    label = "recommendations"
    verbose_name = "Review and improve: recommendations and actions"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.recommendations import models, registrations  # noqa: F401

        for model in (
            models.StatusVocabulary,
            models.StatusDefinition,
            models.Source,
            models.Theme,
            models.StatusChange,
            models.EvidenceFile,
            models.EvidenceLink,
            models.ImportRun,
        ):
            registry.register(model)
        # The current_* fields repeat the history (audited as StatusChange rows): not again here.
        registry.register(
            models.Recommendation,
            exclude={"current_status", "current_status_since", "current_progress", "updated_at"},
        )
        registry.register(models.OverdueReminder, redact={"email"})
