"""Staff pages for coding responses: a question's themes, a theme's answers, and the decisions
people make on them (each a POST calling one named service)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.consultations import permissions
from endeavour.consultations.forms.staff import (
    AssignmentMoveForm,
    DuplicateDecisionForm,
    QuotesForm,
    SafetyReviewForm,
    StanceForm,
    ThemeLabelForm,
    ThemeMergeForm,
    ThemeSplitForm,
)
from endeavour.consultations.models import AssignmentState, SafetyStatus, ThemeAssignment
from endeavour.consultations.selectors.consultations import (
    answer_or_404,
    assignment_or_404,
    duplicate_or_404,
    flagged_answers,
    question_or_404,
    question_themes,
    theme_answers,
    theme_or_404,
)
from endeavour.consultations.services import themes as theme_services
from endeavour.consultations.services.analysis import analysable_answers
from endeavour.consultations.services.safety import safety_review_record
from endeavour.core.access import request_user, requires


@requires(permissions.can_view_consultations)
@require_http_methods(["GET", "POST"])
def question_detail(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request.user, pk)
    consultation = question.consultation
    form = ThemeLabelForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_code_responses(request.user):
            return HttpResponse("Only analysts and programme officers can add themes.", status=403)
        if form.is_valid():
            theme = theme_services.theme_create(
                question=question, label=form.cleaned_data["label"], by=request_user(request)
            )
            messages.success(request, f"Theme '{theme.label}' is added.")
            return redirect(theme)
    answers = analysable_answers(question)
    themed = set(
        ThemeAssignment.objects.filter(
            theme__question=question, theme__is_deleted=False, theme__merged_into__isnull=True
        )
        .exclude(state=AssignmentState.REJECTED)
        .values_list("answer_id", flat=True)
    )
    return render(
        request,
        "consultations/staff/question.html",
        {
            "consultation": consultation,
            "question": question,
            "themes": question_themes(question),
            "answer_count": answers.count(),
            "unthemed": [
                a for a in answers.select_related("response")[:2000] if a.pk not in themed
            ][:50],
            "non_english": answers.filter(is_non_english=True)[:50],
            "skipped": answers.exclude(skipped_reason="")[:50],
            "flagged": answers.filter(safety_status=SafetyStatus.FLAGGED).count(),
            "duplicates": question.duplicates.prefetch_related("answers").select_related(
                "decided_by"
            )[:100],
            "form": form,
            "can_code": permissions.can_code_responses(request.user),
        },
        status=400 if form.errors else 200,
    )


@requires(permissions.can_view_consultations)
@require_GET
def theme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    theme = theme_or_404(request.user, pk)
    assignments = theme_answers(theme)
    counted = [a for a in assignments if a.state != AssignmentState.REJECTED]
    ids = [a.answer_id for a in counted]
    return render(
        request,
        "consultations/staff/theme.html",
        {
            "theme": theme,
            "question": theme.question,
            "consultation": theme.question.consultation,
            "assignments": assignments,
            "counted": len(counted),
            "rename_form": ThemeLabelForm(initial={"label": theme.label}),
            "merge_form": ThemeMergeForm(theme=theme),
            "split_form": ThemeSplitForm(answer_ids=ids),
            "move_form": AssignmentMoveForm(theme=theme),
            "quote_ids": set(theme.quote_ids or theme.representative_ids),
            "can_code": permissions.can_code_responses(request.user) and theme.is_live,
        },
    )


def _back(theme_pk: int) -> HttpResponse:
    return redirect("consultations:theme", theme_pk)


def _fail(request: HttpRequest, error: ValidationError | str) -> None:
    text = error if isinstance(error, str) else " ".join(error.messages)
    messages.error(request, text)


@requires(permissions.can_code_responses)
@require_POST
def theme_rename(request: HttpRequest, pk: int) -> HttpResponse:
    theme = theme_or_404(request.user, pk)
    form = ThemeLabelForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Enter a label of up to 200 characters.")
        theme_services.theme_rename(
            theme=theme, label=form.cleaned_data["label"], by=request_user(request)
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, "The theme is renamed.")
    return _back(theme.pk)


@requires(permissions.can_code_responses)
@require_POST
def theme_merge(request: HttpRequest, pk: int) -> HttpResponse:
    theme = theme_or_404(request.user, pk)
    form = ThemeMergeForm(request.POST, theme=theme)
    try:
        if not form.is_valid():
            raise ValidationError("Choose at least one other theme to merge into this one.")
        merged = list(form.cleaned_data["themes"])
        theme_services.theme_merge(themes=merged, into=theme, by=request_user(request))
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(
            request, f"Merged {', '.join(t.label for t in merged)} into {theme.label}."
        )
    return _back(theme.pk)


@requires(permissions.can_code_responses)
@require_POST
def theme_split(request: HttpRequest, pk: int) -> HttpResponse:
    theme = theme_or_404(request.user, pk)
    ids = list(theme.assignments.values_list("answer_id", flat=True))
    form = ThemeSplitForm(request.POST, answer_ids=ids)
    try:
        if not form.is_valid():
            raise ValidationError("Give the new theme a label and choose the answers to move.")
        new = theme_services.theme_split(
            theme=theme,
            answer_ids=form.cleaned_data["answers"],
            label=form.cleaned_data["label"],
            by=request_user(request),
        )
    except ValidationError as error:
        _fail(request, error)
        return _back(theme.pk)
    messages.success(request, f"Moved {len(form.cleaned_data['answers'])} answers to {new.label}.")
    return _back(new.pk)


@requires(permissions.can_code_responses)
@require_POST
def theme_delete(request: HttpRequest, pk: int) -> HttpResponse:
    theme = theme_or_404(request.user, pk)
    try:
        theme_services.theme_delete(theme=theme, by=request_user(request))
    except ValidationError as error:
        _fail(request, error)
        return _back(theme.pk)
    messages.success(
        request, f"Theme '{theme.label}' is deleted; its answers no longer count under it."
    )
    return redirect("consultations:question", theme.question_id)


@requires(permissions.can_code_responses)
@require_POST
def theme_quotes(request: HttpRequest, pk: int) -> HttpResponse:
    theme = theme_or_404(request.user, pk)
    ids = list(theme.assignments.values_list("answer_id", flat=True))
    form = QuotesForm(request.POST, answer_ids=ids)
    try:
        if not form.is_valid():
            raise ValidationError("Choose quotes from this theme's answers.")
        theme_services.theme_quotes_set(
            theme=theme, answer_ids=form.cleaned_data["quotes"], by=request_user(request)
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, "The quotes for the findings are saved.")
    return _back(theme.pk)


@requires(permissions.can_code_responses)
@require_POST
def assignment_decide(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_or_404(request.user, pk)
    action = request.POST.get("action", "")
    by = request_user(request)
    try:
        if action == "confirm":
            theme_services.assignment_confirm(assignment=assignment, by=by)
            messages.success(
                request, f"Answer {assignment.answer.reference} confirmed under this theme."
            )
        elif action == "reject":
            theme_services.assignment_reject(assignment=assignment, by=by)
            messages.success(
                request, f"Answer {assignment.answer.reference} taken out of this theme."
            )
        elif action == "move":
            form = AssignmentMoveForm(request.POST, theme=assignment.theme)
            if not form.is_valid():
                raise ValidationError("Choose the theme to move the answer to.")
            to = form.cleaned_data["theme"]
            theme_services.assignment_move(assignment=assignment, to=to, by=by)
            messages.success(request, f"Answer {assignment.answer.reference} moved to {to.label}.")
        else:
            raise ValidationError("Choose confirm, reject or move.")
    except ValidationError as error:
        _fail(request, error)
    return redirect(
        reverse("consultations:theme", args=[assignment.theme_id]) + f"#a{assignment.answer_id}"
    )


@requires(permissions.can_code_responses)
@require_POST
def stance_set(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request.user, pk)
    form = StanceForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Choose agree, disagree or unclear.")
        theme_services.stance_set(
            answer=answer, stance=form.cleaned_data["stance"], by=request_user(request)
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, f"The stance of answer {answer.reference} is recorded.")
    back = request.POST.get("next", "")
    if back.startswith("/staff/consultations/"):
        return redirect(back)
    return redirect("consultations:question", answer.question_id)


@requires(permissions.can_code_responses)
@require_POST
def duplicate_decide(request: HttpRequest, pk: int) -> HttpResponse:
    group = duplicate_or_404(request.user, pk)
    form = DuplicateDecisionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Choose whether these answers are duplicates.")
        theme_services.duplicate_decide(
            group=group,
            state=form.cleaned_data["state"],
            note=form.cleaned_data["note"],
            by=request_user(request),
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, "Your decision on the suspected duplicates is recorded.")
    return redirect(reverse("consultations:question", args=[group.question_id]) + "#duplicates")


@requires(permissions.can_view_safety_queue)
@require_GET
def safety_list(request: HttpRequest) -> HttpResponse:
    answers = list(flagged_answers()[:200])
    return render(
        request,
        "consultations/staff/safety.html",
        {
            "waiting": [a for a in answers if not a.safety_outcome],
            "reviewed": [a for a in answers if a.safety_outcome],
            "can_review": permissions.can_review_safety(request.user),
        },
    )


@requires(permissions.can_review_safety)
@require_http_methods(["GET", "POST"])
def safety_review(request: HttpRequest, pk: int) -> HttpResponse:
    answer = answer_or_404(request.user, pk)
    if answer.safety_status != SafetyStatus.FLAGGED:
        return redirect("consultations:safety")
    form = SafetyReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            safety_review_record(
                answer=answer,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                by=request_user(request),
            )
        except ValidationError as error:
            _fail(request, error)
        else:
            messages.success(request, f"Your review of answer {answer.reference} is recorded.")
            return redirect("consultations:safety")
    return render(
        request,
        "consultations/staff/safety_review.html",
        {"answer": answer, "form": form},
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path(
        "staff/consultations/questions/<int:pk>/",
        question_detail,
        name="question",
    ),
    path("staff/consultations/themes/<int:pk>/", theme_detail, name="theme"),
    path("staff/consultations/themes/<int:pk>/rename/", theme_rename, name="theme-rename"),
    path("staff/consultations/themes/<int:pk>/merge/", theme_merge, name="theme-merge"),
    path("staff/consultations/themes/<int:pk>/split/", theme_split, name="theme-split"),
    path("staff/consultations/themes/<int:pk>/delete/", theme_delete, name="theme-delete"),
    path("staff/consultations/themes/<int:pk>/quotes/", theme_quotes, name="theme-quotes"),
    path(
        "staff/consultations/assignments/<int:pk>/decide/",
        assignment_decide,
        name="assignment-decide",
    ),
    path("staff/consultations/answers/<int:pk>/stance/", stance_set, name="stance-set"),
    path(
        "staff/consultations/duplicates/<int:pk>/decide/",
        duplicate_decide,
        name="duplicate-decide",
    ),
    path("staff/consultations/safety/", safety_list, name="safety"),
    path("staff/consultations/safety/<int:pk>/", safety_review, name="safety-review"),
]
