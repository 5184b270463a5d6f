from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from endeavour.core import permissions, selectors
from endeavour.core.access import requires
from endeavour.core.forms import OrganisationFilterForm
from endeavour.core.models import Organisation


@requires(permissions.can_view_organisations)
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    borough = filters.get("borough")
    organisations = selectors.organisation_list(
        user=request.user,
        type=filters.get("type", ""),
        borough_id=borough.pk if borough else None,
        q=filters.get("q", ""),
    )
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/organisation_list.html",
        {"form": form, "page_obj": page, "querystring": query.urlencode()},
    )


@requires(permissions.can_view_organisations)
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organisation = selectors.organisation_get(user=request.user, pk=pk)
    except Organisation.DoesNotExist as exc:
        raise Http404("No such organisation") from exc
    return render(
        request,
        "core/organisation_detail.html",
        {
            "organisation": organisation,
            "members": selectors.members_of(organisation, user=request.user),
        },
    )
