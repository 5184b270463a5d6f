"""Issue 6, end to end in a real browser: import a review; an owner reports progress with evidence;
the figure changes; the figure "as at" two dates; the public page shows published fields only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from endeavour.core.models import Role
from endeavour.core.tests.factories import OrganisationFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data", "status_definitions"),
]
PASSWORD = "Correct-horse-battery-9"
NOTE = "Board minutes of 20 October 2017 record the exercise report as signed off."
CSV = "\n".join(
    [
        "reference,text,theme,owners,lead_officer,response,target_date,public",
        "1,Hold a joint exercise every year.,Command,Fire brigade (browser test),olu,accepted,"
        "2017-12-31,yes",
        "2,Publish plain-English advice on what to do in an attack.,Public,"
        "City Hall team (browser test),,accepted,2018-03-31,yes",
        "3,Review the security of the control room.,Command,City Hall team (browser test),,"
        "accepted,2018-06-30,no",
    ]
)


@pytest.fixture
def status_definitions(transactional_db: None) -> None:
    """Transactional tests empty every table: load the status definitions as the migration does."""
    import importlib

    from django.apps import apps

    from endeavour.recommendations.models import StatusVocabulary

    if not StatusVocabulary.objects.exists():
        migration = importlib.import_module(
            "endeavour.recommendations.migrations.0002_status_vocabulary_v1"
        )
        migration.load(apps, None)


def signed_in_page(browser: Any, base_url: str, username: str) -> Any:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(15_000)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your work").wait_for()
    return page


def figure_as_at(page: Any, day: str) -> str:
    page.get_by_role("textbox", name="Progress as at").fill(day)
    page.get_by_role("button", name="Show progress").click()
    figure: str = page.locator("[data-figure]").inner_text()
    return figure


def test_import_update_with_evidence_and_read_the_figure_as_at_two_dates(
    browser_contexts: Any, live_server: Any, tmp_path: Path
) -> None:
    browser = browser_contexts
    fire = OrganisationFactory(name="Fire brigade (browser test)")
    OrganisationFactory(name="City Hall team (browser test)")
    UserFactory(username="priya", roles=[Role.PROGRAMME_OFFICER])
    UserFactory(
        username="olu",
        first_name="Olu",
        last_name="Owner",
        organisation=fire,
        roles=[Role.BOROUGH_OFFICER],
    )
    base = live_server.url
    review = tmp_path / "review.csv"
    review.write_text(CSV, encoding="utf-8")

    # 1. A programme officer adds the review and imports its recommendations.
    officer = signed_in_page(browser, base, "priya")
    officer.get_by_role("link", name="Reviews and sources").click()
    officer.get_by_role("link", name="Add a source").click()
    officer.get_by_role("radio", name="Review").check()
    officer.get_by_label("Title").fill("Review of readiness (browser test)")
    officer.get_by_label("Date published or held").fill("2016-10-14")
    officer.get_by_label("Author body").fill("Independent reviewer")
    officer.get_by_label("Published: show this source").check()
    officer.get_by_role("button", name="Add the source").click()
    officer.get_by_role("link", name="Import recommendations").click()
    officer.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(review))
    officer.get_by_role("button", name="Check and import").click()
    officer.get_by_text(
        "Imported 3 rows from review.csv: 3 new, 0 updated, 0 unchanged."
    ).wait_for()
    source_url = officer.url
    assert figure_as_at(officer, "2017-10-31") == (
        "As at 31 October 2017: 0 of 3 recommendations implemented (0%)."
    )

    # 2. The owner sees their item and reports it implemented, with evidence.
    owner = signed_in_page(browser, base, "olu")
    owner.get_by_role("link", name="Your recommendations and actions").first.click()
    owner.get_by_role("link", name="Recommendation 1").click()
    owner.get_by_role("link", name="Update the status").click()
    owner.get_by_role("radio", name="Implemented", exact=True).check()
    owner.get_by_label("Date it took effect").fill("2017-10-20")
    owner.get_by_label("What was done, and how do we know?").fill(NOTE)
    owner.get_by_role("button", name="Record the status").click()
    owner.get_by_text("Give a link to the evidence, or attach a document").first.wait_for()
    owner.get_by_label("Link to the evidence").fill("https://evidence.example/minutes-2017-10")
    owner.get_by_label("Summary for the public").fill("The first joint exercise was held.")
    owner.get_by_role("button", name="Record the status").click()
    owner.get_by_text("from 20 October 2017 is recorded").wait_for()
    assert NOTE in owner.locator("main").inner_text()

    # 3. The figure changes, and reads differently as at two dates.
    officer.goto(source_url)
    assert figure_as_at(officer, "2017-10-31") == (
        "As at 31 October 2017: 1 of 3 recommendations implemented (33%)."
    )
    assert figure_as_at(officer, "2017-10-19") == (
        "As at 19 October 2017: 0 of 3 recommendations implemented (0%)."
    )
    assert "Counted as implemented:" in officer.locator("main").inner_text()

    # 4. The public page: published fields only; the withheld item is counted, not listed.
    public = browser.new_context(base_url=base).new_page()
    public.goto("/recommendations/")
    public.get_by_role("link", name="Review of readiness (browser test)").click()
    assert figure_as_at(public, "2017-10-31") == (
        "As at 31 October 2017: 1 of 3 recommendations implemented (33%)."
    )
    text = public.locator("main").inner_text()
    assert "Hold a joint exercise every year." in text
    assert "Review the security of the control room." not in text
    assert "1 of the 3 recommendations counted here is not listed" in text
    public.get_by_role("link", name="Hold a joint exercise every year.").click()
    detail = public.locator("main").inner_text()
    assert "The first joint exercise was held." in detail
    for internal in (NOTE, "Olu Owner", "evidence.example", "Update the status"):
        assert internal not in detail, internal
    assert public.get_by_role("img").count() == 0  # no charts here; on the source page only
