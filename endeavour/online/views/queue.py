"""The review queue."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from endeavour.core.access import requires
from endeavour.online import permissions
from endeavour.online.forms.review import QueueFilterForm
from endeavour.online.selectors.queue import Cursor, queue_page
from endeavour.online.services.review import decisions_apply_due


@requires(permissions.can_review)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    decisions_apply_due()
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = queue_page(
        user=request.user, filters=filters, after=Cursor.decode(request.GET.get("after"))
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "online/queue.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "break_prompt": request.session.pop("online_break_prompt", None),
        },
    )


urlpatterns = [path("staff/online/queue/", queue, name="queue")]
