"""Evidence files: streamed from private storage to people allowed to see them, and audited.

Evidence never lives in the web root, so the only way to it is through these views. Each answer is
marked so that it is never cached on the reviewer's machine (reviewer wellbeing: hostile material
should not linger in a browser cache) and can never run as a page (sandboxed, no sniffing).
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from endeavour.audit.services import audit_view_record
from endeavour.core.access import requires
from endeavour.online import permissions
from endeavour.online.models import Case, FileKind, ItemFile

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "video/webm": "webm",
}


def _item_file_or_404(request: HttpRequest, pk: int) -> ItemFile:
    """The file, if it belongs to a case the user may see; otherwise 404, as for an unknown id."""
    cases = permissions.scope_cases(request.user, Case.objects.all())
    item_file = ItemFile.objects.select_related("item").filter(pk=pk, item__case__in=cases).first()
    if item_file is None:
        raise Http404("No such evidence file")
    return item_file


def _open_or_404(storage_path: str) -> FileResponse:
    if not storage_path or not default_storage.exists(storage_path):
        raise Http404("The evidence file is missing from storage")
    return FileResponse(default_storage.open(storage_path, "rb"))


def _protect(response: FileResponse) -> FileResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Pragma"] = "no-cache"
    response["Expires"] = "0"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _filename(item_file: ItemFile) -> str:
    """A name made by us, never the uploader's (which could carry anything)."""
    extension = EXTENSIONS.get(item_file.content_type, "bin")
    return f"{item_file.item.reference}-{item_file.sha256[:12]}.{extension}"


@requires(permissions.can_view_evidence)
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    item_file = _item_file_or_404(request, pk)
    response = _open_or_404(item_file.storage_path)
    audit_view_record(item_file, reason="Evidence file opened")
    response["Content-Type"] = item_file.content_type
    disposition = "inline" if item_file.kind == FileKind.IMAGE else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{_filename(item_file)}"'
    return _protect(response)


@requires(permissions.can_view_evidence)
@require_GET
def evidence_thumbnail(request: HttpRequest, pk: int) -> FileResponse:
    item_file = _item_file_or_404(request, pk)
    response = _open_or_404(item_file.thumbnail_path)
    # Audited too: a thumbnail is the image itself, only smaller. Without this, someone could look
    # through every image untraced; the cost is one event each time a reviewer reveals an image.
    audit_view_record(item_file, reason="Evidence thumbnail shown")
    response["Content-Type"] = "image/png"
    stem = f"{item_file.item.reference}-{item_file.sha256[:12]}-thumbnail.png"
    response["Content-Disposition"] = f'inline; filename="{stem}"'
    return _protect(response)


urlpatterns: list[URLPattern] = [
    path("staff/online/evidence/<int:pk>/", evidence_file, name="evidence-file"),
    path(
        "staff/online/evidence/<int:pk>/thumbnail/",
        evidence_thumbnail,
        name="evidence-thumbnail",
    ),
]
