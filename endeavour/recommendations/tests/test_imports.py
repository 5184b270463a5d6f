"""Importing recommendations from CSV and XLSX: all or nothing, row-level errors, re-import
updates instead of duplicating."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from io import BytesIO
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_staff, sign_in
from endeavour.core.models import Role
from endeavour.recommendations.models import ImportRun, Recommendation, StatusChange
from endeavour.recommendations.services.imports import (
    parse_recommendations_file,
    recommendations_import,
)
from endeavour.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners() -> dict[str, Any]:
    return {
        "police": f.organisation("Metropolitan Police Service (test)"),
        "fire": f.organisation("London Fire Brigade (test)"),
        "lead": make_staff(Role.BOROUGH_OFFICER, username="lead.officer", email="lead@example.gov"),
    }


def rows(**changes: dict[str, str]) -> list[dict[str, str]]:
    base = [
        {
            "reference": "1",
            "text": "Exercise together every year.",
            "theme": "Command",
            "owners": "Metropolitan Police Service (test); London Fire Brigade (test)",
            "lead_officer": "lead@example.gov",
            "response": "Accepted",
            "response_reason": "",
            "priority": "high",
            "target_date": "2017-09-30",
            "parent": "",
        },
        {
            "reference": "2",
            "text": "Share one duty-officer list.",
            "theme": "Command",
            "owners": "london fire brigade (test)",
            "lead_officer": "",
            "response": "partly accepted",
            "response_reason": "Only in office hours.",
            "priority": "",
            "target_date": "31/03/2017",
            "parent": "",
        },
        {
            "reference": "2.1",
            "text": "Test the list at night.",
            "theme": "",
            "owners": "",
            "lead_officer": "lead.officer",
            "response": "",
            "response_reason": "",
            "priority": "low",
            "target_date": "",
            "parent": "2",
        },
    ]
    for index, change in changes.items():
        base[int(index.removeprefix("row"))].update(change)
    return base


def run(source: Any, data: bytes, name: str = "review.csv") -> Any:
    plan = parse_recommendations_file(data, name, source)
    if plan.is_valid:
        recommendations_import(plan=plan, data=data, filename=name, by=f.officer())
    return plan


def test_a_csv_imports_recommendations_actions_owners_and_dates(owners: dict[str, Any]) -> None:
    source = f.source(day=date(2016, 10, 14))
    plan = run(source, f.csv_bytes(rows()))
    assert plan.is_valid and plan.count("new") == 3
    first = Recommendation.objects.get(source=source, reference="1")
    assert {o.name for o in first.owner_organisations.all()} == {
        "Metropolitan Police Service (test)",
        "London Fire Brigade (test)",
    }
    assert first.lead_officer == owners["lead"] and first.priority == "high"
    assert first.target_date == date(2017, 9, 30) and first.theme is not None
    second = Recommendation.objects.get(source=source, reference="2")
    assert second.target_date == date(2017, 3, 31) and second.response == "partly_accepted"
    action = Recommendation.objects.get(source=source, reference="2.1")
    assert action.parent == second
    assert list(action.owner_organisations.all()) == [owners["fire"]]  # from its recommendation
    assert StatusChange.objects.filter(recommendation__source=source).count() == 3
    assert all(
        c.effective_date == date(2016, 10, 14) and c.status.code == "not_started"
        for c in StatusChange.objects.filter(recommendation__source=source)
    )
    assert ImportRun.objects.get(source=source).created_count == 3


def test_reimport_updates_rather_than_duplicates_and_keeps_the_history(
    owners: dict[str, Any],
) -> None:
    source = f.source()
    run(source, f.csv_bytes(rows()))
    item = Recommendation.objects.get(source=source, reference="1")
    f.record(item, "implemented", date(2017, 9, 1))
    plan = run(
        source,
        f.csv_bytes(rows(row0={"text": "Exercise together twice a year.", "target_date": ""})[:2]),
    )
    assert plan.is_valid
    assert (plan.count("new"), plan.count("updated"), plan.count("unchanged")) == (0, 1, 1)
    assert plan.rows[0].changes == ["text", "target_date"]
    assert plan.not_in_file == ["2.1"]  # left alone, and listed
    assert Recommendation.objects.filter(source=source).count() == 3
    item.refresh_from_db()
    assert item.text == "Exercise together twice a year." and item.target_date is None
    assert item.current_status is not None and item.current_status.code == "implemented"
    assert item.status_changes.count() == 2


def test_an_xlsx_imports_the_same_way(owners: dict[str, Any]) -> None:
    source = f.source()
    data = f.xlsx_bytes(
        [
            ["Reference", "Text", "Owners", "Target date", "Public"],
            [4.3, "River security.", "London Fire Brigade (test)", datetime(2018, 3, 31), "no"],
            [12, "Barriers.", "", "2018-06-30", ""],
            [None, None, None, None, None],  # a blank row at the end, as spreadsheets have
        ]
    )
    plan = run(source, data, "review.xlsx")
    assert plan.is_valid, plan.problems
    refs = dict(Recommendation.objects.filter(source=source).values_list("reference", "is_public"))
    assert refs == {"4.3": False, "12": True}
    assert Recommendation.objects.get(reference="4.3").target_date == date(2018, 3, 31)


def problems_of(plan: Any) -> set[tuple[int | None, str]]:
    return {(p.number, p.column) for p in plan.problems}


def test_bad_rows_are_reported_by_row_and_column_and_nothing_is_imported(
    owners: dict[str, Any],
) -> None:
    source = f.source()
    bad = rows(
        row0={"owners": "Metropolitan Police Service (test); Fire Brigade"},
        row1={"target_date": "31/31/2017", "response": "maybe", "lead_officer": "nobody@x"},
    )
    bad.append(dict(bad[0], reference="1", owners=""))  # a duplicate reference
    bad.append(dict(bad[0], reference="", text="", owners="", priority="urgent"))
    plan = run(source, f.csv_bytes(bad))
    assert not plan.is_valid
    assert problems_of(plan) == {
        (2, "owners"),
        (3, "target_date"),
        (3, "response"),
        (3, "lead_officer"),
        (5, "reference"),
        (6, "reference"),
        (6, "text"),
        (6, "priority"),
    }
    messages = {str(p) for p in plan.problems}
    assert any("Unknown owner organisation \u201cFire Brigade\u201d" in m for m in messages)
    assert any("is also on row 2" in m for m in messages)
    assert any("\u201c31/31/2017\u201d is not a date" in m for m in messages)
    assert not Recommendation.objects.filter(source=source).exists()
    assert not ImportRun.objects.exists()


def test_parents_must_be_recommendations_in_the_file_or_the_tracker(owners: dict[str, Any]) -> None:
    source = f.source()
    data = rows(row2={"parent": "99"})
    data.append(dict(data[2], reference="2.1.1", parent="2.1"))
    plan = run(source, f.csv_bytes(data))
    assert problems_of(plan) == {(4, "parent"), (5, "parent")}


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"reference,text\n1,x\n", "review.txt", "Upload a .csv or .xlsx file"),
        (b"", "review.csv", "empty"),
        (b"\xff\xfe\x00r\x00e", "review.csv", "not UTF-8"),
        (b"reference,owners\n1,x\n", "review.csv", "Missing column: text"),
        (b"reference,text,colour\n1,x,red\n", "review.csv", "Unknown column: colour"),
        (b"reference,text,Reference\n1,x,2\n", "review.csv", "more than once"),
        (b"reference,text\n", "review.csv", "no recommendations"),
        (b"PK\x03\x04 not really a workbook", "review.xlsx", "cannot be read as an Excel"),
        (b"just text", "review.xlsx", "cannot be read as an Excel"),
    ],
)
def test_malformed_files_are_refused_whole(data: bytes, name: str, message: str) -> None:
    source = f.source()
    plan = parse_recommendations_file(data, name, source)
    assert not plan.is_valid
    assert any(message in p.message for p in plan.problems), plan.problems
    assert all(p.number is None for p in plan.problems)


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    plan = parse_recommendations_file(out.getvalue(), "review.xlsx", f.source())
    assert [p.column for p in plan.problems] == ["file"]


def test_too_many_rows_is_one_clear_problem() -> None:
    data = b"reference,text\n" + b"".join(f"{n},x\n".encode() for n in range(1, 30))
    plan = parse_recommendations_file(data, "review.csv", f.source(), max_rows=10)
    assert [p.message for p in plan.problems] == ["The file has more than 10 rows. Split it up."]


def test_a_failure_while_importing_leaves_nothing_behind(
    owners: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from endeavour.recommendations.services import imports

    source = f.source()
    data = f.csv_bytes(rows())
    plan = parse_recommendations_file(data, "review.csv", source)
    calls = {"n": 0}
    real = imports.recommendation_create

    def fail_on_third(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(imports, "recommendation_create", fail_on_third)
    with pytest.raises(RuntimeError):
        recommendations_import(plan=plan, data=data, filename="review.csv", by=f.officer())
    assert not Recommendation.objects.filter(source=source).exists()


def test_the_import_page_lists_every_problem_and_keeps_nothing(
    client: Client, owners: dict[str, Any]
) -> None:
    source = f.source()
    sign_in(client, f.officer())
    url = reverse("recommendations:source-import", args=[source.pk])
    upload = BytesIO(f.csv_bytes(rows(row1={"target_date": "2017-02-30"})))
    upload.name = "review.csv"
    response = client.post(url, {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nothing was imported: 1 problem in the file" in page
    assert "\u201c2017-02-30\u201d is not a date" in page
    assert not Recommendation.objects.filter(source=source).exists()
    good = BytesIO(f.csv_bytes(rows()))
    good.name = "review.csv"
    response = client.post(url, {"file": good}, follow=True)
    assert "Imported 3 rows from review.csv: 3 new, 0 updated, 0 unchanged." in (
        response.content.decode()
    )


def test_only_programme_officers_import(client: Client) -> None:
    source = f.source()
    for role in (Role.AUDITOR, Role.BOROUGH_OFFICER):
        sign_in(client, make_staff(role))
        response = client.get(reverse("recommendations:source-import", args=[source.pk]))
        assert response.status_code == 403
