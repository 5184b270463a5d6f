"""Every Insights table as CSV and Excel (the chart data is the same file), and the annual
report as PDF."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import HttpResponse

from endeavour.recommendations.exports import safe_cell

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"


def csv_bytes(headings: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headings)
    for row in rows:
        writer.writerow(["" if v is None else safe_cell(v) for v in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(sheet: str, headings: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append(list(headings))
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def table_response(
    kind: str, name: str, sheet: str, headings: Sequence[str], rows: Sequence[Sequence[Any]]
) -> HttpResponse:
    if kind == "xlsx":
        return download(xlsx_bytes(sheet, headings, rows), XLSX, f"{name}.xlsx")
    return download(csv_bytes(headings, rows), CSV, f"{name}.csv")
