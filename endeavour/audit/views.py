from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from endeavour.audit import permissions, selectors, services
from endeavour.audit.forms import AuditFilterForm
from endeavour.audit.models import AuditEvent
from endeavour.audit.selectors import AuditFilters
from endeavour.core.access import requires


@requires(permissions.can_view_audit_log)
@require_GET
def audit_event_list(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else AuditFilters()
    events = selectors.audit_event_list(user=request.user, filters=filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "querystring": query.urlencode(),
            "filters": filters.as_json(),
            "object_types": selectors.object_types(),
        },
    )


@requires(permissions.can_view_audit_log)
@require_GET
def audit_event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = (
        selectors.audit_event_list(user=request.user, filters=AuditFilters()).filter(pk=pk).first()
    )
    if event is None:
        raise Http404("No such audit event")
    before, after = event.before or {}, event.after or {}
    rows = [(name, before.get(name), after.get(name)) for name in sorted(set(before) | set(after))]
    return render(request, "audit/event_detail.html", {"event": event, "rows": rows})


@requires(permissions.can_export_audit_log)
@require_POST
def audit_export(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.POST)
    if not form.is_valid():
        events = AuditEvent.objects.none()
        page = Paginator(events, 50).get_page(1)
        return render(
            request,
            "audit/event_list.html",
            {"form": form, "page_obj": page, "object_types": selectors.object_types()},
            status=400,
        )
    job = services.audit_export_start(user=request.user, filters=form.filters())
    return redirect(job)
