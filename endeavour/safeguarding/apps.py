from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "endeavour.safeguarding"
    label = "safeguarding"
    verbose_name = "Safeguard: help finder and concern routing"

    def ready(self) -> None:
        from endeavour.audit import registry
        from endeavour.safeguarding import models, registrations  # noqa: F401

        registry.register(models.SupportService)
        registry.register(models.BoroughRouting)
        # The routing record only. The sender's details (ConcernDetails) are never copied into
        # the append-only audit log, which the purge cannot reach; the purge itself is audited.
        registry.register(
            models.Concern, exclude={"next_attempt_at", "delivery_attempts", "last_error"}
        )
