from django.apps import AppConfig


class GrantsConfig(AppConfig):
    name = "endeavour.grants"
    label = "grants"
    verbose_name = "Strengthen communities: community grant fund"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.grants import models, registrations  # noqa: F401

        for model in (
            models.Call,
            models.Criterion,
            models.Instrument,
            models.Application,
            models.Attachment,
            models.Assignment,
            models.Score,
            models.Moderation,
            models.Decision,
            models.Grant,
            models.Instalment,
            models.Variation,
            models.MonitoringReturn,
            models.ReturnBorough,
            models.OutcomeMeasure,
            models.ImportRun,
        ):
            registry.register(model)
        registry.register(
            models.RegistrationRequest,
            redact={"contact_first_name", "contact_last_name", "contact_email"},
        )
