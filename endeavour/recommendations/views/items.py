"""Staff pages for recommendations and actions: lists, the owner's view, detail, add and edit."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.recommendations import links, permissions
from endeavour.recommendations.forms.tracker import (
    ItemFilterForm,
    LinkForm,
    ReasonForm,
    RecommendationForm,
)
from endeavour.recommendations.models import ChangeKind, Recommendation
from endeavour.recommendations.rag import rag_for
from endeavour.recommendations.selectors import recommendations as selectors
from endeavour.recommendations.selectors.figures import load_history
from endeavour.recommendations.services.recommendations import (
    recommendation_create,
    recommendation_update,
)

PAGE_SIZE = 100


@requires(permissions.can_view_tracker)
@require_GET
def item_list(request: HttpRequest) -> HttpResponse:
    form = ItemFilterForm(request.GET or None)
    filters = selectors.ListFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ListFilters(
            source=data["source"].pk if data["source"] else None,
            owner=data["owner"].pk if data["owner"] else None,
            status=data["status"] or "",
            rag=data["rag"] or "",
            kind=data["kind"] or "",
            q=data["q"].strip(),
        )
    items = selectors.filtered(selectors.visible_items(request.user), filters).order_by(
        "source__date", "source_id", "position", "id"
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "recommendations/staff/item_list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": selectors.rows_for(list(page.object_list)),
            "querystring": query.urlencode(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@requires(permissions.can_use_owner_pages)
@require_GET
def my_items(request: HttpRequest) -> HttpResponse:
    rows = selectors.my_open_items(request.user)
    return render(
        request,
        "recommendations/staff/my_items.html",
        {
            "rows": rows,
            "overdue": sum(1 for r in rows if r.rag.is_overdue),
            "closed": selectors.my_closed_count(request.user),
            "can_view_tracker": permissions.can_view_tracker(request.user),
        },
    )


@requires(permissions.can_use_owner_pages)
@require_GET
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_or_404(request.user, pk)
    today = timezone.localdate()
    family = Recommendation.objects.filter(pk=item.pk) | Recommendation.objects.filter(
        parent_id=item.pk
    )
    history = load_history(family)
    actions = [
        (
            action,
            history.progress_at(action.pk, today),
            rag_for(action.current_status, action.target_date, today),
        )
        for action in selectors.visible_items(request.user).filter(parent_id=item.pk)
    ]
    return render(
        request,
        "recommendations/staff/item_detail.html",
        {
            "item": item,
            "rag": rag_for(item.current_status, item.target_date, today),
            "progress": history.progress_at(item.pk, today),
            "changes": selectors.history_of(item),
            "initial_kind": ChangeKind.INITIAL,
            "actions": actions,
            "links": selectors.links_of(item, request.user),
            "may_update": permissions.may_update(request.user, item),
            "can_manage": permissions.can_manage_tracker(request.user),
            "can_view_tracker": permissions.can_view_tracker(request.user),
            "is_owner": permissions.is_owner(request.user, item),
            "link_kinds": links.kinds(),
            "link_form": LinkForm(),
            "remove_form": ReasonForm(),
        },
    )


def _item_form(
    request: HttpRequest,
    template_context: dict[str, object],
    form: RecommendationForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "recommendations/staff/item_form.html",
        {"form": form, **template_context},
        status=400 if form.errors else status,
    )


@requires(permissions.can_manage_tracker)
@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a recommendation to source ``pk``."""
    source = selectors.source_or_404(request.user, pk)
    form = (
        RecommendationForm(request.POST)
        if request.method == "POST"
        else RecommendationForm(initial={"response": "awaiting", "is_public": True})
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = recommendation_create(
                source=source, by=request_user(request), **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{item} is added to {source}.")
            return redirect(item)
    return _item_form(request, {"source": source, "item": None, "parent": None}, form)


@requires(permissions.can_manage_tracker)
@require_http_methods(["GET", "POST"])
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an action under recommendation ``pk``."""
    parent = selectors.item_or_404(request.user, pk)
    if parent.parent_id is not None:
        messages.error(request, "Actions go under recommendations, not under other actions.")
        return redirect(parent)
    form = (
        RecommendationForm(request.POST)
        if request.method == "POST"
        else RecommendationForm(
            initial={
                "response": parent.response,
                "is_public": True,
                "reference": f"{parent.reference}.{parent.actions.count() + 1}",
                "owners": list(parent.owner_organisations.all()),
                "lead_officer": parent.lead_officer,
            }
        )
    )
    if request.method == "POST" and form.is_valid():
        try:
            item = recommendation_create(
                source=parent.source,
                parent=parent,
                by=request_user(request),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{item} is added under {parent}.")
            return redirect(item)
    return _item_form(request, {"source": parent.source, "item": None, "parent": parent}, form)


@requires(permissions.can_manage_tracker)
@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_or_404(request.user, pk)
    form = (
        RecommendationForm(request.POST)
        if request.method == "POST"
        else RecommendationForm(initial=RecommendationForm.initial_for(item))
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = recommendation_update(
                recommendation=item, by=request_user(request), **form.service_kwargs()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Saved: {', '.join(name.replace('_', ' ') for name in changed)}."
                if changed
                else "Nothing had changed.",
            )
            return redirect(item)
    return _item_form(request, {"source": item.source, "item": item, "parent": item.parent}, form)


urlpatterns: list[URLPattern] = [
    path("staff/recommendations/items/", item_list, name="recommendation-list"),
    path("staff/recommendations/mine/", my_items, name="my-items"),
    path("staff/recommendations/items/<int:pk>/", item_detail, name="recommendation-detail"),
    path("staff/recommendations/items/<int:pk>/edit/", item_edit, name="recommendation-edit"),
    path("staff/recommendations/sources/<int:pk>/add/", item_create, name="recommendation-create"),
    path("staff/recommendations/items/<int:pk>/actions/add/", action_create, name="action-create"),
]
