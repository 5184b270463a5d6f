"""Signal receivers that write the audit log for every audited model and every sign-in."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest

from endeavour.audit import registry
from endeavour.audit.context import Actor, actor_for_user
from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record

_BEFORE_ATTR = "_audit_before"


@receiver(pre_save)
def remember_before(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if registry.options_for(sender) is None or kwargs.get("raw"):
        return
    before: dict[str, Any] | None = None
    if instance.pk is not None:
        previous = sender._default_manager.filter(pk=instance.pk).first()
        before = registry.snapshot(previous) if previous is not None else None
    setattr(instance, _BEFORE_ATTR, before)


@receiver(post_save)
def record_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if registry.options_for(sender) is None or kwargs.get("raw"):
        return
    after = registry.snapshot(instance)
    before = getattr(instance, _BEFORE_ATTR, None)
    if created or before is None:
        audit_event_record(action=AuditAction.CREATE, instance=instance, after=after)
        return
    changed_before, changed_after = registry.diff(before, after)
    if changed_after:
        audit_event_record(
            action=AuditAction.UPDATE, instance=instance, before=changed_before, after=changed_after
        )


@receiver(post_delete)
def record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if registry.options_for(sender) is None:
        return
    audit_event_record(
        action=AuditAction.DELETE, instance=instance, before=registry.snapshot(instance)
    )


def _ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def record_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_event_record(
        action=AuditAction.SIGN_IN, instance=user, actor=actor_for_user(user, _ip(request))
    )


@receiver(user_logged_out)
def record_sign_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit_event_record(
        action=AuditAction.SIGN_OUT, instance=user, actor=actor_for_user(user, _ip(request))
    )


@receiver(user_login_failed)
def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_event_record(
        action=AuditAction.SIGN_IN_FAILED,
        object_type="core.user",
        object_repr=username,
        actor=Actor(id=None, label=f"anonymous ({username})", ip_address=_ip(request)),
    )


@receiver(user_locked_out)
def record_lockout(
    sender: Any, request: HttpRequest | None, username: str, ip_address: str, **kwargs: Any
) -> None:
    audit_event_record(
        action=AuditAction.LOCKED_OUT,
        object_type="core.user",
        object_repr=str(username)[:150],
        actor=Actor(id=None, label=f"anonymous ({username})", ip_address=ip_address),
    )
