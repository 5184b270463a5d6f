"""Writes for the core app: one named, atomic function per action."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import AuthToken

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.core.models import (
    Borough,
    Organisation,
    OrganisationType,
    Role,
    RoleAssignment,
    User,
)
from endeavour.core.reference import LOCAL_AUTHORITIES_CSV, read_local_authorities


@dataclass(frozen=True)
class ReferenceLoadResult:
    created: int
    updated: int


@transaction.atomic
def local_authorities_load(path: Path = LOCAL_AUTHORITIES_CSV) -> ReferenceLoadResult:
    """Create or update boroughs and their local-authority organisations from a CSV file."""
    created = updated = 0
    for row in read_local_authorities(path):
        borough, was_created = Borough.objects.update_or_create(
            gss_code=row.gss_code, defaults={"name": row.name, "region": row.region}
        )
        Organisation.objects.update_or_create(
            type=OrganisationType.LOCAL_AUTHORITY,
            borough=borough,
            defaults={"name": row.council_name},
        )
        created += was_created
        updated += not was_created
    return ReferenceLoadResult(created=created, updated=updated)


@transaction.atomic
def organisation_save(organisation: Organisation) -> Organisation:
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def person_create(
    *,
    username: str,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation | None,
    roles: Iterable[str],
    password: str | None = None,
    job_title: str = "",
) -> User:
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        job_title=job_title,
    )
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    person_set_roles(user=user, roles=roles)
    return user


@transaction.atomic
def person_set_roles(*, user: User, roles: Iterable[str], reason: str = "") -> User:
    wanted = set(roles)
    unknown = wanted - set(Role.values)
    if unknown:
        raise ValidationError({"roles": f"Unknown roles: {', '.join(sorted(unknown))}"})
    if Role.BOROUGH_OFFICER in wanted and (
        user.organisation is None or user.organisation.borough_id is None
    ):
        raise ValidationError(
            {"roles": "A borough officer must belong to an organisation with a borough."}
        )
    current = set(user.role_assignments.values_list("role", flat=True))
    for assignment in user.role_assignments.filter(role__in=current - wanted):
        assignment.delete()
    for role in sorted(wanted - current):
        RoleAssignment.objects.create(user=user, role=role)
    if current != wanted and reason:
        audit_event_record(
            action=AuditAction.STATE_CHANGE,
            instance=user,
            reason=reason,
            before={"roles": sorted(current)},
            after={"roles": sorted(wanted)},
        )
    user.__dict__.pop("_role_codes", None)
    return user


@transaction.atomic
def person_update(
    *,
    user: User,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation | None,
    job_title: str,
    is_active: bool,
) -> User:
    user.email, user.first_name, user.last_name = email, first_name, last_name
    user.organisation, user.job_title, user.is_active = organisation, job_title, is_active
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def person_set_password(*, user: User, password: str) -> User:
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


@transaction.atomic
def two_factor_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device; it counts only once ``two_factor_device_confirm`` succeeds."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def two_factor_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        audit_event_record(
            action=AuditAction.TWO_FACTOR_FAILED,
            instance=device.user,
            reason="Wrong code while setting up two-factor sign-in",
        )
        return False
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save()
    audit_event_record(
        action=AuditAction.STATE_CHANGE, instance=device.user, reason="Two-factor sign-in set up"
    )
    return True


@transaction.atomic
def two_factor_reset(*, user: User, reason: str) -> None:
    """Remove every second factor so the person enrols again at next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_event_record(
        action=AuditAction.STATE_CHANGE, instance=user, reason=f"Two-factor sign-in reset: {reason}"
    )


@transaction.atomic
def api_token_create(*, user: User, reason: str) -> tuple[AuthToken, str]:
    """A new API token for ``user``. The secret is returned once and stored only as a digest."""
    if not user.is_active:
        raise ValidationError({"user": "This person's account is not active."})
    instance, secret = AuthToken.objects.create(user=user)
    audit_event_record(
        action=AuditAction.CREATE,
        object_type="knox.authtoken",
        object_id=instance.token_key,
        object_repr=f"API token {instance.token_key} for {user.username}",
        after={"user": user.username, "expiry": str(instance.expiry)},
        reason=reason,
    )
    return instance, secret


@transaction.atomic
def api_token_revoke(*, token: AuthToken, reason: str) -> None:
    audit_event_record(
        action=AuditAction.DELETE,
        object_type="knox.authtoken",
        object_id=token.token_key,
        object_repr=f"API token {token.token_key} for {token.user}",
        before={"user": str(token.user), "expiry": str(token.expiry)},
        reason=reason,
    )
    token.delete()


BACKUP_CODE_COUNT = 10


@transaction.atomic
def two_factor_backup_codes_create(*, user: User) -> list[str]:
    """Replace the person's backup codes with new single-use ones, returned once."""
    from django_otp.plugins.otp_static.models import StaticToken

    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Backup codes", defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    for code in codes:
        device.token_set.create(token=code)
    audit_event_record(
        action=AuditAction.STATE_CHANGE, instance=user, reason="New two-factor backup codes made"
    )
    return codes
