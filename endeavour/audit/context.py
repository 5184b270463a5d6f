"""Who is acting right now: set per request by middleware, per task or command by ``acting_as``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    id: int | None
    label: str
    ip_address: str | None = None


SYSTEM = Actor(id=None, label="system")
_current: ContextVar[Actor] = ContextVar("audit_actor", default=SYSTEM)


def current_actor() -> Actor:
    return _current.get()


@contextmanager
def acting_as(actor: Actor) -> Iterator[Actor]:
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)


def actor_for_user(user: object, ip_address: str | None = None) -> Actor:
    user_id = getattr(user, "pk", None)
    if user_id is None or not getattr(user, "is_authenticated", False):
        return Actor(id=None, label="anonymous", ip_address=ip_address)
    return Actor(id=user_id, label=str(getattr(user, "username", user_id)), ip_address=ip_address)


def set_actor(actor: Actor) -> None:
    """Set the actor for the rest of this context (used after API token authentication)."""
    _current.set(actor)
