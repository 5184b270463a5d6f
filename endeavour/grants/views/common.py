"""What the grant fund's views share: downloads and private files."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import add_never_cache_headers

from endeavour.grants.models import Attachment

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def download(
    content: str | bytes, content_type: str, name: str, *, private: bool = True
) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    if private:
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, private"
    return response


def attachment_response(attachment: Attachment) -> FileResponse:
    if not default_storage.exists(attachment.storage_path):
        raise Http404("The document is no longer kept")
    response = FileResponse(default_storage.open(attachment.storage_path, "rb"))
    response["Content-Type"] = attachment.content_type or "application/octet-stream"
    extension = attachment.storage_path.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f'attachment; filename="{attachment.application.reference}-{attachment.kind}.{extension}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store, private"
    return response
