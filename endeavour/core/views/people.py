from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.audit.services import audit_view_record
from endeavour.core import permissions, selectors, services
from endeavour.core.access import requires
from endeavour.core.forms import PersonCreateForm, PersonEditForm, ReasonForm, add_service_errors
from endeavour.core.models import Role, User


def _person_or_404(request: HttpRequest, pk: int) -> User:
    try:
        return selectors.person_get(user=request.user, pk=pk)
    except User.DoesNotExist as exc:
        raise Http404("No such person") from exc


@requires(permissions.can_view_people)
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    role = request.GET.get("role", "")
    people = selectors.person_list(
        user=request.user,
        q=request.GET.get("q", "")[:100],
        role=role if role in Role.values else "",
    )
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/person_list.html",
        {
            "page_obj": page,
            "roles": Role.choices,
            "role": role,
            "q": request.GET.get("q", ""),
            "querystring": query.urlencode(),
        },
    )


@requires(permissions.can_view_people)
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    audit_view_record(person)
    return render(
        request,
        "core/person_detail.html",
        {
            "person": person,
            "has_two_factor": selectors.has_confirmed_device(person),
            "can_manage": permissions.can_manage_people(request.user),
            "reset_form": ReasonForm(),
        },
    )


@requires(permissions.can_manage_people)
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = services.person_create(
                username=data["username"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                roles=data["roles"],
                password=data["password"],
                job_title=data["job_title"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{person.username} can now sign in.")
            return redirect(person)
    return render(request, "core/person_form.html", {"form": form, "title": "Add a person"})


@requires(permissions.can_manage_people)
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    form = PersonEditForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.person_update(
                    user=person,
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    organisation=data["organisation"],
                    job_title=data["job_title"],
                    is_active=data["is_active"],
                )
                services.person_set_roles(user=person, roles=data["roles"], reason=data["reason"])
        except ValidationError as error:
            person.refresh_from_db()
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved changes to {person.username}.")
            return redirect(person)
    return render(
        request,
        "core/person_form.html",
        {"form": form, "title": f"Change {person.username}", "person": person},
    )


@requires(permissions.can_manage_people)
@require_http_methods(["POST"])
def person_two_factor_reset(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_404(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give a reason to reset two-factor sign-in.")
        return redirect(person)
    services.two_factor_reset(user=person, reason=form.cleaned_data["reason"])
    messages.success(
        request, f"{person.username} will set up two-factor sign-in again at next sign-in."
    )
    return redirect(person)


def _add_errors(form: PersonCreateForm | PersonEditForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        add_service_errors(form, error)
    else:
        form.add_error("password" if "password" in form.fields else None, error.messages)
