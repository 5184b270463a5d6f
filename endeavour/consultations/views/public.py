"""Public pages: the list of open consultations, the response form (no account, no JavaScript
needed), save and resume, and published findings with their PDF and CSV."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods

from endeavour.consultations import exports, permissions
from endeavour.consultations.forms.public import ResponseForm
from endeavour.consultations.models import Consultation, Response
from endeavour.consultations.selectors.consultations import (
    public_consultation_or_404,
    public_findings_or_404,
)
from endeavour.consultations.selectors.findings import findings_for
from endeavour.consultations.services.responses import (
    draft_answers,
    draft_days,
    draft_find,
    draft_save,
    response_submit,
)
from endeavour.consultations.views.reporting import chart_context, download
from endeavour.core.access import anyone, requires
from endeavour.core.forms import add_service_errors
from endeavour.core.ratelimit import over_limit

RATE_WINDOW_SECONDS = 60 * 60


def _over_rate_limit(request: HttpRequest) -> bool:
    return over_limit(
        request,
        scope="consultation-response",
        limit=int(getattr(settings, "CONSULTATIONS_RESPONSE_RATE_LIMIT", 20)),
        window_seconds=RATE_WINDOW_SECONDS,
    )


@requires(anyone)
@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    published = permissions.scope_public_consultations(Consultation.objects.all())
    return render(
        request,
        "consultations/public/index.html",
        {
            "open": [c for c in published if c.is_open(today)],
            "findings": published.filter(findings_published=True),
        },
    )


def _closed(request: HttpRequest, consultation: Consultation) -> HttpResponse:
    return render(
        request,
        "consultations/public/closed.html",
        {"consultation": consultation, "today": timezone.localdate()},
        status=410 if consultation.closes_on < timezone.localdate() else 403,
    )


def _respond(request: HttpRequest, consultation: Consultation, token: str = "") -> HttpResponse:
    draft: Response | None = None
    if token:
        draft = draft_find(consultation=consultation, token=token)
    if request.method == "POST":
        if _over_rate_limit(request):
            return render(request, "429.html", status=429)
        saving = request.POST.get("action") == "save"
        form = ResponseForm(request.POST, consultation=consultation, sending=not saving)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if saving:
                    _, token = draft_save(
                        consultation=consultation,
                        answers=form.answers(),
                        respondent_type=data.get("respondent_type"),
                        borough=form.borough(),
                        token=token if draft else "",
                    )
                    link = request.build_absolute_uri(reverse("consultations:resume", args=[token]))
                    response = render(
                        request,
                        "consultations/public/saved.html",
                        {"consultation": consultation, "link": link, "days": draft_days()},
                    )
                    add_never_cache_headers(response)
                    return response
                response_submit(
                    consultation=consultation,
                    answers=form.answers(),
                    respondent_type=data.get("respondent_type"),
                    borough=form.borough(),
                    demographics=form.demographics(),
                    consent=bool(data.get("consent")),
                    draft_token=token if draft else "",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("consultations:thanks", consultation.pk)
        form.renew_timestamp()
    else:
        initial = ResponseForm.initial_from(draft_answers(draft), draft) if draft else None
        form = ResponseForm(consultation=consultation, initial=initial)
    response = render(
        request,
        "consultations/public/respond.html",
        {
            "consultation": consultation,
            "form": form,
            "draft": draft,
            "token_missing": bool(token and draft is None),
        },
        status=400 if form.errors else 200,
    )
    add_never_cache_headers(response)
    return response


@requires(anyone)
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = public_consultation_or_404(pk)
    if not consultation.is_open():
        return _closed(request, consultation)
    return _respond(request, consultation)


@requires(anyone)
@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest, token_key: str) -> HttpResponse:
    """A saved draft, from the link only (only a digest of the token is kept)."""
    draft = draft_find(token=token_key)
    if draft is None or not draft.consultation.is_published:
        response = render(request, "consultations/public/resume_missing.html", status=404)
        add_never_cache_headers(response)
        return response
    consultation = draft.consultation
    token = token_key
    if not consultation.is_open():
        return _closed(request, consultation)
    return _respond(request, consultation, token)


@requires(anyone)
@require_GET
def thanks(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = public_consultation_or_404(pk)
    return render(request, "consultations/public/thanks.html", {"consultation": consultation})


@requires(anyone)
@require_GET
def public_findings(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = public_findings_or_404(pk)
    findings = findings_for(consultation, public=True)
    return render(
        request,
        "consultations/public/findings.html",
        {"consultation": consultation, **chart_context(findings, "web")},
    )


@requires(anyone)
@require_GET
def public_findings_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = public_findings_or_404(pk)
    findings = findings_for(consultation, public=True)
    pdf = exports.as_pdf(chart_context(findings, "pdf"))
    return download(pdf, "application/pdf", exports.filename(findings, "pdf"))


@requires(anyone)
@require_GET
def public_findings_csv(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = public_findings_or_404(pk)
    findings = findings_for(consultation, public=True)
    return download(
        exports.as_csv(findings), "text/csv; charset=utf-8", exports.filename(findings, "csv")
    )


urlpatterns: list[URLPattern] = [
    path("consultations/", public_index, name="public-index"),
    path("consultations/<int:pk>/respond/", respond, name="respond"),
    path("consultations/resume/<str:token_key>/", resume, name="resume"),
    path("consultations/<int:pk>/thanks/", thanks, name="thanks"),
    path("consultations/<int:pk>/findings/", public_findings, name="public-findings"),
    path("consultations/<int:pk>/findings.pdf", public_findings_pdf, name="public-findings-pdf"),
    path("consultations/<int:pk>/findings.csv", public_findings_csv, name="public-findings-csv"),
]
