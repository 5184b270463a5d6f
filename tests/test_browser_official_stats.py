"""Issue 10 (official statistics), end to end in a real browser: a programme officer uploads a
statistics file in the published shape, checks the tables found, maps them, confirms the
import; then the public page shows London against England and Wales. Every number in the file
is a made-up test value, written by this test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from endeavour.core.models import Role
from endeavour.core.tests.factories import UserFactory
from endeavour.official_stats.samples import ods_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Correct-horse-battery-9"
SHEETS: list[tuple[str, list[Any]]] = [
    ("Cover", [["Prevent referrals, April 2024 to March 2025 (made-up test values)"]]),
    (
        "Table_1",
        [
            ["Table 1: Referrals by type of concern and region (made-up test values)"],
            ["Type of concern", "London", "England and Wales"],
            ["Islamist", 150, 1000],
            ["Extreme Right Wing", 100, 1500],
            ["Conflicted", "[c]", 40],
            ["Total", 260, 2540],
        ],
    ),
    (
        "Table_2",
        [
            ["Table 2: Referrals by region and year (made-up test values)"],
            ["Region", "2023 to 2024", "2024 to 2025"],
            ["London", 240, 260],
            ["England and Wales", 2400, 2540],
        ],
    ),
]


def import_statistics(officer: Any, tmp_path: Path, *, year_ending: int) -> None:
    """As a signed-in programme officer: upload SHEETS as an ODS file, map its two tables and
    confirm the import (also used by the Insights browser test)."""
    upload = tmp_path / f"prevent-referrals-{year_ending}.ods"
    upload.write_bytes(ods_bytes(SHEETS))
    # 1. Upload.
    officer.get_by_role("link", name="Official statistics: publications").first.click()
    officer.get_by_role("link", name="Import a publication").click()
    officer.get_by_label("Title of the publication").fill(
        f"Prevent referrals, year ending March {year_ending} (browser test, made-up values)"
    )
    officer.get_by_label("Year ending 31 March").fill(str(year_ending))
    officer.get_by_label("Data tables (ODS, CSV or Excel .xlsx)").set_input_files(str(upload))
    officer.get_by_role("button", name="Upload and find the tables").click()

    # 2. Preview: both tables found, the cover sheet skipped; map them.
    officer.get_by_role("heading", name="Say what each table holds").wait_for()
    assert officer.get_by_text("Table 1, sheet “Table_1”").count() == 1
    assert officer.get_by_text("Table 2, sheet “Table_2”").count() == 1
    officer.get_by_label("Table 1: what it counts referrals by").select_option("ideology")
    officer.get_by_label("Table 1: the first column holds").select_option("category")
    officer.get_by_label("Table 1: the header columns hold").select_option("region")
    officer.get_by_label("Table 2: what it counts referrals by").select_option("region")
    officer.get_by_label("Table 2: the first column holds").select_option("region")
    officer.get_by_label("Table 2: the header columns hold").select_option("year")
    officer.get_by_role("button", name="Check every cell").click()

    # 3. Confirm.
    officer.get_by_role("heading", name="Confirm the import").wait_for()
    officer.get_by_text("London (read as London)").first.wait_for()
    officer.get_by_role("button", name="Import 12 figures").click()
    officer.get_by_text(
        f"Imported 12 figures as version 1 for the year ending March {year_ending}."
    ).wait_for()
    assert officer.get_by_role("cell", name="[c]").count() == 1


def test_officer_imports_a_table_and_the_public_compares_london(
    browser_contexts: Any, live_server: Any, tmp_path: Path
) -> None:
    UserFactory(username="priya", roles=[Role.PROGRAMME_OFFICER])
    base = live_server.url

    officer = browser_contexts.new_context(base_url=base).new_page()
    officer.set_default_timeout(15_000)
    officer.goto("/accounts/sign-in/")
    officer.get_by_label("Username").fill("priya")
    officer.get_by_label("Password").fill(PASSWORD)
    officer.get_by_role("button", name="Sign in").click()
    officer.get_by_role("heading", name="Your work").wait_for()

    import_statistics(officer, tmp_path, year_ending=2025)

    # The public reads London against England and Wales.
    public = browser_contexts.new_context(base_url=base).new_page()
    public.set_default_timeout(15_000)
    public.goto("/official-statistics/")
    public.get_by_role("link", name="Year ending March 2025").click()
    public.get_by_role(
        "heading", name="Prevent referrals: London and England and Wales, year ending March 2025"
    ).wait_for()
    assert "260 of 2,540 (10%)" in public.locator("[data-london-share]").first.inner_text()
    row = public.get_by_role("row", name="Islamist")
    assert row.get_by_role("cell").all_inner_texts()[:3] == [
        "150",
        "150 of 260 (58%)",
        "1,000",
    ]
    assert public.get_by_text("Endeavour holds no record of any individual").count() >= 1
    assert public.locator("svg[role=img]").count() == 2
