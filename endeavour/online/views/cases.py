"""A case: the preserved capture, signals, decisions, and the reviewer's actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.audit.services import audit_view_record
from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.online import permissions
from endeavour.online.forms.review import DecisionForm, PreferencesForm
from endeavour.online.models import Case, CaseStatus, Decision, DecisionState, ReviewerPreferences
from endeavour.online.selectors.classification import item_scoring
from endeavour.online.selectors.queue import case_get
from endeavour.online.services import review


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    try:
        return case_get(user=request.user, pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404("No such case") from exc


def preferences_for(user: Any) -> ReviewerPreferences:
    prefs, _ = ReviewerPreferences.objects.get_or_create(user=user)
    return prefs


def _may_decide(request: HttpRequest, case: Case) -> bool:
    user = request.user
    if case.status == CaseStatus.NEW:
        return permissions.can_review(user)
    if case.status == CaseStatus.AWAITING_SECOND_REVIEW:
        first = review._first_decision_awaiting_second(case)
        return first is not None and permissions.may_second_review(user, first)
    return False


def _render_case(
    request: HttpRequest, case: Case, form: DecisionForm | None = None, status: int = 200
) -> HttpResponse:
    user = request_user(request)
    policy = review.current_policy()
    pending = (
        case.decisions.filter(state=DecisionState.PENDING).select_related("decided_by").first()
    )
    may_decide = (
        _may_decide(request, case) and pending is None and not review.is_locked_by_other(case, user)
    )
    if form is None and may_decide:
        form = DecisionForm(
            policy=policy,
            initial={
                "tier": case.tier if case.tier != "untriaged" else "",
                "ideology": case.ideology,
                "threat_level": case.threat_level,
            },
        )
    return render(
        request,
        "online/case_detail.html",
        {
            "case": case,
            "item": case.item,
            "capture": case.item.captures.order_by("-fetched_at").first(),
            "files": case.item.files.all(),
            "signals": case.signals.all(),
            "decisions": case.decisions.select_related(
                "decided_by", "policy_version", "policy_clause"
            ),
            "referrals": case.referrals.select_related("platform"),
            "submissions": case.item.submissions.order_by("submitted_at"),
            "pending": pending,
            "form": form if may_decide else None,
            "second_review": case.status == CaseStatus.AWAITING_SECOND_REVIEW,
            "locked_by_other": review.is_locked_by_other(case, user),
            "prefs": preferences_for(user),
            "policy": policy,
            "can_act": permissions.can_review(user),
            "scoring": item_scoring(case.item),
        },
        status=status,
    )


@requires(permissions.can_view_cases)
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review.decisions_apply_due()
    case = _case_or_404(request, pk)
    audit_view_record(case)
    return _render_case(request, case)


@requires(permissions.can_review)
@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    user = request_user(request)
    form = DecisionForm(request.POST, policy=review.current_policy())
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = review.decision_record(
                case=case,
                kind=data["kind"],
                by=user,
                reason=data["reason"],
                tier=data["tier"],
                ideology=data["ideology"],
                threat_level=data["threat_level"],
                policy_clause=data["policy_clause"],
                legal_basis=data["legal_basis"],
                proscribed_organisation=data["proscribed_organisation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _count_towards_break(request, user)
            if decision.state == DecisionState.APPLIED:
                messages.success(
                    request,
                    f"{decision.get_kind_display()}: done. The police contacts have been alerted.",
                )
            else:
                messages.success(
                    request,
                    f"{decision.get_kind_display()}: recorded. You can undo it for "
                    f"{review.undo_seconds()} seconds.",
                )
            return redirect(case)
    return _render_case(request, case, form=form, status=400)


def _count_towards_break(request: HttpRequest, user: object) -> None:
    limit = preferences_for(user).break_after_reviews
    count = int(request.session.get("online_decisions_in_a_row", 0)) + 1
    if limit and count >= limit:
        request.session["online_break_prompt"] = count
        count = 0
    request.session["online_decisions_in_a_row"] = count


@requires(permissions.can_review)
@require_POST
def decision_undo(request: HttpRequest, pk: int) -> HttpResponse:
    decision = Decision.objects.filter(pk=pk).select_related("case").first()
    if decision is None:
        raise Http404("No such decision")
    try:
        review.decision_undo(decision=decision, by=request_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Decision undone. The case is as it was.")
    return redirect(decision.case)


@requires(permissions.can_review)
@require_POST
def case_lock(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    try:
        review.case_lock(case=case, by=request_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(case)


@requires(permissions.can_review)
@require_POST
def case_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    review.case_unlock(case=case, by=request_user(request))
    return redirect("online:queue")


@requires(permissions.can_review)
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    prefs = preferences_for(request_user(request))
    form = PreferencesForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        review.preferences_save(form.save(commit=False))
        messages.success(request, "Your review preferences are saved.")
        return redirect("online:queue")
    return render(request, "online/preferences.html", {"form": form})


urlpatterns = [
    path("staff/online/cases/<int:pk>/", case_detail, name="case-detail"),
    path("staff/online/cases/<int:pk>/decide/", case_decide, name="case-decide"),
    path("staff/online/cases/<int:pk>/lock/", case_lock, name="case-lock"),
    path("staff/online/cases/<int:pk>/unlock/", case_unlock, name="case-unlock"),
    path("staff/online/decisions/<int:pk>/undo/", decision_undo, name="decision-undo"),
    path("staff/online/preferences/", preferences, name="preferences"),
]
