"""Hash-list file formats: every row is read or refused by its line, and exports read back."""

from __future__ import annotations

import json

import pytest

from endeavour.detection.exchange.formats import (
    MAX_VALUE_CHARS,
    ParsedRow,
    RowError,
    UnknownFormat,
    bank_rows_csv,
    bank_rows_threatexchange,
    parse,
)
from endeavour.detection.models import BankEntry

PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22"
MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def rows(file_format: str, text: str | bytes) -> list[ParsedRow | RowError]:
    data = text.encode() if isinstance(text, str) else text
    return list(parse(file_format, data))


def errors(results: list[ParsedRow | RowError]) -> list[tuple[int, str]]:
    return [(r.line, r.message) for r in results if isinstance(r, RowError)]


def test_csv_rows_carry_labels_tombstones_and_normalised_values() -> None:
    text = (
        "signal_type,value,ideology,organisation,tier,external_id,status\n"
        f"pdq,{PDQ.upper()},islamist,Group A,tier3,ext-1,active\n"
        f"video_md5,{MD5},,,,,deleted\n"
        "url,https://Example.com/watch?v=1&utm_source=x,,,,,\n"
    )
    first, second, third = rows("csv", text)
    assert first == ParsedRow(
        line=2,
        signal_type="pdq",
        value=PDQ,
        labels={"ideology": "islamist", "organisation": "Group A", "tier": "tier3"},
        external_id="ext-1",
    )
    assert isinstance(second, ParsedRow) and second.deleted and second.signal_type == "md5"
    assert isinstance(third, ParsedRow) and third.value == "https://example.com/watch?v=1"


def test_csv_wrong_length_and_non_hex_hashes_are_named_by_physical_line() -> None:
    text = (
        "signal_type,value,ideology\n"
        f"pdq,{PDQ[:-1]},\n"
        '\nsha256,"' + SHA256 + '","two\nlines"\n'
        f"md5,{MD5[:-1]}z,\n"
    )
    assert errors(rows("csv", text)) == [
        (2, "A pdq hash has 64 hexadecimal characters; this has 63."),
        (6, "A md5 hash is hexadecimal (0-9, a-f); this is not."),
    ]


def test_csv_unknown_columns_are_refused_by_name() -> None:
    [error] = rows("csv", f"signal_type,value,Colour,notes\npdq,{PDQ},red,x\n")
    assert isinstance(error, RowError) and error.line == 1
    assert "Unknown columns 'colour', 'notes'" in error.message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("value\nabc\n", 1, "missing: signal_type"),
        ("", 0, "The file is empty"),
        (f"signal_type,value\npdq,{PDQ},extra\n", 2, "2 columns"),
        (f"signal_type,value\nblake3,{PDQ}\n", 2, "Unknown hash type 'blake3'"),
        (f'signal_type,value\npdq,"{PDQ}"x\n', 2, "The CSV cannot be read here"),
        (f'signal_type,value\npdq,"{PDQ}\n', 2, "unexpected end of data"),
        (f"signal_type,value,status\npdq,{PDQ},gone\n", 2, "use active or deleted"),
    ],
)
def test_csv_problems(text: str, line: int, fragment: str) -> None:
    [(found_line, message)] = errors(rows("csv", text))
    assert found_line == line and fragment in message


def test_a_file_that_is_not_utf8_is_refused_at_its_first_bad_line() -> None:
    data = f"signal_type,value\npdq,{PDQ}\nurl,https://example.com/caf\xe9\n".encode("latin-1")
    assert errors(rows("csv", data)) == [
        (3, "The file is not UTF-8 text: save it as UTF-8 and try again.")
    ]


def test_a_nul_byte_marks_a_binary_file() -> None:
    [(line, message)] = errors(rows("threatexchange", f"pdq {PDQ}\npdq \x00{PDQ}\n"))
    assert line == 2 and "NUL byte" in message


def test_a_value_longer_than_the_limit_is_refused_before_it_is_read() -> None:
    long_url = "https://example.com/" + "a" * MAX_VALUE_CHARS
    [(line, message)] = errors(rows("csv", f"signal_type,value\nurl,{long_url}\n"))
    assert line == 2 and "the limit is 2,000" in message


def test_a_byte_order_mark_is_not_part_of_the_header() -> None:
    [row] = rows("csv", b"\xef\xbb\xbfsignal_type,value\npdq," + PDQ.encode() + b"\n")
    assert isinstance(row, ParsedRow)


def test_threatexchange_lines_use_python_threatexchange_type_names() -> None:
    text = (
        f"pdq {PDQ}\n\nvideo_md5 {MD5}\nvideo_sha256 {SHA256}\nurl https://example.com/x\n"
        "raw_text some words\nurl_md5 " + MD5 + f"\ncolour red\npdq {PDQ[:10]}\npdq\n"
    )
    results = rows("threatexchange", text)
    assert [(r.line, r.signal_type) for r in results if isinstance(r, ParsedRow)] == [
        (1, "pdq"),
        (3, "md5"),
        (4, "sha256"),
        (5, "url"),
    ]
    found = errors(results)
    assert [line for line, _ in found] == [6, 7, 8, 9, 10]
    assert "'raw_text' is not supported" in found[0][1]
    assert "Unknown hash type 'colour'" in found[2][1]
    assert "this has 10" in found[3][1]


def tat_page(*records: dict[str, object]) -> str:
    return json.dumps({"count": len(records), "next": None, "results": list(records)})


def test_tat_results_become_labelled_rows_and_tombstones() -> None:
    page = tat_page(
        {"id": 7, "algorithm": "PDQ", "hash_digest": PDQ, "ideology": "far-right"},
        {"id": 8, "algorithm": "MD5", "file_type": "mp4", "hash_digest": MD5, "deleted": True},
    )
    first, second = rows("tat", page)
    assert first == ParsedRow(1, "pdq", PDQ, {"ideology": "far-right"}, "7", False)
    assert isinstance(second, ParsedRow) and second.deleted and second.signal_type == "md5"


def test_tat_results_we_do_not_hold_are_refused_with_the_reason() -> None:
    page = tat_page(
        {"id": 1, "algorithm": "MD5", "file_type": "jpg", "hash_digest": MD5},
        {"id": 2, "algorithm": "SHA256", "file_type": "mp4", "hash_digest": SHA256},
        {"id": 3, "algorithm": "PDQ", "hash_digest": "zz"},
        "not an object",
    )
    results = rows("tat", page)
    assert all(isinstance(r, RowError) for r in results)
    first, second, third, fourth = (r for r in results if isinstance(r, RowError))
    assert first.unsupported and "MD5 of a 'jpg' file is not taken" in first.message
    assert second.unsupported and "SHA256 hashes are not taken" in second.message
    assert not third.unsupported and third.where == "result 3"
    assert third.message.startswith("Id 3: A pdq hash is hexadecimal")
    assert fourth.line == 4


def test_tat_file_that_is_not_json_is_refused_whole() -> None:
    [error] = rows("tat", '{"results": [')
    assert isinstance(error, RowError) and error.line == 0 and "Not valid JSON" in error.message
    [error] = rows("tat", "[1, 2]")
    assert isinstance(error, RowError) and '{"results": [...]}' in error.message


def test_an_unknown_format_is_named() -> None:
    with pytest.raises(UnknownFormat, match="'xml'"):
        rows("xml", "")


def entry(signal_type: str, value: str, **kwargs: object) -> BankEntry:
    return BankEntry(signal_type=signal_type, value=value, **kwargs)


def test_our_csv_export_reads_back_identically() -> None:
    entries = [
        entry("pdq", PDQ, labels={"ideology": "islamist", "tier": "tier3"}, external_id="a,1"),
        entry("url", "https://example.com/x?a=1", labels={"organisation": "=HYPERLINK(1)"}),
        entry("md5", MD5, labels={"organisation": "'quoted"}, enabled=False),
    ]
    text = bank_rows_csv(entries)
    assert "'=HYPERLINK(1)" in text
    back = rows("csv", text)
    assert [
        (r.signal_type, r.value, r.labels, r.external_id, r.deleted)
        for r in back
        if isinstance(r, ParsedRow)
    ] == [
        ("pdq", PDQ, {"ideology": "islamist", "tier": "tier3"}, "a,1", False),
        ("url", "https://example.com/x?a=1", {"organisation": "=HYPERLINK(1)"}, "", False),
        ("md5", MD5, {"organisation": "'quoted"}, "", True),
    ]


def test_threatexchange_export_reads_back_and_leaves_out_disabled_entries() -> None:
    entries = [
        entry("pdq", PDQ),
        entry("md5", MD5),
        entry("sha256", SHA256),
        entry("md5", "0" * 32, enabled=False),
    ]
    text = bank_rows_threatexchange(entries)
    assert text == f"pdq {PDQ}\nvideo_md5 {MD5}\nvideo_sha256 {SHA256}\n"
    back = rows("threatexchange", text)
    assert [(r.signal_type, r.value) for r in back if isinstance(r, ParsedRow)] == [
        ("pdq", PDQ),
        ("md5", MD5),
        ("sha256", SHA256),
    ]
