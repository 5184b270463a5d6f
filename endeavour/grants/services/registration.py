"""Registering an organisation: a public request, an officer's decision, and the applicant
setting their own password through a one-time link (Django's password-reset tokens)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from endeavour.core import services as core_services
from endeavour.core.models import Borough, Organisation, OrganisationType, Role, User
from endeavour.grants.models import LegalForm, RegistrationRequest, RegistrationStatus


@transaction.atomic
def registration_request_create(
    *,
    organisation_name: str,
    legal_form: str,
    borough: Borough,
    contact_first_name: str,
    contact_last_name: str,
    contact_email: str,
    registration_number: str = "",
    website: str = "",
) -> RegistrationRequest:
    if legal_form not in LegalForm.values:
        raise ValidationError({"legal_form": "Choose the organisation's legal form."})
    email = contact_email.strip().lower()
    pending = RegistrationRequest.objects.filter(
        contact_email__iexact=email, status=RegistrationStatus.PENDING
    )
    if pending.exists():
        raise ValidationError(
            {
                "contact_email": "A request from this email address is already waiting for a "
                "decision. We will email you when it is decided."
            }
        )
    request = RegistrationRequest(
        organisation_name=organisation_name.strip(),
        legal_form=legal_form,
        registration_number=registration_number.strip(),
        borough=borough,
        website=website.strip(),
        contact_first_name=contact_first_name.strip(),
        contact_last_name=contact_last_name.strip(),
        contact_email=email,
    )
    request.full_clean()
    request.save()
    return request


def set_password_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("grants:set-password", args=[uid, token])
    return str(getattr(settings, "SITE_URL", "")).rstrip("/") + path


def _send_set_password_email(user: User, organisation: Organisation) -> None:
    body = render_to_string(
        "grants/email/set_password.txt",
        {"user": user, "organisation": organisation, "url": set_password_url(user)},
    )
    send_mail(
        subject="[Endeavour] Your community grant fund account: set your password",
        message=body,
        from_email=None,
        recipient_list=[user.email],
    )


@transaction.atomic
def registration_approve(
    *, request: RegistrationRequest, by: Any, organisation: Organisation | None = None
) -> User:
    """Create (or link) the organisation and an applicant account with no usable password, and
    email the person a link to set one."""
    request = RegistrationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RegistrationStatus.PENDING:
        raise ValidationError("This request has already been decided.")
    email = request.contact_email
    if (
        User.objects.filter(username__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    ):
        raise ValidationError(
            "There is already an account with this email address: link the person to their "
            "organisation on the People page instead."
        )
    if organisation is None:
        if Organisation.objects.filter(name__iexact=request.organisation_name).exists():
            raise ValidationError(
                {
                    "organisation": "An organisation with this name exists: choose it to link "
                    "the account to it."
                }
            )
        organisation = core_services.organisation_save(
            Organisation(
                name=request.organisation_name,
                type=OrganisationType.DELIVERY_PARTNER,
                borough=request.borough,
                website=request.website,
                contact_email=email,
            )
        )
    user = core_services.person_create(
        username=email,
        email=email,
        first_name=request.contact_first_name,
        last_name=request.contact_last_name,
        organisation=organisation,
        roles=[Role.APPLICANT],
        password=None,
    )
    request.status = RegistrationStatus.APPROVED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.organisation = organisation
    request.user = user
    request.save()
    transaction.on_commit(lambda: _send_set_password_email(user, organisation))
    return user


@transaction.atomic
def registration_refuse(*, request: RegistrationRequest, by: Any, reason: str) -> None:
    request = RegistrationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RegistrationStatus.PENDING:
        raise ValidationError("This request has already been decided.")
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason, for the person and the audit log."})
    request.status = RegistrationStatus.REFUSED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.reason = reason.strip()
    request.save()
    body = render_to_string("grants/email/registration_refused.txt", {"request": request})
    email = request.contact_email
    transaction.on_commit(
        lambda: send_mail(
            subject="[Endeavour] Your request to register for the community grant fund",
            message=body,
            from_email=None,
            recipient_list=[email],
        )
    )


@transaction.atomic
def registration_contacts_purge(cutoff: Any) -> int:
    """Clear the contact details of requests decided before ``cutoff``; the decision stays."""
    stale = RegistrationRequest.objects.filter(decided_at__lt=cutoff, contact_purged=False)
    count = 0
    for request in stale:
        request.contact_first_name = ""
        request.contact_last_name = ""
        request.contact_email = "purged@example.invalid"
        request.contact_purged = True
        request.save()
        count += 1
    return count
