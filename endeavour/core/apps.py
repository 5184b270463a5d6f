from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "endeavour.core"
    label = "core"
    verbose_name = "Core: organisations, people and reference data"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.core import registrations, schema  # noqa: F401
        from endeavour.core.models import Borough, Organisation, RoleAssignment, User

        registry.register(Borough)
        registry.register(Organisation)
        registry.register(User, exclude={"last_login"}, redact={"password"})
        registry.register(RoleAssignment)
