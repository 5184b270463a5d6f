from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from endeavour.core.models import Role
from endeavour.detection import services
from endeavour.detection.hashing import pdq_of_image
from endeavour.detection.models import BankPurpose, SignalType
from endeavour.detection.tests.media import image_bytes

pytestmark = pytest.mark.django_db


def test_look_up_hashes_urls_and_a_file(client_as: Any) -> None:
    bank = services.bank_create(name="Shared list", labels={"tier": "1"})
    pdq = pdq_of_image(image_bytes(2)).hex
    for signal_type, value in [
        (SignalType.PDQ, pdq),
        (SignalType.URL, "https://bad.example/x"),
    ]:
        services.bank_entry_add(
            bank=bank, signal_type=signal_type, value=value, source_reference="", labels={}
        )
    client = client_as(Role.ANALYST)
    url = reverse("api-online-hash-lookup")
    body = client.post(
        url,
        {"hashes": [{"type": "pdq", "value": pdq.upper()}], "urls": ["www.bad.example/x/"]},
        content_type="application/json",
    ).json()
    assert body["queries"] > 2
    assert {(m["signal_type"], m["bank"], m["distance"]) for m in body["matches"]} == {
        ("pdq", "Shared list", 0),
        ("url", "Shared list", 0),
    }
    assert body["matches"][0]["labels"] == {"tier": "1"}
    upload = SimpleUploadedFile("copy.jpg", image_bytes(2, fmt="JPEG"), "image/jpeg")
    by_file = client.post(url, {"file": upload}).json()
    [match] = by_file["matches"]
    assert match["about"] == "file" and match["distance"] <= 31


def test_allow_listed_hits_come_back_suppressed(client_as: Any) -> None:
    for name, purpose in [("Shared list", BankPurpose.MATCH), ("Allowed", BankPurpose.ALLOW)]:
        services.bank_entry_add(
            bank=services.bank_create(name=name, purpose=purpose),
            signal_type=SignalType.MD5,
            value="d" * 32,
            source_reference="",
            labels={},
        )
    body = (
        client_as(Role.SENIOR_ANALYST)
        .post(
            reverse("api-online-hash-lookup"),
            {"hashes": [{"type": "md5", "value": "d" * 32}]},
            content_type="application/json",
        )
        .json()
    )
    assert body["matches"] == [] and [m["bank"] for m in body["suppressed"]] == ["Shared list"]


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        ({"hashes": [{"type": "pdq", "value": "abc"}]}, "hashes.0.value", "64 hexadecimal"),
        ({"hashes": [{"type": "tlsh", "value": "abc"}]}, "hashes.0.type", "not a valid choice"),
        ({"urls": ["ftp://x.example"]}, "urls", "URL 1: Only http and https"),
        ({}, "non_field_errors", "at least one of"),
    ],
)
def test_bad_lookups_are_400s_naming_the_field(
    client_as: Any, payload: dict[str, Any], field: str, message: str
) -> None:
    response = client_as(Role.ANALYST).post(
        reverse("api-online-hash-lookup"), payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]
    assert message in str(response.json())


def test_bank_list_counts_enabled_entries(client_as: Any) -> None:
    bank = services.bank_create(name="Shared list")
    for value in ("a" * 32, "b" * 32):
        services.bank_entry_add(
            bank=bank, signal_type=SignalType.MD5, value=value, source_reference="x", labels={}
        )
    services.bank_entries_disable(source_reference="x", reason="Overturned")
    [row] = client_as(Role.AUDITOR).get(reverse("api-online-hash-banks")).json()
    assert (row["entries_total"], row["entries_enabled"], row["purpose"]) == (2, 0, "match")
