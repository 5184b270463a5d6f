"""Hash banks (Stop the spread): banks and allow-lists, their entries, hash-list imports and
exports, exchange runs, and a page to check a file, hash, web address or text against them.

Matches rank and explain; they never decide. Every write calls one function of
``endeavour.detection``; who may do what is decided in ``online.permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.detection import services
from endeavour.detection.exchange.imports import hash_list_export, hash_list_import
from endeavour.detection.matching import LookupResult, Match, lookup
from endeavour.detection.models import (
    BankEntry,
    ExchangeRun,
    ExchangeSource,
    HashBank,
    RunKind,
    RunStatus,
)
from endeavour.online import permissions
from endeavour.online.forms.hash_banks import (
    EXPORT_FORMATS,
    BankCreateForm,
    BankImportForm,
    BankSettingsForm,
    EntryDisableForm,
    EntryFilterForm,
    HashCheckForm,
)

LATEST_RUNS = 20
BANK_RUNS = 10
ENTRIES_PER_PAGE = 50
FILL_KINDS = (RunKind.FILE_IMPORT, RunKind.FETCH)


@dataclass(frozen=True)
class BankRow:
    bank: HashBank
    entries_enabled: int
    entries_total: int
    last_run: ExchangeRun | None


@dataclass(frozen=True)
class SourceRow:
    source: ExchangeSource
    last_run: ExchangeRun | None


@dataclass(frozen=True)
class MatchRow:
    match: Match
    labels: str


@dataclass(frozen=True)
class Problem:
    where: str
    message: str


def _bank_or_404(pk: int) -> HashBank:
    bank = HashBank.objects.filter(pk=pk).first()
    if bank is None:
        raise Http404("No such hash bank")
    return bank


def _latest_run_pk(**match: Any) -> Subquery:
    runs = ExchangeRun.objects.filter(**match).order_by("-started_at", "-pk")
    return Subquery(runs.values("pk")[:1])


def _runs_by_pk(pks: list[int | None]) -> dict[int, ExchangeRun]:
    wanted = [pk for pk in pks if pk is not None]
    return ExchangeRun.objects.select_related("started_by").in_bulk(wanted) if wanted else {}


@requires(permissions.can_view_banks)
@require_GET
def bank_list(request: HttpRequest) -> HttpResponse:
    banks = list(
        HashBank.objects.annotate(
            entries_total=Count("entries"),
            entries_enabled=Count("entries", filter=Q(entries__enabled=True)),
            last_run_pk=_latest_run_pk(bank=OuterRef("pk"), kind__in=FILL_KINDS),
        ).order_by("-purpose", "name")  # banks, then allow-lists
    )
    sources = list(
        ExchangeSource.objects.select_related("bank").annotate(
            last_run_pk=_latest_run_pk(source=OuterRef("pk"), kind=RunKind.FETCH)
        )
    )
    runs = _runs_by_pk([b.last_run_pk for b in banks] + [s.last_run_pk for s in sources])
    return render(
        request,
        "online/hash_banks/bank_list.html",
        {
            "banks": [
                BankRow(b, b.entries_enabled, b.entries_total, runs.get(b.last_run_pk))
                for b in banks
            ],
            "sources": [SourceRow(s, runs.get(s.last_run_pk)) for s in sources],
            "runs": ExchangeRun.objects.select_related("bank", "source", "started_by").order_by(
                "-started_at", "-pk"
            )[:LATEST_RUNS],
            "can_manage": permissions.can_manage_banks(request.user),
        },
    )


@requires(permissions.can_manage_banks)
@require_http_methods(["GET", "POST"])
def bank_create(request: HttpRequest) -> HttpResponse:
    form = BankCreateForm(request.POST) if request.method == "POST" else BankCreateForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            bank = services.bank_create(
                name=data["name"],
                purpose=data["purpose"],
                description=data["description"].strip(),
                labels=form.labels(),
                pdq_max_distance=data["pdq_max_distance"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{bank.name} is created. Add hashes to it by importing a hash-list file."
            )
            return redirect("online:bank-detail", pk=bank.pk)
    return render(
        request,
        "online/hash_banks/bank_create.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _filtered_entries(bank: HashBank, form: EntryFilterForm) -> QuerySet[BankEntry]:
    entries = bank.entries.select_related("exchange_source").order_by("-pk")
    if not form.is_valid():
        return entries
    data = form.cleaned_data
    if data["signal_type"]:
        entries = entries.filter(signal_type=data["signal_type"])
    if data["state"]:
        entries = entries.filter(enabled=data["state"] == "enabled")
    if data["starts_with"]:
        entries = entries.filter(value__istartswith=data["starts_with"])
    return entries


def _render_detail(
    request: HttpRequest,
    bank: HashBank,
    *,
    settings_form: BankSettingsForm | None = None,
    import_form: BankImportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    filters = EntryFilterForm(request.GET)
    page = Paginator(_filtered_entries(bank, filters), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    counts = bank.entries.aggregate(total=Count("pk"), enabled=Count("pk", filter=Q(enabled=True)))
    return render(
        request,
        "online/hash_banks/bank_detail.html",
        {
            "bank": bank,
            "entries_total": counts["total"],
            "entries_enabled": counts["enabled"],
            "filters": filters,
            "filtered": any(query.get(name) for name in filters.fields),
            "page_obj": page,
            "querystring": query.urlencode(),
            "runs": bank.runs.select_related("source", "started_by").order_by("-started_at", "-pk")[
                :BANK_RUNS
            ],
            "sources": bank.exchange_sources.all(),
            "can_manage": permissions.can_manage_banks(request.user),
            "settings_form": settings_form
            or BankSettingsForm(
                initial={"enabled": bank.enabled, "pdq_max_distance": bank.pdq_max_distance}
            ),
            "import_form": import_form or BankImportForm(),
            "export_formats": EXPORT_FORMATS,
        },
        status=status,
    )


@requires(permissions.can_view_banks)
@require_GET
def bank_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _bank_or_404(pk))


@requires(permissions.can_manage_banks)
@require_POST
def bank_settings(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank_or_404(pk)
    form = BankSettingsForm(request.POST)
    if form.is_valid():
        try:
            services.bank_update(
                bank,
                enabled=form.cleaned_data["enabled"],
                pdq_max_distance=form.cleaned_data["pdq_max_distance"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            bank.refresh_from_db()
        else:
            state = "enabled" if bank.enabled else "disabled: it matches nothing"
            messages.success(
                request, f"{bank.name} is {state}. PDQ match distance {bank.pdq_max_distance}."
            )
            return redirect("online:bank-detail", pk=bank.pk)
    return _render_detail(request, bank, settings_form=form, status=400)


@requires(permissions.can_manage_banks)
@require_POST
def bank_entry_disable(request: HttpRequest, pk: int) -> HttpResponse:
    entry = BankEntry.objects.select_related("bank").filter(pk=pk).first()
    if entry is None:
        raise Http404("No such bank entry")
    form = EntryDisableForm(request.POST)
    if form.is_valid():
        try:
            services.bank_entry_disable(entry, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Entry {entry.pk} is disabled: it matches nothing now.")
            return redirect("online:bank-detail", pk=entry.bank_id)
    return render(
        request,
        "online/hash_banks/entry_disable.html",
        {"entry": entry, "bank": entry.bank, "form": form},
        status=400,
    )


@requires(permissions.can_manage_banks)
@require_POST
def bank_import(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank_or_404(pk)
    form = BankImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, bank, import_form=form, status=400)
    run = hash_list_import(
        bank=bank,
        data=form.cleaned_data["file"],
        file_format=form.cleaned_data["file_format"],
        filename=form.filename,
        started_by=request_user(request),
    )
    if run.status == RunStatus.SUCCEEDED:  # otherwise the report itself says what went wrong
        messages.success(request, f"{form.filename} is imported into {bank.name}.")
    return redirect("online:bank-run-detail", pk=run.pk)


@requires(permissions.can_view_banks)
@require_GET
def bank_export(request: HttpRequest, pk: int) -> HttpResponse:
    bank = _bank_or_404(pk)
    file_format = request.GET.get("format") or "csv"
    if file_format not in EXPORT_FORMATS:
        messages.error(request, "Banks are exported as CSV or in the ThreatExchange line format.")
        return redirect("online:bank-detail", pk=bank.pk)
    export = hash_list_export(bank=bank, file_format=file_format, started_by=request_user(request))
    response = HttpResponse(export.content, content_type=f"{export.content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _problems(run: ExchangeRun) -> list[Problem]:
    problems = []
    for error in run.errors if isinstance(run.errors, list) else []:
        if not isinstance(error, dict):
            continue
        line = error.get("line")
        where = error.get("where") or (
            f"line {line}" if isinstance(line, int) and line > 0 else "the file"
        )
        problems.append(Problem(str(where), str(error.get("message", ""))))
    return problems


@requires(permissions.can_view_banks)
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = ExchangeRun.objects.select_related("bank", "source", "started_by").filter(pk=pk).first()
    if run is None:
        raise Http404("No such run")
    return render(
        request,
        "online/hash_banks/run_detail.html",
        {"run": run, "problems": _problems(run)},
    )


def _match_rows(matches: list[Match]) -> list[MatchRow]:
    return [
        MatchRow(
            match, ", ".join(f"{key}: {value}" for key, value in match.labels.items() if value)
        )
        for match in matches
    ]


@requires(permissions.can_review)
@require_http_methods(["GET", "POST"])
def hash_check(request: HttpRequest) -> HttpResponse:
    posted = request.method == "POST"
    form = HashCheckForm(request.POST, request.FILES) if posted else HashCheckForm()
    result: LookupResult | None = lookup(form.queries) if posted and form.is_valid() else None
    return render(
        request,
        "online/hash_banks/hash_check.html",
        {
            "form": HashCheckForm() if result else form,  # a fresh form for the next check
            "result": result,
            "matches": _match_rows(result.matches) if result else [],
            "suppressed": _match_rows(result.suppressed) if result else [],
            "checked": form.checked,
            "hashes": form.hashes,
            "query_count": len(form.queries),
        },
        status=400 if posted and result is None else 200,
    )


urlpatterns: list[URLPattern] = [
    path("staff/online/hash-banks/", bank_list, name="bank-list"),
    path("staff/online/hash-banks/new/", bank_create, name="bank-create"),
    path("staff/online/hash-check/", hash_check, name="hash-check"),
    path("staff/online/hash-banks/<int:pk>/", bank_detail, name="bank-detail"),
    path("staff/online/hash-banks/<int:pk>/settings/", bank_settings, name="bank-settings"),
    path("staff/online/hash-banks/<int:pk>/import/", bank_import, name="bank-import"),
    path("staff/online/hash-banks/<int:pk>/export/", bank_export, name="bank-export"),
    path(
        "staff/online/hash-banks/entries/<int:pk>/disable/",
        bank_entry_disable,
        name="bank-entry-disable",
    ),
    path("staff/online/hash-banks/runs/<int:pk>/", run_detail, name="bank-run-detail"),
]
