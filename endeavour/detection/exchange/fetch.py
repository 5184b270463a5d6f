"""Fetching hash lists from exchange sources, checkpointed and resumable.

API feeds (Tech Against Terrorism, ThreatExchange) are applied page by page: each page in its own
transaction together with the source's checkpoint, so a failure keeps the pages before it and the
next fetch resumes after them. A feed's invalid row is recorded and skipped. File sources (a local
file, a CSV at a web address) are applied whole or not at all, like a file import.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast
from urllib.parse import urlsplit

import requests
from django.db import DatabaseError, transaction
from django.utils import timezone
from threatexchange.exchanges.clients.fb_threatexchange.api import (
    ThreatExchangeAPI,
    is_valid_app_token,
)
from threatexchange.exchanges.clients.fb_threatexchange.threat_updates import ThreatUpdateJSON
from threatexchange.exchanges.clients.techagainstterrorism.api import TATHashListAPI
from threatexchange.exchanges.fetch_state import AggregateSignalOpinionCategory
from threatexchange.exchanges.impl.fb_threatexchange_api import (
    FBThreatExchangeCheckpoint,
    FBThreatExchangeIndicatorRecord,
)
from threatexchange.exchanges.impl.file_api import (
    FileCollaborationConfig,
    LocalFileSignalExchangeAPI,
)
from threatexchange.signal_type.md5 import VideoMD5Signal
from threatexchange.signal_type.pdq.signal import PdqSignal
from threatexchange.signal_type.sha256 import VideoSHA256Signal
from threatexchange.signal_type.url import URLSignal

from endeavour.detection.exchange import formats
from endeavour.detection.exchange.formats import ParsedRow, ParseResult, RowError
from endeavour.detection.exchange.imports import (
    ApplyCounts,
    counts_message,
    entry_statistics_refresh,
    errors_json,
    rows_apply,
    run_finish,
    run_reject,
    run_update,
)
from endeavour.detection.models import (
    ExchangeKind,
    ExchangeRun,
    ExchangeSource,
    RunKind,
    RunStatus,
    SignalType,
)
from endeavour.detection.values import InvalidValue

if TYPE_CHECKING:
    from endeavour.core.models import User

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT, READ_TIMEOUT = 10, 120
_RUN_PROGRESS_FIELDS = [
    "rows_read",
    "rows_added",
    "rows_unchanged",
    "rows_tombstoned",
    "rows_rejected",
    "errors",
    "checkpoint",
]


class FetchError(Exception):
    """Why a fetch could not go on, in plain words for the run's report."""


@dataclass(frozen=True)
class FetchedPage:
    results: list[ParseResult]
    checkpoint: dict[str, Any]
    whole_file: bool = False
    note: str = ""

    @property
    def rows(self) -> list[ParsedRow]:
        return [result for result in self.results if isinstance(result, ParsedRow)]

    @property
    def errors(self) -> list[RowError]:
        return [result for result in self.results if isinstance(result, RowError)]


@dataclass
class _Progress:
    counts: ApplyCounts = field(default_factory=ApplyCounts)
    errors: list[RowError] = field(default_factory=list)
    skipped: list[RowError] = field(default_factory=list)
    pages: int = 0
    notes: list[str] = field(default_factory=list)


def source_fetch(source: ExchangeSource, *, started_by: User | None = None) -> ExchangeRun:
    """Fetch ``source`` into its bank from its checkpoint; the run says what happened."""
    run = ExchangeRun.objects.create(
        kind=RunKind.FETCH,
        source=source,
        bank=source.bank,
        file_format=source.kind,
        filename=(source.base_url or str(source.config.get("path", "")))[:255],
        started_by=started_by,
        checkpoint=source.checkpoint,
    )
    progress = _Progress()
    pages = PAGES.get(source.kind)
    try:
        if pages is None:
            raise FetchError(f"Sources of kind {source.kind!r} cannot be fetched.")
        for page in pages(source):
            if page.whole_file and page.errors:
                return run_reject(run, page.errors, rows_read=len(page.rows))
            _page_apply(run, source, page, progress)
    except Exception as error:
        if not isinstance(error, FetchError | requests.RequestException):
            logger.exception("Fetch from exchange source %s stopped", source.pk)
        run.refresh_from_db(fields=_RUN_PROGRESS_FIELDS)
        run_finish(run, RunStatus.FAILED, _failure_message(error, progress))
        return run
    source.last_fetched_at = timezone.now()
    source.save(update_fields=["last_fetched_at"])
    run_finish(run, RunStatus.SUCCEEDED, _success_message(progress))
    entry_statistics_refresh(run.rows_added)
    return run


def _page_apply(
    run: ExchangeRun, source: ExchangeSource, page: FetchedPage, progress: _Progress
) -> None:
    with transaction.atomic():
        ExchangeSource.objects.filter(pk=source.pk).update(checkpoint=page.checkpoint)
        counts = rows_apply(bank=source.bank, rows=page.rows, origin=source.name, source=source)
        skipped = [error for error in page.errors if error.unsupported]
        invalid = [error for error in page.errors if not error.unsupported]
        counts.read += len(page.errors)
        total = dataclasses.replace(progress.counts)
        total.add(counts)
        run_update(run, total)
        run.rows_rejected += len(invalid)
        run.errors = errors_json([*progress.errors, *invalid])
        run.checkpoint = page.checkpoint
        run.save(update_fields=_RUN_PROGRESS_FIELDS)
    source.checkpoint = page.checkpoint
    progress.counts = total
    progress.errors += invalid
    progress.skipped += skipped
    progress.pages += 1
    if page.note:
        progress.notes.append(page.note)


def _success_message(progress: _Progress) -> str:
    extra = [*progress.notes]
    if progress.errors:
        first = progress.errors[0]
        extra.append(
            f"{_rows(len(progress.errors))} with invalid values skipped, the first at "
            f"{first.where}: {first.message}"
        )
    if progress.skipped:
        extra.append(
            f"{_rows(len(progress.skipped))} of kinds this service does not hold skipped "
            f"({progress.skipped[0].message})"
        )
    return counts_message(progress.counts, " ".join(extra))


def _rows(count: int) -> str:
    return f"{count:,} row{'s' if count != 1 else ''}"


def _failure_message(error: Exception, progress: _Progress) -> str:
    kept = (
        f" The {progress.pages} page{'s' if progress.pages != 1 else ''} before it "
        "stay applied; the next fetch resumes from there."
        if progress.pages
        else ""
    )
    return f"The fetch failed: {plain_error(error)}{kept}"


def plain_error(error: Exception) -> str:
    """A sentence for the run's report: no traceback, no credentials."""
    if isinstance(error, FetchError):
        return str(error)
    if isinstance(error, requests.HTTPError) and error.response is not None:
        answer = error.response
        where = urlsplit(answer.url).netloc
        return f"{where} answered {answer.status_code} {answer.reason}."
    if isinstance(error, requests.JSONDecodeError | json.JSONDecodeError):
        return "the server's answer was not the JSON expected."
    if isinstance(error, requests.Timeout):
        return "the server did not answer in time."
    if isinstance(error, requests.ConnectionError):
        return "could not connect to the server (is the address right, and is it up?)."
    if isinstance(error, KeyError | TypeError | AssertionError):
        return "the server's answer was not in the expected shape."
    if isinstance(error, requests.RequestException):
        return "the request to the server failed."
    if isinstance(error, DatabaseError):
        return "the database refused a change; nothing from that page was applied."
    return f"an unexpected {type(error).__name__}; the details are in the server log."


def credential(source: ExchangeSource, what: str) -> str:
    """The secret in the environment variable the source names; never stored in the database."""
    name = source.credentials_env.strip()
    if not name:
        raise FetchError(
            f"No credentials are set up: give the source the name of an environment variable "
            f"holding {what}."
        )
    value = os.environ.get(name, "").strip()
    if not value:
        raise FetchError(f"The environment variable {name} is not set: it should hold {what}.")
    return value


# Tech Against Terrorism


def tat_client(base_url: str, username: str, password: str) -> TATHashListAPI:
    """python-threatexchange's TAT client, pointed at ``base_url``."""
    address = (base_url or TATHashListAPI.BASE_URL).rstrip("/") + "/"

    class SourceTATHashListAPI(TATHashListAPI):
        BASE_URL: ClassVar[str] = address

    return SourceTATHashListAPI(username=username, password=password)


def _tat_pages(source: ExchangeSource) -> Iterator[FetchedPage]:
    username, _, password = credential(source, "the TAT username:password").partition(":")
    if not (username and password):
        raise FetchError(
            f"The environment variable {source.credentials_env} should hold username:password."
        )
    after = str(source.checkpoint.get("checkpoint", ""))
    position = 0
    for response in tat_client(source.base_url, username, password).fetch_hashes_iter(after):
        results: list[ParseResult] = []
        for entry in response.results:
            position += 1
            results.append(formats.tat_row(position, dataclasses.asdict(entry)))
        after = str(response.checkpoint or after)
        yield FetchedPage(results, {"checkpoint": after})


# ThreatExchange (Meta's Graph API, used by GIFCT's hash-sharing database)


class TimedThreatExchangeAPI(ThreatExchangeAPI):
    """pytx's Graph API client, with a timeout on its GETs (it has none of its own)."""

    def get_json_from_url(
        self,
        url: str,
        params: dict[str, Any] | None = None,
        *,
        json_obj_hook: Callable[..., Any] | None = None,
    ) -> Any:
        response = requests.get(url, params=params or {}, timeout=(CONNECT_TIMEOUT, READ_TIMEOUT))
        response.raise_for_status()
        return response.json(object_hook=json_obj_hook)


def _threatexchange_types() -> dict[str, tuple[SignalType, str | None]]:
    """ThreatExchange indicator type -> (our type, tag it needs), from pytx's signal types."""
    ours: dict[Any, SignalType] = {
        PdqSignal: SignalType.PDQ,
        VideoMD5Signal: SignalType.MD5,
        VideoSHA256Signal: SignalType.SHA256,
        URLSignal: SignalType.URL,
    }
    mapping: dict[str, tuple[SignalType, str | None]] = {}
    for signal_class, signal_type in ours.items():
        indicator_types = signal_class.INDICATOR_TYPE
        if isinstance(indicator_types, str):
            indicator_types = {indicator_types: None}
        elif not isinstance(indicator_types, Mapping):
            indicator_types = dict.fromkeys(indicator_types)
        for indicator_type, tag in indicator_types.items():
            mapping[str(indicator_type)] = (signal_type, tag)
    return mapping


def threatexchange_row(
    position: int, update: ThreatUpdateJSON, app_id: int, types: Mapping[str, Any]
) -> ParseResult:
    """One /threat_updates record: a tombstone, a negative-only opinion (withdrawn) or a hash."""
    prefix = f"Id {update.raw_json.get('id', '?')}: "
    target = types.get(update.threat_type)
    if target is None:
        message = f"{prefix}ThreatExchange type {update.threat_type} is not taken."
        return RowError(position, message, "result", unsupported=True)
    signal_type, tag = target
    record = FBThreatExchangeIndicatorRecord.from_threatexchange_json(app_id, update)
    deleted = record is None
    if record is not None:
        tags = {tag for opinion in record.get_as_opinions() for tag in opinion.tags}
        if tag is not None and tag not in tags:
            message = f"{prefix}{update.threat_type} without the {tag} tag is not taken."
            return RowError(position, message, "result", unsupported=True)
        category = record.get_as_aggregate_opinion().category
        deleted = category == AggregateSignalOpinionCategory.NEGATIVE_CLASS
    try:
        value = formats.checked_value(signal_type, str(update.indicator))
    except InvalidValue as error:
        return RowError(position, f"{prefix}{error}", "result")
    return ParsedRow(
        line=position,
        signal_type=signal_type,
        value=value,
        external_id=str(update.raw_json.get("id", ""))[: formats.MAX_FIELD_CHARS],
        deleted=deleted,
    )


def _threatexchange_pages(source: ExchangeSource) -> Iterator[FetchedPage]:
    token = credential(source, "the ThreatExchange access token (app-id|secret)")
    if not is_valid_app_token(token):
        raise FetchError(
            f"The environment variable {source.credentials_env} does not hold a ThreatExchange "
            "access token (app-id|secret)."
        )
    try:
        privacy_group = int(source.config["privacy_group"])
    except (KeyError, TypeError, ValueError):
        raise FetchError(
            'Set the privacy group in the source\'s settings: {"privacy_group": <id>}.'
        ) from None
    client = TimedThreatExchangeAPI(token, endpoint_override=source.base_url.rstrip("/") or None)
    saved = FBThreatExchangeCheckpoint(
        update_time=int(source.checkpoint.get("update_time", 0)),
        last_fetch_time=int(source.checkpoint.get("last_fetch_time", time.time())),
    )
    start = saved.update_time if saved.update_time and not saved.is_stale() else None
    cursor = client.get_threat_updates(
        privacy_group,
        start_time=start,
        page_size=500,
        fields=ThreatUpdateJSON.te_threat_updates_fields(),
        decode_fn=ThreatUpdateJSON,
    )
    types = _threatexchange_types()
    highest, position = start or 0, 0
    next_page = cast(Callable[[], list[ThreatUpdateJSON]], cursor.next)
    while not cursor.done:
        results: list[ParseResult] = []
        for update in next_page():
            position += 1
            highest = max(highest, update.time)
            results.append(threatexchange_row(position, update, client.app_id, types))
        checkpoint = {"update_time": highest, "last_fetch_time": int(time.time())}
        yield FetchedPage(results, checkpoint, note=_stale_note(saved, start))


def _stale_note(saved: FBThreatExchangeCheckpoint, start: int | None) -> str:
    if saved.update_time and start is None:
        return (
            "The checkpoint was older than ThreatExchange keeps withdrawals, so the list was "
            "fetched from the start; withdrawals in the gap may have been missed."
        )
    return ""


# A local file, in python-threatexchange's line format


def _local_file_pages(source: ExchangeSource) -> Iterator[FetchedPage]:
    configured = str(source.config.get("path", "")).strip()
    if not configured:
        raise FetchError('Set the file\'s path in the source\'s settings: {"path": "/..."}.')
    path = Path(configured)
    if not path.is_file():
        raise FetchError(f"There is no file at {path}.")
    if path.stat().st_size > formats.MAX_FILE_BYTES:
        raise FetchError(f"The file at {path} is larger than the limit for hash lists.")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if source.checkpoint.get("sha256") == digest:
        yield FetchedPage([], source.checkpoint, note="The file has not changed since last time.")
        return
    text = formats.decode(data)
    if isinstance(text, RowError):
        yield FetchedPage([text], {}, whole_file=True)
        return
    lines = _line_numbers(data.decode("utf-8"))
    api = LocalFileSignalExchangeAPI(FileCollaborationConfig(name=source.name, filename=str(path)))
    results: list[ParseResult] = []
    for delta in api.fetch_iter([], None):
        for type_name, value in delta.updates:
            line = lines.get((type_name, value), 0)
            results.append(formats.threatexchange_row(line, type_name, value))
    yield FetchedPage(results, {"sha256": digest}, whole_file=True)


def _line_numbers(text: str) -> dict[tuple[str, str], int]:
    """Where each "<type> <value>" first appears, read as python-threatexchange reads it."""
    lines: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(text.split("\n"), start=1):
        type_name, _, value = raw.strip().partition(" ")
        lines.setdefault((type_name, value), number)
    return lines


# A CSV (our format) at a web address


def _csv_url_pages(source: ExchangeSource) -> Iterator[FetchedPage]:
    if not source.base_url:
        raise FetchError("Set the address of the CSV file.")
    headers = {"Accept": "text/csv, text/plain;q=0.9"}
    if source.checkpoint.get("etag"):
        headers["If-None-Match"] = str(source.checkpoint["etag"])
    auth = None
    if source.credentials_env:
        username, _, password = credential(source, "username:password").partition(":")
        auth = (username, password)
    with requests.get(
        source.base_url,
        headers=headers,
        auth=auth,
        timeout=(CONNECT_TIMEOUT, READ_TIMEOUT),
        stream=True,
    ) as response:
        if response.status_code == 304:
            yield FetchedPage(
                [], source.checkpoint, note="The list has not changed since last time."
            )
            return
        response.raise_for_status()
        data = _read_capped(response)
        etag = response.headers.get("ETag", "")
    digest = hashlib.sha256(data).hexdigest()
    checkpoint = {"etag": etag, "sha256": digest}
    if source.checkpoint.get("sha256") == digest:
        yield FetchedPage([], checkpoint, note="The list has not changed since last time.")
        return
    yield FetchedPage(list(formats.parse("csv", data)), checkpoint, whole_file=True)


def _read_capped(response: requests.Response) -> bytes:
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=1024 * 1024):
        size += len(chunk)
        if size > formats.MAX_FILE_BYTES:
            raise FetchError("The list is larger than the limit for hash lists.")
        chunks.append(chunk)
    return b"".join(chunks)


PAGES: dict[str, Callable[[ExchangeSource], Iterator[FetchedPage]]] = {
    ExchangeKind.TAT: _tat_pages,
    ExchangeKind.THREATEXCHANGE: _threatexchange_pages,
    ExchangeKind.LOCAL_FILE: _local_file_pages,
    ExchangeKind.CSV_URL: _csv_url_pages,
}
