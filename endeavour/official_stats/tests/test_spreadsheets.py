"""The narrow readers: ODS with the standard library, CSV with or without a BOM, and XLSX."""

from __future__ import annotations

import io
import zipfile

import pytest

from endeavour.official_stats.samples import HEAD, TAIL, ods_bytes
from endeavour.official_stats.spreadsheets import (
    UnreadableFile,
    column_letter,
    read_csv,
    read_ods,
    read_sheets,
    read_xlsx,
)


def _ods(content: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", HEAD + content + TAIL)
    return out.getvalue()


def test_ods_expands_repeated_cells_and_rows_and_reads_values_not_display_text() -> None:
    data = _ods(
        '<table:table table:name="Table_1">'
        "<table:table-header-rows><table:table-row>"
        "<table:table-cell><text:p>Type of concern</text:p></table:table-cell>"
        "<table:table-cell><text:p>London</text:p></table:table-cell>"
        "</table:table-row></table:table-header-rows>"
        '<table:table-row table:number-rows-repeated="2">'
        '<table:table-cell office:value-type="string"><text:p>Mixed,<text:s text:c="2"/>'
        "unclear</text:p></table:table-cell>"
        '<table:table-cell office:value-type="float" office:value="1234" '
        'table:number-columns-repeated="3"><text:p>1,234</text:p></table:table-cell>'
        '<table:table-cell table:number-columns-repeated="16000"/>'
        "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        "</table:table>"
    )
    [sheet] = read_ods(data)
    assert sheet.name == "Table_1"
    assert sheet.rows == [
        ["Type of concern", "London"],
        ["Mixed,  unclear", "1234", "1234", "1234"],
        ["Mixed,  unclear", "1234", "1234", "1234"],
    ]


def test_ods_built_in_the_published_shape_reads_every_sheet() -> None:
    sheets = read_sheets(ods_bytes([("Cover", [["Title"]]), ("T1", [["a", 1, "[c]"]])]), "x.ods")
    assert [s.name for s in sheets] == ["Cover", "T1"]
    assert sheets[1].rows == [["a", "1", "[c]"]]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not a zip", "not a zip package"),
        (b"PK\x05\x06" + b"\x00" * 18, "it has no content"),
    ],
)
def test_ods_that_is_not_a_package_is_refused_plainly(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableFile, match=message):
        read_ods(data)


def test_ods_with_entities_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "content.xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
        )
    with pytest.raises(UnreadableFile, match="entities"):
        read_ods(out.getvalue())


def test_csv_with_and_without_bom() -> None:
    text = 'Sector,London\nEducation,"1,200"\n'
    for data in (text.encode(), b"\xef\xbb\xbf" + text.encode()):
        sheet = read_csv(data, name="t.csv")
        assert sheet.rows == [["Sector", "London"], ["Education", "1,200"]]


def test_csv_not_in_utf8_is_refused() -> None:
    with pytest.raises(UnreadableFile, match="UTF-8"):
        read_csv("Région,1\n".encode("utf-16"))


def test_xlsx_reads_through_the_same_interface() -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Table 2"
    sheet.append(["Sector", "London", None])
    sheet.append(["Police", 250.0, "[x]"])
    out = io.BytesIO()
    workbook.save(out)
    [read] = read_xlsx(out.getvalue())
    assert read.name == "Table 2"
    assert read.rows == [["Sector", "London"], ["Police", "250", "[x]"]]


def test_other_formats_are_refused() -> None:
    with pytest.raises(UnreadableFile, match="ODS, CSV or Excel"):
        read_sheets(b"%PDF-1.4", "tables.pdf")


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701)] == ["A", "Z", "AA", "AB", "ZZ"]
