from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "endeavour.incidents"
    label = "incidents"
    verbose_name = "Safeguard: hate incident reports"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.incidents import models, registrations  # noqa: F401

        # Reports are audited without their free text or exact location (kept on the case record).
        registry.register(models.IncidentReport, redact={"description", "exact_location"})
        registry.register(models.ReportMotivation)
        registry.register(models.ReportLink)
        registry.register(models.Attachment)
        registry.register(models.ReporterContact, redact={"name", "email", "phone"})
        registry.register(models.TriageEntry)
        registry.register(models.Routing)
