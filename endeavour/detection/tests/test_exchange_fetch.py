"""Fetching from exchange sources against a local test server: paged, checkpointed, resumable."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.detection.exchange.fetch import source_fetch
from endeavour.detection.exchange.tasks import fetch_exchange_sources
from endeavour.detection.models import (
    BankEntry,
    ExchangeKind,
    ExchangeRun,
    ExchangeSource,
    HashBank,
    RunStatus,
)
from endeavour.detection.services import bank_entry_add

pytestmark = pytest.mark.django_db

MD5 = "d41d8cd98f00b204e9800998ecf8427e"
TE_TOKEN = "1234567890|abcdefghijklmnopqrstuvwxyz"


def pdq(n: int) -> str:
    return f"{n:064x}"


@dataclass
class Exchange:
    """What the local server holds and answers, and what it was asked."""

    tat: list[dict[str, Any]] = field(default_factory=list)
    threat_updates: list[dict[str, Any]] = field(default_factory=list)
    csv: str = ""
    etag: str = '"v1"'
    page_size: int = 2
    fail_on_page: int | None = None
    fail_status: int = 401
    requests: list[str] = field(default_factory=list)
    base_url: str = ""

    def fail_once(self, page: int) -> bool:
        if self.fail_on_page == page:
            self.fail_on_page = None
            return True
        return False


def tat_record(n: int, **kwargs: Any) -> dict[str, Any]:
    return {
        "hash_digest": pdq(n),
        "algorithm": "PDQ",
        "ideology": "islamist",
        "file_type": "jpg",
        "deleted": False,
        "updated_on": 1_700_000_000 + n,
        "created_on": "2024-01-01T00:00:00Z",
        "id": n,
        **kwargs,
    }


class Handler(BaseHTTPRequestHandler):
    exchange: Exchange

    def log_message(self, format: str, *args: Any) -> None:
        return

    def answer(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        self.exchange.requests.append(f"POST {self.path}")
        length = int(self.headers.get("Content-Length", 0))
        form = dict(parse_qsl(self.rfile.read(length).decode()))
        if self.path == "/token-auth/tcap/" and form == {
            "username": "analyst",
            "password": "s3cret:pw",
            "resend": "False",
        }:
            self.answer(200, {"token": "tok"})
        else:
            self.answer(400, {"error": "Invalid credentials"})

    def do_GET(self) -> None:
        self.exchange.requests.append(f"GET {self.path}")
        path, _, query = self.path.partition("?")
        if path.startswith("/not-json/"):
            self.answer(200, "<html>")
        elif path == "/api/hash-list/v2/all":
            self.tat_page(query)
        elif path.endswith("/threat_updates/"):
            self.threat_updates_page(dict(parse_qsl(query)))
        elif path == "/list.csv":
            if self.headers.get("If-None-Match") == self.exchange.etag:
                self.answer(304, "")
            else:
                self.answer(200, self.exchange.csv, {"ETag": self.exchange.etag})
        else:
            self.answer(404, {"error": "not found"})

    def tat_page(self, query: str) -> None:
        if self.headers.get("Authorization") != "Bearer tok":
            self.answer(401, {"error": "no token"})
            return
        params = {
            key.rpartition("?")[2]: value for key, value in parse_qsl(query, keep_blank_values=True)
        }
        after = (
            tuple(int(part) for part in params["after"].split(",")) if params.get("after") else ()
        )
        offset, size = int(params.get("offset", 0)), self.exchange.page_size
        records = sorted(self.exchange.tat, key=lambda r: (r["updated_on"], r["id"]))
        records = [r for r in records if (r["updated_on"], r["id"]) > after]
        if self.exchange.fail_once(offset // size + 1):
            self.answer(self.exchange.fail_status, {"error": "token expired"})
            return
        page = records[offset : offset + size]
        more = offset + size < len(records)
        self.answer(
            200,
            {
                "count": len(records),
                "next": f"{self.exchange.base_url}api/hash-list/v2/all?limit={size}"
                f"&offset={offset + size}"
                if more
                else None,
                "previous": None,
                "checkpoint": f"{page[-1]['updated_on']},{page[-1]['id']}" if page else "",
                "results": page,
            },
        )

    def threat_updates_page(self, params: dict[str, str]) -> None:
        if params.get("access_token") != TE_TOKEN:
            self.answer(400, {"error": {"message": "Invalid OAuth access token"}})
            return
        start = int(params.get("start_time") or 0)
        page_number = int(params.get("page", 1))
        updates = [u for u in self.exchange.threat_updates if u["last_updated"] >= start]
        size = self.exchange.page_size
        if self.exchange.fail_once(page_number):
            self.answer(500, {"error": {"message": "An unknown error occurred"}})
            return
        page = updates[(page_number - 1) * size : page_number * size]
        paging = {}
        if page_number * size < len(updates):
            base = self.exchange.base_url + self.path.lstrip("/").partition("?")[0]
            paging["next"] = (
                f"{base}?access_token={TE_TOKEN}&start_time={start}&page={page_number + 1}"
            )
        self.answer(200, {"data": page, "paging": paging})


@pytest.fixture
def exchange() -> Iterator[Exchange]:
    state = Exchange()
    handler = type("BoundHandler", (Handler,), {"exchange": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def bank() -> HashBank:
    return HashBank.objects.create(name="Exchange bank")


def make_source(bank: HashBank, kind: str, **kwargs: Any) -> ExchangeSource:
    return ExchangeSource.objects.create(name=f"{kind} source", kind=kind, bank=bank, **kwargs)


@pytest.fixture
def tat_source(
    bank: HashBank, exchange: Exchange, monkeypatch: pytest.MonkeyPatch
) -> ExchangeSource:
    monkeypatch.setenv("TEST_TAT_CREDENTIALS", "analyst:s3cret:pw")
    return make_source(
        bank, ExchangeKind.TAT, base_url=exchange.base_url, credentials_env="TEST_TAT_CREDENTIALS"
    )


def enabled_values(bank: HashBank) -> set[str]:
    return set(BankEntry.objects.filter(bank=bank, enabled=True).values_list("value", flat=True))


# Tech Against Terrorism


def test_tat_fetches_every_page_with_labels_and_tombstones(
    exchange: Exchange, tat_source: ExchangeSource, bank: HashBank
) -> None:
    exchange.tat = [tat_record(n) for n in range(1, 6)]
    exchange.tat.append(tat_record(6, algorithm="MD5", file_type="mp4", hash_digest=MD5))
    run = source_fetch(tat_source)
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert (run.rows_read, run.rows_added) == (6, 6)
    entry = BankEntry.objects.get(value=pdq(3))
    assert entry.labels == {"ideology": "islamist"} and entry.external_id == "3"
    assert entry.exchange_source == tat_source
    tat_source.refresh_from_db()
    assert tat_source.checkpoint == {"checkpoint": "1700000006,6"}
    assert tat_source.last_fetched_at is not None
    [event] = AuditEvent.objects.filter(object_type="detection.exchangerun", object_id=str(run.pk))
    assert event.action == AuditAction.CREATE and "6 added" in event.reason

    exchange.tat.append(tat_record(2, deleted=True, updated_on=1_700_000_100, id=2))
    exchange.tat.append(tat_record(7))
    again = source_fetch(tat_source)
    assert (again.rows_read, again.rows_added, again.rows_tombstoned) == (2, 1, 1)
    withdrawn = BankEntry.objects.get(value=pdq(2))
    assert not withdrawn.enabled
    assert withdrawn.disabled_reason == f"Withdrawn by source {tat_source.name}"


def test_a_feed_withdraws_only_what_it_added(
    exchange: Exchange, tat_source: ExchangeSource, bank: HashBank
) -> None:
    bank_entry_add(bank=bank, signal_type="pdq", value=pdq(1), source_reference="OC-1", labels={})
    exchange.tat = [tat_record(1), tat_record(2)]
    source_fetch(tat_source)
    exchange.tat = [tat_record(n, deleted=True, updated_on=1_700_000_100 + n) for n in (1, 2)]
    run = source_fetch(tat_source)
    assert (run.rows_tombstoned, run.rows_unchanged) == (1, 1)
    assert enabled_values(bank) == {pdq(1)}


def test_a_failure_on_page_3_keeps_pages_1_and_2_and_the_next_fetch_resumes(
    exchange: Exchange, tat_source: ExchangeSource, bank: HashBank
) -> None:
    exchange.tat = [tat_record(n) for n in range(1, 8)]
    exchange.fail_on_page = 3
    run = source_fetch(tat_source)
    assert run.status == RunStatus.FAILED
    assert "answered 401 Unauthorized" in run.message and "Traceback" not in run.message
    assert "The 2 pages before it stay applied" in run.message
    assert enabled_values(bank) == {pdq(n) for n in range(1, 5)}
    tat_source.refresh_from_db()
    assert tat_source.checkpoint == {"checkpoint": "1700000004,4"}
    assert run.rows_added == 4 and run.checkpoint == tat_source.checkpoint

    exchange.requests.clear()
    resumed = source_fetch(tat_source)
    assert resumed.status == RunStatus.SUCCEEDED
    assert (resumed.rows_read, resumed.rows_added) == (3, 3)
    assert enabled_values(bank) == {pdq(n) for n in range(1, 8)}
    first_page = next(r for r in exchange.requests if r.startswith("GET"))
    assert "after=1700000004%2C4" in first_page


def test_a_bad_row_in_a_feed_is_recorded_and_skipped(
    exchange: Exchange, tat_source: ExchangeSource, bank: HashBank
) -> None:
    exchange.tat = [
        tat_record(1),
        tat_record(2, hash_digest="abc"),
        tat_record(3, algorithm="SHA256"),
        tat_record(4),
    ]
    run = source_fetch(tat_source)
    assert run.status == RunStatus.SUCCEEDED
    assert enabled_values(bank) == {pdq(1), pdq(4)}
    assert run.rows_rejected == 1
    assert run.errors == [
        {
            "line": 2,
            "where": "result 2",
            "message": "Id 2: A pdq hash has 64 hexadecimal characters; this has 3.",
        }
    ]
    assert "1 row with invalid values skipped, the first at result 2" in run.message
    assert "1 row of kinds this service does not hold skipped (Id 3: SHA256" in run.message


@pytest.mark.parametrize(
    ("credentials_env", "value", "fragment"),
    [
        ("", None, "No credentials are set up"),
        ("TEST_TAT_UNSET", None, "The environment variable TEST_TAT_UNSET is not set"),
        ("TEST_TAT_CREDENTIALS", "no-colon", "should hold username:password"),
        ("TEST_TAT_CREDENTIALS", "analyst:wrong", "answered 400 Bad Request"),
    ],
)
def test_missing_or_wrong_credentials_fail_with_a_plain_message(
    exchange: Exchange,
    bank: HashBank,
    monkeypatch: pytest.MonkeyPatch,
    credentials_env: str,
    value: str | None,
    fragment: str,
) -> None:
    monkeypatch.delenv("TEST_TAT_UNSET", raising=False)
    if value is not None:
        monkeypatch.setenv(credentials_env, value)
    source = make_source(
        bank, ExchangeKind.TAT, base_url=exchange.base_url, credentials_env=credentials_env
    )
    run = source_fetch(source)
    assert run.status == RunStatus.FAILED and fragment in run.message
    assert "wrong" not in run.message
    assert not BankEntry.objects.exists()


def test_an_unreachable_server_fails_with_a_plain_message(bank: HashBank) -> None:
    source = make_source(bank, ExchangeKind.CSV_URL, base_url="http://127.0.0.1:9/list.csv")
    run = source_fetch(source)
    assert run.status == RunStatus.FAILED
    assert run.message == (
        "The fetch failed: could not connect to the server (is the address right, and is it up?)."
    )


# CSV at a web address


def test_a_csv_list_is_applied_whole_or_not_at_all(exchange: Exchange, bank: HashBank) -> None:
    source = make_source(bank, ExchangeKind.CSV_URL, base_url=exchange.base_url + "list.csv")
    exchange.csv = f"signal_type,value\npdq,{pdq(1)}\npdq,{pdq(2)[:-1]}\n"
    run = source_fetch(source)
    assert run.status == RunStatus.REJECTED and run.errors[0]["line"] == 3
    assert not BankEntry.objects.exists()

    exchange.csv, exchange.etag = f"signal_type,value\npdq,{pdq(1)}\nmd5,{MD5}\n", '"v2"'
    run = source_fetch(source)
    assert run.status == RunStatus.SUCCEEDED and run.rows_added == 2
    source.refresh_from_db()
    assert source.checkpoint["etag"] == '"v2"'

    run = source_fetch(source)
    assert run.status == RunStatus.SUCCEEDED and run.rows_read == 0
    assert "has not changed" in run.message


# A local file in python-threatexchange's format


def test_a_local_file_is_read_through_python_threatexchange(tmp_path: Path, bank: HashBank) -> None:
    path = tmp_path / "list.txt"
    path.write_text(f"pdq {pdq(1)}\n\nvideo_md5 {MD5}\nraw_text hello there\n")
    source = make_source(bank, ExchangeKind.LOCAL_FILE, config={"path": str(path)})
    run = source_fetch(source)
    assert run.status == RunStatus.REJECTED
    assert run.errors[0]["line"] == 4 and "'raw_text' is not supported" in run.errors[0]["message"]
    assert not BankEntry.objects.exists()

    path.write_text(f"pdq {pdq(1)}\n\nvideo_md5 {MD5}\n")
    run = source_fetch(source)
    assert run.status == RunStatus.SUCCEEDED and run.rows_added == 2
    assert source_fetch(source).rows_read == 0

    path.write_bytes(b"pdq \xff\n")
    run = source_fetch(source)
    assert run.status == RunStatus.REJECTED and "not UTF-8" in run.message


def test_a_missing_local_file_is_named(tmp_path: Path, bank: HashBank) -> None:
    source = make_source(bank, ExchangeKind.LOCAL_FILE, config={"path": str(tmp_path / "gone.txt")})
    run = source_fetch(source)
    assert run.status == RunStatus.FAILED and "There is no file at" in run.message


# ThreatExchange


def threat_update(n: int, time: int, **kwargs: Any) -> dict[str, Any]:
    return {
        "id": str(100 + n),
        "indicator": pdq(n),
        "type": "HASH_PDQ",
        "last_updated": time,
        "should_delete": False,
        "descriptors": {
            "data": [{"id": str(200 + n), "owner": {"id": "55"}, "status": "MALICIOUS", "tags": []}]
        },
        **kwargs,
    }


def test_threatexchange_updates_apply_with_tombstones_and_resume(
    exchange: Exchange, bank: HashBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_TE_TOKEN", TE_TOKEN)
    source = make_source(
        bank,
        ExchangeKind.THREATEXCHANGE,
        base_url=exchange.base_url,
        credentials_env="TEST_TE_TOKEN",
        config={"privacy_group": 1234},
    )
    exchange.threat_updates = [threat_update(n, 1000 + n) for n in range(1, 6)]
    exchange.threat_updates.append(
        threat_update(9, 1009, type="HASH_MD5", indicator=MD5)  # not tagged as video: skipped
    )
    exchange.fail_on_page = 2
    run = source_fetch(source)
    assert run.status == RunStatus.FAILED and "answered 500" in run.message
    source.refresh_from_db()
    assert source.checkpoint["update_time"] == 1002
    assert enabled_values(bank) == {pdq(1), pdq(2)}

    exchange.threat_updates.append(
        {"id": "101", "indicator": pdq(1), "type": "HASH_PDQ", "last_updated": 1010,
         "should_delete": True}
    )  # fmt: skip
    run = source_fetch(source)
    assert run.status == RunStatus.SUCCEEDED, run.message
    assert enabled_values(bank) == {pdq(n) for n in range(2, 6)}
    assert BankEntry.objects.get(value=pdq(1)).disabled_reason.startswith("Withdrawn by source")
    assert "start_time=1002" in next(r for r in exchange.requests[::-1] if "page=" not in r)
    assert BankEntry.objects.get(value=pdq(3)).external_id == "103"


def test_threatexchange_needs_a_token_and_a_privacy_group(
    bank: HashBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_TE_TOKEN", "not-a-token")
    source = make_source(bank, ExchangeKind.THREATEXCHANGE, credentials_env="TEST_TE_TOKEN")
    assert "does not hold a ThreatExchange access token" in source_fetch(source).message
    monkeypatch.setenv("TEST_TE_TOKEN", TE_TOKEN)
    assert "Set the privacy group" in source_fetch(source).message


# The scheduled task


def test_a_server_answer_that_is_not_json_fails_plainly(
    exchange: Exchange, bank: HashBank, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEST_TE_TOKEN", TE_TOKEN)
    source = make_source(
        bank,
        ExchangeKind.THREATEXCHANGE,
        base_url=exchange.base_url + "not-json",
        credentials_env="TEST_TE_TOKEN",
        config={"privacy_group": 1},
    )
    run = source_fetch(source)
    assert run.message == "The fetch failed: the server's answer was not the JSON expected."


def test_the_task_fetches_every_enabled_source(tmp_path: Path, bank: HashBank) -> None:
    path = tmp_path / "list.txt"
    path.write_text(f"pdq {pdq(1)}\n")
    make_source(bank, ExchangeKind.LOCAL_FILE, config={"path": str(path)})
    ExchangeSource.objects.create(
        name="off", kind=ExchangeKind.LOCAL_FILE, bank=bank, enabled=False
    )
    assert fetch_exchange_sources() == 1
    assert ExchangeRun.objects.get().status == RunStatus.SUCCEEDED
    assert enabled_values(bank) == {pdq(1)}
