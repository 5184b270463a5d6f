from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "endeavour.consultations"
    label = "consultations"
    verbose_name = "Review and improve: consultations"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.consultations import models, registrations  # noqa: F401

        for model in (
            models.Consultation,
            models.Question,
            models.RespondentType,
            models.ImportRun,
            models.Theme,
            models.DuplicateGroup,
        ):
            registry.register(model)
        # Assignments: machine proposals come and go by the thousand with each run (one summary
        # event per question); each person's decision is written explicitly by the services.
        # Documents: their text is the analysable content, not an audit field.
        registry.register(models.SourceDocument, exclude={"text"})
        # Answers change by analysis at volume; safety reviews are audited explicitly.
