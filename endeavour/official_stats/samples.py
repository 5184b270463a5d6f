"""Build small ODS files in the Home Office's published shape, for the demo and the tests.

Every number here is made up. Nothing in this module is, or is presented as, an official
statistic: the demo publication is titled and flagged as sample figures.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

Row = Sequence[str | int | None]
SAMPLE_TITLE = "Prevent referrals, year ending March {year} (sample figures, not the Home Office's)"

MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    '<manifest:file-entry manifest:full-path="/" '
    'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
    "<office:body><office:spreadsheet>"
)
TAIL = "</office:spreadsheet></office:body></office:document-content>"


def _cell(value: str | int | None) -> str:
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, int):
        return (
            f'<table:table-cell office:value-type="float" office:value="{value}">'
            f"<text:p>{value:,}</text:p></table:table-cell>"
        )
    return (
        '<table:table-cell office:value-type="string">'
        f"<text:p>{escape(value)}</text:p></table:table-cell>"
    )


def ods_bytes(sheets: Sequence[tuple[str, Sequence[Row]]]) -> bytes:
    """An ODS package with these sheets. Rows end with a run of repeated empty cells and each
    sheet with repeated empty rows, as spreadsheet programs write them."""
    parts = [HEAD]
    for name, rows in sheets:
        parts.append(f"<table:table table:name={quoteattr(name)}>")
        for row in rows:
            parts.append("<table:table-row>")
            parts.extend(_cell(value) for value in row)
            parts.append('<table:table-cell table:number-columns-repeated="16370"/>')
            parts.append("</table:table-row>")
        parts.append(
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        )
        parts.append("</table:table>")
    parts.append(TAIL)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        archive.writestr("META-INF/manifest.xml", MANIFEST)
        archive.writestr("content.xml", "".join(parts), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def sample_sheets(year: int) -> list[tuple[str, list[Row]]]:
    """Four tables in the published shape, with made-up values and published-style markers."""
    period = f"April {year - 1} to March {year}"
    note = "Sample figures made up for testing and the demo: not the Home Office's."
    return [
        ("Cover", [[f"Prevent referrals: {period}"], [note]]),
        (
            "Table_1",
            [
                [f"Table 1: Referrals by type of concern and region, {period}"],
                [note],
                ["Type of concern", "London", "England and Wales"],
                ["Islamist", 180, 1120],
                ["Extreme Right Wing", 160, 1210],
                ["Mixed, unclear or unstable", 240, 2400],
                ["Conflicted", 3, 75],
                ["Vulnerability present but no ideology or CT risk", 290, 2650],
                ["Other [note 2]", "[c]", 240],
                ["Total", 885, 7695],
                [],
                ["Note 2: 'Other' includes school massacres and other concerns."],
            ],
        ),
        (
            "Table_2",
            [
                [f"Table 2: Referrals by sector of referral and region, {period}"],
                ["Sector of referral", "London", "England and Wales"],
                ["Education", 310, 2890],
                ["Police", 250, 2150],
                ["Local authority", 110, 880],
                ["Health", 95, 780],
                ["Other", 120, 995],
                ["Total", 885, 7695],
            ],
        ),
        (
            "Table_3",
            [
                [f"Table 3: Referrals by outcome, England and Wales, {period}"],
                ["Outcome", "England and Wales"],
                ["No further action", 3600],
                ["Signposted to other services", 2900],
                ["Discussed at a Channel panel", 1195],
                ["Adopted as a Channel case", 580],
                ["Total [note 3]", 7695],
            ],
        ),
        (
            "Table_4",
            [
                ["Table 4: Referrals by region and year"],
                ["Region", f"{year - 3} to {year - 2}", f"{year - 2} to {year - 1}", period],
                ["London", 790, 840, 885],
                ["North West", 1010, "..", 1150],
                ["England and Wales", 6800, 7100, 7695],
            ],
        ),
    ]
