"""Which models are audited, and how their fields are written into before/after snapshots."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class AuditedModel:
    exclude: frozenset[str] = field(default_factory=frozenset)
    redact: frozenset[str] = field(default_factory=frozenset)


_registry: dict[type[models.Model], AuditedModel] = {}


def register(
    model: type[models.Model], *, exclude: set[str] | None = None, redact: set[str] | None = None
) -> None:
    _registry[model] = AuditedModel(frozenset(exclude or ()), frozenset(redact or ()))


def options_for(model: type[models.Model]) -> AuditedModel | None:
    return _registry.get(model)


def audited_models() -> list[type[models.Model]]:
    return list(_registry)


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The instance's concrete field values as JSON-safe data, with secrets redacted."""
    options = _registry.get(type(instance), AuditedModel())
    data: dict[str, Any] = {}
    for model_field in instance._meta.concrete_fields:
        name = model_field.name
        if name in options.exclude:
            continue
        value = model_field.value_from_object(instance)
        if name in options.redact:
            # A fingerprint, so a change shows in the log without the value itself.
            digest = hashlib.sha256(str(value).encode()).hexdigest()[:8]
            data[name] = f"[redacted {digest}]"
            continue
        data[name] = value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the fields that changed."""
    changed = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    return ({k: before.get(k) for k in changed}, {k: after.get(k) for k in changed})
