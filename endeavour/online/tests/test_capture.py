"""Capture, against a real HTTP server on 127.0.0.1 (tests/localsite.py): never the internet."""

from __future__ import annotations

import hashlib
import socket
from typing import Any

import pytest
from django.core.files.storage import default_storage

from endeavour.detection.services import bank_entry_add, city_bank
from endeavour.online.models import Capture, Case, Item, SignalKind
from endeavour.online.services.capture import (
    MAX_BODY_BYTES,
    USER_AGENT,
    address_is_public,
    capture_text_preview,
    item_capture,
    visible_text,
)
from endeavour.online.tests.factories import png_bytes, submit
from tests.localsite import LocalSite

pytestmark = pytest.mark.django_db

PAGE = b"""<!doctype html>
<html><head>
<meta charset="utf-8">
<title>  A   post &amp; its title </title>
<style>body { color: red } .secret-style {}</style>
<script>var secretScript = "</div>"; alert('evil');</script>
</head>
<body>
<!-- a secret comment -->
<h1>Heading</h1>
<p>First   paragraph,
spread over lines.</p>
<p>Second<br>line two</p>
<noscript>secret noscript</noscript>
<template><p>secret template</p></template>
<iframe src="https://elsewhere.example/">secret iframe</iframe>
<object data="x.swf"><p>secret object</p></object>
<ul><li>one</li><li>two</li></ul>
<table><tr><td>cell a</td><td>cell b</td></tr></table>
<p onclick="steal()">Caf\xc3\xa9 &lt;not a tag&gt;</p>
</body></html>"""


@pytest.fixture(autouse=True)
def _local_addresses_allowed(settings: Any) -> None:
    """The test server is on 127.0.0.1, which production captures refuse."""
    settings.ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = True


def item_at(url: str) -> Item:
    return submit(url=url).item


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_html_page_is_kept_as_title_and_visible_text_only(local_site: LocalSite) -> None:
    url = local_site.set("/post/1", body=PAGE)
    item = item_at(url)

    capture = item_capture(item)

    assert capture.pk and capture.item == item and capture.fetched_at is not None
    assert (capture.http_status, capture.error) == (200, "")
    assert capture.final_url == url and capture.content_type == "text/html"
    assert capture.sha256 == hashlib.sha256(PAGE).hexdigest()
    assert capture.md5 == hashlib.md5(PAGE, usedforsecurity=False).hexdigest()
    assert capture.title == "A post & its title"
    assert capture.text == (
        "Heading\n\nFirst paragraph, spread over lines.\n\nSecond\nline two\n\n"
        "one\n\ntwo\n\ncell a cell b\n\nCaf\u00e9 <not a tag>"
    )
    assert "secret" not in capture.text and "evil" not in capture.text
    assert "onclick" not in capture.text and "color" not in capture.text
    assert [r.headers["User-Agent"] for r in local_site.requests if r.path == "/post/1"] == [
        USER_AGENT
    ]
    assert capture_text_preview(capture, 20) == "Heading First parag\u2026"


def test_visible_text_survives_broken_markup() -> None:
    title, text = visible_text(
        "<title>Unclosed title<body><p>Body text</p><script>x = '<p>'</script>"
        "<div>after</div><style>p{}</style><p>end\x00\x07</p>"
    )
    assert title == "Unclosed title"
    assert text == "Body text\n\nafter\n\nend"
    assert visible_text("")[1] == ""
    assert visible_text("<p>" + "word " * 100_000 + "</p>")[1].count("word") < 45_000


def test_the_declared_or_meta_charset_is_used(local_site: LocalSite) -> None:
    body = "<p>Caf\u00e9 \u2013 na\u00efve</p>".encode("cp1252")
    url = local_site.set("/latin", body=body, content_type="text/html; charset=windows-1252")
    assert item_capture(item_at(url)).text == "Caf\u00e9 \u2013 na\u00efve"
    meta = b'<meta charset="iso-8859-1"><p>Gr\xfc\xdfe</p>'
    url = local_site.set("/meta", body=meta, content_type="text/html")
    assert item_capture(item_at(url)).text == "Gr\u00fc\u00dfe"


def test_an_image_is_kept_as_an_evidence_file_with_pdq_and_thumbnail(
    local_site: LocalSite,
) -> None:
    image = png_bytes(seed=5)
    url = local_site.set("/media/photo.png", body=image, content_type="image/png")
    item = item_at(url)

    capture = item_capture(item)

    assert (capture.http_status, capture.content_type, capture.error) == (200, "image/png", "")
    assert capture.sha256 == hashlib.sha256(image).hexdigest() and capture.text == ""
    stored = item.files.get()
    assert stored.from_capture and stored.kind == "image" and stored.content_type == "image/png"
    assert stored.sha256 == capture.sha256 and stored.md5 == capture.md5
    assert len(stored.pdq) == 64 and stored.pdq_quality is not None
    assert stored.original_name == "photo.png"
    assert default_storage.exists(stored.storage_path)
    assert default_storage.exists(stored.thumbnail_path)
    with default_storage.open(stored.storage_path, "rb") as kept:
        assert kept.read() == image

    item_capture(item)  # a second capture of the same image keeps one file
    assert item.files.count() == 1 and item.captures.count() == 2


def test_a_pdf_is_kept_for_download(local_site: LocalSite) -> None:
    pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    url = local_site.set("/doc.pdf", body=pdf, content_type="application/pdf")
    item = item_at(url)
    capture = item_capture(item)
    stored = item.files.get()
    assert (stored.kind, stored.from_capture, stored.pdq, stored.thumbnail_path) == (
        "pdf",
        True,
        "",
        "",
    )
    assert stored.sha256 == capture.sha256


def test_a_body_that_is_not_the_file_it_claims_is_not_kept(local_site: LocalSite) -> None:
    url = local_site.set("/fake.png", body=b"<html>not an image</html>", content_type="image/png")
    item = item_at(url)
    capture = item_capture(item)
    assert capture.http_status == 200 and "not kept" in capture.error
    assert item.files.count() == 0


def test_a_missing_page_records_its_status(local_site: LocalSite) -> None:
    url = local_site.remove("/post/gone")
    capture = item_capture(item_at(url))
    assert (capture.http_status, capture.error, capture.text) == (404, "", "Not found")
    url = local_site.remove("/post/removed", status=410)
    assert item_capture(item_at(url)).http_status == 410


def test_an_unreachable_site_is_recorded_not_raised(local_site: LocalSite) -> None:
    url = f"http://127.0.0.1:{free_port()}/post/1"
    item = item_at(url)

    capture = item_capture(item)

    assert capture.http_status is None
    assert "Could not connect" in capture.error
    assert (capture.sha256, capture.text, capture.title) == ("", "", "")
    assert Capture.objects.filter(item=item).count() == 1


def test_an_https_url_reported_as_http_falls_back_to_plain_http(local_site: LocalSite) -> None:
    """Normalising makes http://... https://...; a plain-http site is still captured."""
    url = local_site.set("/plain", body=b"<p>plain</p>")
    item = item_at(url)
    assert item.normalised_url.startswith("https://")
    capture = item_capture(item)
    assert (capture.http_status, capture.final_url, capture.text) == (200, url, "plain")


def test_a_redirect_chain_is_followed_to_the_final_page(local_site: LocalSite) -> None:
    local_site.redirect("/short", "/hop1", status=301)
    local_site.redirect("/hop1", local_site.url("/hop2"), status=302)
    local_site.redirect("/hop2", "/final?x=1", status=307)
    final = local_site.set("/final?x=1", body=b"<title>Final</title><p>Arrived</p>")

    capture = item_capture(item_at(local_site.url("/short")))

    assert (capture.http_status, capture.final_url, capture.title) == (200, final, "Final")
    assert capture.text == "Arrived" and capture.error == ""


def test_more_than_five_redirects_are_not_followed(local_site: LocalSite) -> None:
    for n in range(7):
        local_site.redirect(f"/loop{n}", f"/loop{n + 1}")
    local_site.set("/loop7", body=b"<p>never</p>")

    capture = item_capture(item_at(local_site.url("/loop0")))

    assert capture.http_status == 302 and "Stopped after 5 redirects" in capture.error
    assert capture.final_url == local_site.url("/loop5")
    assert (capture.sha256, capture.md5) == ("", "")
    assert not any(r.path == "/loop6" for r in local_site.requests)


def test_a_redirect_to_another_scheme_is_refused(local_site: LocalSite) -> None:
    local_site.redirect("/to-file", "file:///etc/passwd")
    capture = item_capture(item_at(local_site.url("/to-file")))
    assert capture.http_status is None and "Only http and https" in capture.error


def test_the_body_is_cut_at_ten_megabytes(local_site: LocalSite) -> None:
    body = b"word " * ((MAX_BODY_BYTES + 1024 * 1024) // 5)
    url = local_site.set("/huge.txt", body=body, content_type="text/plain")

    capture = item_capture(item_at(url))

    assert capture.http_status == 200
    assert capture.sha256 == hashlib.sha256(body[:MAX_BODY_BYTES]).hexdigest()
    assert "larger than 10 MB" in capture.error
    assert 0 < len(capture.text) <= 200_000 and capture.text.startswith("word word")


def test_private_addresses_are_refused_unless_allowed(local_site: LocalSite, settings: Any) -> None:
    settings.ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = False
    url = local_site.set("/post/1", body=b"<p>internal</p>")

    capture = item_capture(item_at(url))

    assert capture.http_status is None and capture.text == ""
    assert "Refused" in capture.error and "127.0.0.1" in capture.error
    assert local_site.requests == []  # never contacted


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),  # noqa: S104 (an address to refuse, not one to bind)
        ("224.0.0.1", False),
        ("240.0.0.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("not an address", False),
    ],
)
def test_which_addresses_count_as_public(address: str, public: bool) -> None:
    assert address_is_public(address) is public


def test_a_captured_image_in_the_city_bank_raises_a_reupload_signal(
    local_site: LocalSite,
) -> None:
    image = png_bytes(seed=9)
    original = submit(url="https://videoshare.example/watch/original").case
    bank_entry_add(
        bank=city_bank(),
        signal_type="sha256",
        value=hashlib.sha256(image).hexdigest(),
        source_reference=original.reference,
        labels={"tier": "tier3"},
    )
    url = local_site.set("/reupload.png", body=image, content_type="image/png")
    item = item_at(url)
    before = Case.objects.get(item=item)
    assert not before.signals.filter(kind=SignalKind.REUPLOAD).exists()

    item_capture(item)

    case = Case.objects.get(item=item)
    signal = case.signals.get(kind=SignalKind.REUPLOAD)
    assert signal.provenance["signal_type"] == "sha256"
    assert signal.provenance["original_case"] == original.reference
    assert case.reupload_of == original
    assert case.confidence == pytest.approx(0.95) and case.priority > before.priority


def test_submitting_a_new_url_captures_it_after_commit(
    local_site: LocalSite, django_capture_on_commit_callbacks: Any
) -> None:
    url = local_site.set("/queued", body=b"<title>Queued</title><p>Captured by the task</p>")
    with django_capture_on_commit_callbacks(execute=True):
        item = submit(url=url).item
    capture = item.captures.get()
    assert (capture.http_status, capture.title) == (200, "Queued")


def test_the_connection_itself_is_checked_as_well_as_dns(
    local_site: LocalSite, settings: Any
) -> None:
    """A name that resolved to a public address at the check but connects to a private one."""
    from endeavour.online.services.capture import AddressRefused, _session

    settings.ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = False
    url = local_site.set("/post/1", body=b"<p>internal</p>")
    with _session() as session, pytest.raises(AddressRefused, match=r"127\.0\.0\.1"):
        session.get(url, timeout=5)
    assert local_site.requests == []


def test_a_charset_no_browser_would_use_is_ignored() -> None:
    from endeavour.online.services.capture import decode_body

    assert decode_body(b"caf\xc3\xa9", "punycode", html=False) == "caf\u00e9"
    assert decode_body(b"aGk=", "base64", html=False) == "aGk="
    assert decode_body(b"caf\xe9", "no-such-charset", html=False) == "caf\u00e9"
