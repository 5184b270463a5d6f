from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "endeavour.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from endeavour.audit import db_guard, receivers, registrations  # noqa: F401
