"""Staff pages for running a consultation: the list, adding and editing, questions, import of
survey exports with column mapping, documents, and starting the analysis."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.consultations import permissions
from endeavour.consultations.forms.staff import (
    ConsultationForm,
    DocumentForm,
    ImportMappingForm,
    ImportUploadForm,
    QuestionForm,
)
from endeavour.consultations.models import AnalysisRun, QuestionKind, ResponseStatus
from endeavour.consultations.selectors.consultations import (
    consultation_or_404,
    consultations_for,
    question_or_404,
)
from endeavour.consultations.services import imports
from endeavour.consultations.services.analysis import analysis_start
from endeavour.consultations.services.consultations import (
    consultation_create,
    consultation_update,
    question_create,
    question_update,
)
from endeavour.consultations.services.documents import (
    IncomingDocument,
    document_add,
    max_upload_bytes,
)
from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.jobs.models import JobRun

PROBLEMS_SHOWN = 500


@requires(permissions.can_view_consultations)
@require_GET
def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/staff/list.html",
        {
            "consultations": consultations_for(request.user),
            "can_manage": permissions.can_manage_consultations(request.user),
        },
    )


@requires(permissions.can_manage_consultations)
@require_http_methods(["GET", "POST"])
def consultation_create_view(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = consultation_create(**form.cleaned_data, by=request_user(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{consultation} is added. Now add its questions.")
            return redirect(consultation)
    return render(
        request,
        "consultations/staff/form.html",
        {"form": form, "consultation": None},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_manage_consultations)
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request.user, pk)
    if request.method == "POST":
        form = ConsultationForm(request.POST)
        if form.is_valid():
            try:
                consultation_update(
                    consultation=consultation, by=request_user(request), **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The consultation is saved.")
                return redirect(consultation)
    else:
        form = ConsultationForm(initial=ConsultationForm.initial_for(consultation))
    return render(
        request,
        "consultations/staff/form.html",
        {"form": form, "consultation": consultation},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_view_consultations)
@require_GET
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request.user, pk)
    responses = consultation.responses.filter(status=ResponseStatus.SUBMITTED)
    run = AnalysisRun.objects.filter(consultation=consultation).select_related("job").first()
    job: JobRun | None = run.job if run else None
    if job is not None and job.owner_id != request.user.pk:
        job = None  # the progress page is for the person who started it
    return render(
        request,
        "consultations/staff/detail.html",
        {
            "consultation": consultation,
            "questions": consultation.questions.all(),
            "responses": responses.count(),
            "drafts": consultation.responses.filter(status=ResponseStatus.DRAFT).count(),
            "imports": consultation.imports.select_related("imported_by")[:10],
            "documents": consultation.documents.select_related("question")[:20],
            "run": run,
            "job": job,
            "can_manage": permissions.can_manage_consultations(request.user),
            "can_code": permissions.can_code_responses(request.user),
        },
    )


@requires(permissions.can_manage_consultations)
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request.user, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            question_create(consultation=consultation, by=request_user(request), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The question is added.")
            if "another" in request.POST:
                return redirect("consultations:question-add", consultation.pk)
            return redirect(consultation)
    return render(
        request,
        "consultations/staff/question_form.html",
        {"form": form, "consultation": consultation, "question": None},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_manage_consultations)
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = question_or_404(request.user, pk)
    consultation = question.consultation
    if request.method == "POST":
        form = QuestionForm(request.POST, question=question)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("kind", None)
            try:
                question_update(question=question, by=request_user(request), **data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The question is saved.")
                return redirect(consultation)
    else:
        form = QuestionForm(
            question=question,
            initial={
                "text": question.text,
                "help_text": question.help_text,
                "kind": question.kind,
                "choices": "\n".join(question.options),
                "asks_stance": question.asks_stance,
                "is_required": question.is_required,
            },
        )
    return render(
        request,
        "consultations/staff/question_form.html",
        {"form": form, "consultation": consultation, "question": question},
        status=400 if form.errors else 200,
    )


def _session_key(consultation_pk: int) -> str:
    return f"consultation-import-{consultation_pk}"


def _upload_path(consultation_pk: int, key: str, suffix: str) -> str:
    return f"consultations/imports/{consultation_pk}/{key}{suffix}"


@requires(permissions.can_manage_consultations)
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: the file, kept privately while its columns are mapped."""
    consultation = consultation_or_404(request.user, pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        name = PurePath(upload.name or "import.csv").name
        if upload.size and upload.size > max_upload_bytes():
            problem = "The file is larger than the limit. Split it into smaller files."
        else:
            data = upload.read()
            try:
                imports.read_table(data, name)
            except imports.FileProblem as error:
                problem = str(error)
            else:
                key = uuid.uuid4().hex
                suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
                default_storage.save(_upload_path(consultation.pk, key, suffix), ContentFile(data))
                request.session[_session_key(consultation.pk)] = {"key": key, "name": name}
                return redirect("consultations:import-map", consultation.pk)
        if problem:
            form.add_error("file", problem)
    return render(
        request,
        "consultations/staff/import.html",
        {"form": form, "consultation": consultation},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_manage_consultations)
@require_http_methods(["GET", "POST"])
def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: which column holds what; then the whole file is checked and imported, or not."""
    consultation = consultation_or_404(request.user, pk)
    pending = request.session.get(_session_key(consultation.pk)) or {}
    key, name = str(pending.get("key", "")), str(pending.get("name", ""))
    if not name or not key.isalnum():
        raise Http404("This upload has expired. Upload the file again.")
    suffix = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    stored = _upload_path(consultation.pk, key, suffix)
    if not default_storage.exists(stored):
        raise Http404("This upload has expired. Upload the file again.")
    with default_storage.open(stored, "rb") as handle:
        data = handle.read()
    table = imports.read_table(data, name)
    plan: imports.ImportPlan | None = None
    if request.method == "POST":
        form = ImportMappingForm(request.POST, consultation=consultation, headers=table.headers)
        if form.is_valid():
            plan = imports.plan_import(consultation, table, form.mapping())
            if plan.is_valid:
                try:
                    run = imports.responses_import(
                        plan=plan, data=data, filename=name, by=request_user(request)
                    )
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    default_storage.delete(stored)
                    request.session.pop(_session_key(consultation.pk), None)
                    messages.success(
                        request,
                        f"Imported {run.created_count} responses from {run.filename}; "
                        f"{run.known_count} already imported and skipped; "
                        f"{run.empty_count} empty rows skipped.",
                    )
                    return redirect(consultation)
    else:
        form = ImportMappingForm(
            consultation=consultation,
            headers=table.headers,
            initial=imports.suggest_mapping(consultation, table.headers),
        )
    return render(
        request,
        "consultations/staff/import_map.html",
        {
            "form": form,
            "consultation": consultation,
            "filename": name,
            "rows": len(table.rows),
            "headers": table.headers,
            "plan": plan,
            "problems": plan.problems[:PROBLEMS_SHOWN] if plan else [],
            "problems_hidden": max(0, len(plan.problems) - PROBLEMS_SHOWN) if plan else 0,
        },
        status=400 if (plan is not None and not plan.is_valid) or form.errors else 200,
    )


@requires(permissions.can_manage_consultations)
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request.user, pk)
    form = DocumentForm(request.POST or None, request.FILES or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            document = document_add(
                consultation=consultation,
                question=data["question"],
                kind=data["kind"],
                title=data["title"],
                document=IncomingDocument(upload.name or "document", upload.read()),
                by=request_user(request),
                respondent_type=data["respondent_type"],
                borough=data["borough"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{document.title}: {document.responses.first().answers.count()} passages added "  # type: ignore[union-attr]
                f"to question {document.question.order}. Run the analysis to theme them.",
            )
            return redirect(consultation)
    has_free_text = consultation.questions.filter(kind=QuestionKind.FREE_TEXT).exists()
    return render(
        request,
        "consultations/staff/document.html",
        {"form": form, "consultation": consultation, "has_free_text": has_free_text},
        status=400 if form.errors else 200,
    )


@requires(permissions.can_code_responses)
@require_POST
def analysis_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = consultation_or_404(request.user, pk)
    analysis_start(consultation=consultation, by=request_user(request))
    messages.info(request, "The analysis has started. Its progress is shown below.")
    return redirect(reverse("consultations:detail", args=[consultation.pk]) + "#analysis")


urlpatterns: list[URLPattern] = [
    path("staff/consultations/", consultation_list, name="list"),
    path("staff/consultations/add/", consultation_create_view, name="create"),
    path("staff/consultations/<int:pk>/", consultation_detail, name="detail"),
    path("staff/consultations/<int:pk>/edit/", consultation_edit, name="edit"),
    path("staff/consultations/<int:pk>/questions/add/", question_add, name="question-add"),
    path(
        "staff/consultations/questions/<int:pk>/edit/",
        question_edit,
        name="question-edit",
    ),
    path("staff/consultations/<int:pk>/import/", import_upload, name="import"),
    path("staff/consultations/<int:pk>/import/columns/", import_map, name="import-map"),
    path("staff/consultations/<int:pk>/documents/add/", document_upload, name="document-add"),
    path("staff/consultations/<int:pk>/analyse/", analysis_start_view, name="analyse"),
]
