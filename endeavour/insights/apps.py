from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "endeavour.insights"
    label = "insights"
    verbose_name = "Insights: the programme across its aims"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.insights import models, registrations  # noqa: F401

        registry.register(models.AnnualReport, exclude={"figures", "updated_at"})
        registry.register(models.PopulationSet)
        registry.register(models.BoroughPopulation)
