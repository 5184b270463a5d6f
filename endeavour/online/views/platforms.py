"""The platform registry: where referrals go."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from endeavour.core.access import requires
from endeavour.core.forms import add_service_errors
from endeavour.online import permissions
from endeavour.online.forms.review import PlatformForm
from endeavour.online.models import Platform
from endeavour.online.services.platforms import platform_create


@requires(permissions.can_manage_platforms)
@require_http_methods(["GET", "POST"])
def platform_list(request: HttpRequest) -> HttpResponse:
    form = PlatformForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            platform, linked = platform_create(
                platform=form.save(commit=False), domains=form.cleaned_data["domains"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{platform} added; {linked} reported item(s) linked to it.")
            return redirect("online:platform-list")
    platforms = Platform.objects.prefetch_related("domains").annotate(
        referral_count=Count("referrals")
    )
    return render(
        request,
        "online/platform_list.html",
        {"form": form, "platforms": platforms},
        status=400 if request.method == "POST" else 200,
    )


urlpatterns = [path("staff/online/platforms/", platform_list, name="platform-list")]
