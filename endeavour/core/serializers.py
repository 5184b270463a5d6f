from __future__ import annotations

from rest_framework import serializers

from endeavour.core.models import Borough, Organisation, User


class BoroughSerializer(serializers.ModelSerializer[Borough]):
    class Meta:
        model = Borough
        fields = ["gss_code", "name", "region"]


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    borough: serializers.SlugRelatedField[Borough] = serializers.SlugRelatedField(
        slug_field="gss_code", read_only=True
    )

    class Meta:
        model = Organisation
        fields = ["id", "name", "type", "borough", "website", "is_active", "is_sample"]


class MeSerializer(serializers.ModelSerializer[User]):
    organisation = OrganisationSerializer(read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "organisation", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(user.role_codes)
