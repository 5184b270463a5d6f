"""The admin site is for reference data only; people and roles are managed on the People pages."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from endeavour.core import permissions, services
from endeavour.core.models import Borough, Organisation


class ReferenceDataAdmin(admin.ModelAdmin[Any]):
    """Administrators may view, add and change reference data; nothing is deleted, only retired."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_module_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_use_admin(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return permissions.can_use_admin(request.user)


@admin.register(Borough)
class BoroughAdmin(ReferenceDataAdmin):
    list_display = ["gss_code", "name", "region"]
    search_fields = ["name", "gss_code"]


@admin.register(Organisation)
class OrganisationAdmin(ReferenceDataAdmin):
    list_display = ["name", "type", "borough", "is_active", "is_sample"]
    list_filter = ["type", "is_active", "is_sample", "borough"]
    search_fields = ["name"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        services.organisation_save(obj)
