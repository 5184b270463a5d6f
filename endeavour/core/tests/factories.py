from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from endeavour.core.models import Borough, Organisation, OrganisationType, RoleAssignment, User


def borough(gss_code: str = "E09000007") -> Borough:
    """A borough from the reference data loaded by migration (Camden by default)."""
    return Borough.objects.get(gss_code=gss_code)


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Test organisation {n}")
    type = OrganisationType.DELIVERY_PARTNER
    is_sample = True


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    organisation = factory.SubFactory(OrganisationFactory, type=OrganisationType.CVE_TEAM)
    password = factory.django.Password("Correct-horse-battery-9")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[str] | None, **kwargs: Any) -> None:
        for role in extracted or []:
            RoleAssignment.objects.create(user=self, role=role)
        self.__dict__.pop("_role_codes", None)
