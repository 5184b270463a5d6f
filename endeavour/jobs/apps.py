from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "endeavour.jobs"
    label = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        from endeavour.jobs import registrations  # noqa: F401
