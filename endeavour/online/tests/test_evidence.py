"""Evidence downloads: access-checked, audited, never cached, never run as a page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from endeavour.audit.models import AuditAction, AuditEvent
from endeavour.core.models import Role
from endeavour.online.models import ItemFile
from endeavour.online.services.files import IncomingFile
from endeavour.online.tests.factories import image_file, png_bytes, submit

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
CSP = "default-src 'none'; sandbox"


def evidence(*files: IncomingFile, url: str = "https://videoshare.example/watch/e1") -> ItemFile:
    found = submit(url=url, files=list(files or [image_file(seed=3)])).item.files.first()
    assert found is not None
    return found


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def assert_never_cached(response: Any) -> None:
    assert response["Cache-Control"] == "no-store, private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == CSP


def view_events(item_file: ItemFile) -> Any:
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="online.itemfile", object_id=str(item_file.pk)
    )


@pytest.mark.parametrize("role", [Role.ANALYST, Role.SENIOR_ANALYST, Role.AUDITOR])
def test_allowed_roles_get_the_image_inline_with_protective_headers(
    role: str, staff_user: Callable[..., Any]
) -> None:
    from conftest import sign_in

    item_file = evidence()
    user = staff_user(role)
    response = sign_in(Client(), user).get(reverse("online:evidence-file", args=[item_file.pk]))

    assert response.status_code == 200
    assert body_of(response) == png_bytes(seed=3)
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline;")
    assert item_file.item.reference in response["Content-Disposition"]
    assert_never_cached(response)
    event = view_events(item_file).get()
    assert event.actor_id == user.pk and event.reason == "Evidence file opened"


@pytest.mark.parametrize(("data", "content_type"), [(PDF, "application/pdf"), (MP4, "video/mp4")])
def test_pdfs_and_videos_are_downloaded_not_shown(
    data: bytes, content_type: str, client_as: Callable[..., Client]
) -> None:
    item_file = evidence(IncomingFile("upload.bin", data))
    response = client_as(Role.ANALYST).get(reverse("online:evidence-file", args=[item_file.pk]))
    assert response.status_code == 200 and body_of(response) == data
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"].startswith("attachment;")
    assert "upload.bin" not in response["Content-Disposition"]  # our name, not the uploader's
    assert_never_cached(response)
    assert view_events(item_file).count() == 1


def test_the_thumbnail_is_a_small_png_and_is_audited(client_as: Callable[..., Client]) -> None:
    item_file = evidence()
    response = client_as(Role.AUDITOR).get(
        reverse("online:evidence-thumbnail", args=[item_file.pk])
    )
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    thumbnail = body_of(response)
    assert thumbnail.startswith(b"\x89PNG\r\n\x1a\n")
    with default_storage.open(item_file.thumbnail_path, "rb") as kept:
        assert thumbnail == kept.read()
    assert_never_cached(response)
    assert view_events(item_file).get().reason == "Evidence thumbnail shown"


def test_a_file_without_a_thumbnail_answers_404(client_as: Callable[..., Client]) -> None:
    item_file = evidence(IncomingFile("doc.pdf", PDF))
    url = reverse("online:evidence-thumbnail", args=[item_file.pk])
    assert client_as(Role.ANALYST).get(url).status_code == 404
    assert not view_events(item_file).exists()


def test_a_programme_officer_is_refused(client_as: Callable[..., Client]) -> None:
    item_file = evidence()
    client = client_as(Role.PROGRAMME_OFFICER)
    for name in ("online:evidence-file", "online:evidence-thumbnail"):
        assert client.get(reverse(name, args=[item_file.pk])).status_code == 403
    assert not view_events(item_file).exists()


def test_the_public_is_sent_to_sign_in(client: Client) -> None:
    item_file = evidence()
    for name in ("online:evidence-file", "online:evidence-thumbnail"):
        response = client.get(reverse(name, args=[item_file.pk]))
        assert response.status_code == 302
        assert reverse("core:login") in response["Location"]
    assert not view_events(item_file).exists()


def test_unknown_and_vanished_files_answer_404(client_as: Callable[..., Client]) -> None:
    client = client_as(Role.ANALYST)
    assert client.get(reverse("online:evidence-file", args=[999_999])).status_code == 404
    assert client.get(reverse("online:evidence-thumbnail", args=[999_999])).status_code == 404
    item_file = evidence()
    default_storage.delete(item_file.storage_path)
    assert client.get(reverse("online:evidence-file", args=[item_file.pk])).status_code == 404
    assert not view_events(item_file).exists()


def test_only_get_is_allowed(client_as: Callable[..., Client]) -> None:
    item_file = evidence()
    client = client_as(Role.ANALYST)
    for name in ("online:evidence-file", "online:evidence-thumbnail"):
        assert client.post(reverse(name, args=[item_file.pk])).status_code == 405
