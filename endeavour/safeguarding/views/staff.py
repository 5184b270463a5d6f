"""Staff pages: the help finder's services, each borough's routing settings, routing records and
delivery retries, and the internal figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.core.models import Borough
from endeavour.safeguarding import config, permissions
from endeavour.safeguarding.forms.staff import BoroughRoutingForm, SupportServiceForm
from endeavour.safeguarding.models import (
    BoroughRouting,
    Concern,
    DeliveryStatus,
    ServiceKind,
    SupportService,
)
from endeavour.safeguarding.selectors.directory import check_due_before, needing_check
from endeavour.safeguarding.services.concerns import concern_delivery_retry
from endeavour.safeguarding.services.directory import (
    borough_routing_save,
    support_service_create,
    support_service_mark_checked,
    support_service_update,
)
from endeavour.safeguarding.views.figures import (
    staff_figures,
    staff_figures_csv,
    staff_figures_xlsx,
)

PAGE_SIZE = 100


@requires(permissions.can_view_services)
@require_GET
def service_list(request: HttpRequest) -> HttpResponse:
    services = SupportService.objects.prefetch_related("boroughs").select_related("last_checked_by")
    only_due = request.GET.get("due") == "1"
    if only_due:
        services = needing_check(services)
    return render(
        request,
        "safeguarding/staff/service_list.html",
        {
            "services": services.order_by("kind", "name"),
            "only_due": only_due,
            "check_due_before": check_due_before(),
            "check_days": config.service_check_days(),
            "due_count": needing_check().count(),
            "can_manage": permissions.can_manage_services(request.user),
            "kinds": ServiceKind,
        },
    )


def _service_values(form: SupportServiceForm) -> tuple[dict[str, object], list[Borough]]:
    data = dict(form.cleaned_data)
    boroughs = list(data.pop("boroughs") or [])
    return data, boroughs


@requires(permissions.can_manage_services)
@require_http_methods(["GET", "POST"])
def service_create(request: HttpRequest) -> HttpResponse:
    form = SupportServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values, boroughs = _service_values(form)
        try:
            service = support_service_create(
                values=values, boroughs=boroughs, by=request_user(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{service.name} is added to the help finder.")
            return redirect("safeguarding:service-list")
    return render(request, "safeguarding/staff/service_form.html", {"form": form, "service": None})


@requires(permissions.can_manage_services)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(SupportService, pk=pk)
    form = SupportServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        values, boroughs = _service_values(form)
        service.refresh_from_db()  # the ModelForm changed the instance while cleaning
        try:
            support_service_update(
                service, values=values, boroughs=boroughs, by=request_user(request)
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{service.name} is updated.")
            return redirect("safeguarding:service-list")
    return render(
        request, "safeguarding/staff/service_form.html", {"form": form, "service": service}
    )


@requires(permissions.can_manage_services)
@require_POST
def service_mark_checked(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(SupportService, pk=pk)
    support_service_mark_checked(service, by=request_user(request))
    messages.success(request, f"{service.name} is marked as checked today.")
    return redirect("safeguarding:service-list")


@requires(permissions.can_view_services)
@require_GET
def routing_list(request: HttpRequest) -> HttpResponse:
    routings = {r.borough_id: r for r in BoroughRouting.objects.select_related("updated_by")}
    boroughs = Borough.objects.filter(region="London").order_by("name")
    return render(
        request,
        "safeguarding/staff/routing_list.html",
        {
            "rows": [(b, routings.get(b.pk)) for b in boroughs],
            "can_manage": permissions.can_manage_services(request.user),
        },
    )


@requires(permissions.can_manage_services)
@require_http_methods(["GET", "POST"])
def routing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    borough = get_object_or_404(Borough, pk=pk, region="London")
    routing = BoroughRouting.objects.filter(borough=borough).first()
    initial = (
        {
            "team_name": routing.team_name,
            "channel": routing.channel,
            "team_email": routing.team_email,
            "is_active": routing.is_active,
        }
        if routing
        else {"team_name": f"{borough.name} safeguarding team", "is_active": True}
    )
    form = BoroughRoutingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            borough_routing_save(borough, **form.cleaned_data, by=request_user(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Routing for {borough.name} is saved.")
            return redirect("safeguarding:routing-list")
    return render(
        request,
        "safeguarding/staff/routing_form.html",
        {"form": form, "borough": borough, "routing": routing},
    )


@requires(permissions.can_view_routing_records)
@require_GET
def routing_records(request: HttpRequest) -> HttpResponse:
    """Routing records only: borough, kind of worry, dates, channel, status. No personal details
    are read here (the query never touches ConcernDetails)."""
    concerns = Concern.objects.select_related("borough").order_by("-submitted_at", "-id")
    status = request.GET.get("status", "")
    if status in DeliveryStatus.values:
        concerns = concerns.filter(delivery_status=status)
    page = Paginator(concerns, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "safeguarding/staff/routing_records.html",
        {
            "page": page,
            "status": status,
            "statuses": DeliveryStatus.choices,
            "can_retry": permissions.can_retry_delivery(request.user),
        },
    )


@requires(permissions.can_retry_delivery)
@require_POST
def concern_retry(request: HttpRequest, pk: int) -> HttpResponse:
    concern = Concern.objects.filter(pk=pk).first()
    if concern is None:
        raise Http404("No such concern")
    try:
        concern_delivery_retry(concern, by=request_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        concern.refresh_from_db()
        messages.info(
            request,
            f"Delivery of {concern.reference} tried again: "
            f"{concern.get_delivery_status_display()}.",
        )
    return redirect("safeguarding:routing-records")


urlpatterns: list[URLPattern] = [
    path("staff/safeguarding/services/", service_list, name="service-list"),
    path("staff/safeguarding/services/add/", service_create, name="service-create"),
    path("staff/safeguarding/services/<int:pk>/edit/", service_edit, name="service-edit"),
    path(
        "staff/safeguarding/services/<int:pk>/checked/",
        service_mark_checked,
        name="service-mark-checked",
    ),
    path("staff/safeguarding/routing/", routing_list, name="routing-list"),
    path("staff/safeguarding/routing/<int:pk>/", routing_edit, name="routing-edit"),
    path("staff/safeguarding/routing-records/", routing_records, name="routing-records"),
    path("staff/safeguarding/routing-records/<int:pk>/retry/", concern_retry, name="concern-retry"),
    path("staff/safeguarding/figures/", staff_figures, name="figures"),
    path("staff/safeguarding/figures/figures.csv", staff_figures_csv, name="figures-csv"),
    path("staff/safeguarding/figures/figures.xlsx", staff_figures_xlsx, name="figures-xlsx"),
]
