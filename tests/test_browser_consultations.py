"""Issue 7, end to end in a real browser: create a consultation, submit responses through the
public form, import more from a CSV, run the analysis, merge two themes, confirm an assignment,
download the report."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from endeavour.core.models import Role
from endeavour.core.tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]
PASSWORD = "Correct-horse-battery-9"
QUESTION = "What would help people who are worried about someone?"
PUBLIC_ANSWERS = [
    "Bring back the youth clubs that closed, with youth workers people trust.",
    "A phone line where parents can ask for advice without it becoming a police matter.",
    "Teach online safety and critical thinking in schools.",
]
IMPORTED = [
    "Youth clubs in every borough, open in the evenings.",
    "More youth workers and youth clubs for teenagers.",
    "Youth clubs closed here and young people have nowhere to go.",
    "Fund youth clubs and detached youth work for longer.",
    "A helpline for worried parents, open in the evenings.",
    "Parents need a confidential helpline to ask for advice.",
    "An advice line for families that does not go straight to the police.",
    "Clear advice for parents on who to call and what happens next.",
    "Online safety lessons in every secondary school.",
    "Schools should teach young people to spot online propaganda.",
    "Critical thinking about online videos should be taught in school.",
    "Lessons on online safety for pupils and their parents.",
]


def signed_in_page(browser: Any, base_url: str, username: str) -> Any:
    page = browser.new_context(base_url=base_url).new_page()
    page.set_default_timeout(60_000)
    page.goto("/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your work").wait_for()
    return page


def test_consultation_from_questions_to_report(
    browser_contexts: Any, live_server: Any, tmp_path: Path, settings: Any
) -> None:
    settings.CONSULTATIONS_MIN_FILL_SECONDS = 0
    browser = browser_contexts
    UserFactory(username="priya", roles=[Role.PROGRAMME_OFFICER])
    base = live_server.url

    # 1. A programme officer creates the consultation and its question.
    officer = signed_in_page(browser, base, "priya")
    officer.get_by_role("link", name="Consultations", exact=True).click()
    officer.get_by_role("link", name="Add a consultation").click()
    officer.get_by_label("Title").fill("Safer together (browser test)")
    officer.get_by_label("What it is about").fill("How can we help people who are worried?")
    officer.get_by_label("Privacy notice").fill("We keep answers for two years, without names.")
    officer.get_by_label("Opens on").fill("2026-01-01")
    officer.get_by_label("Closes on").fill("2030-12-31")
    officer.get_by_label("Respondent types").fill("Resident\nYoung person")
    officer.get_by_label("Published: list it").check()
    officer.get_by_role("button", name="Add the consultation").click()
    officer.get_by_text("is added. Now add its questions.").wait_for()
    consultation_url = officer.url
    officer.get_by_role("link", name="Add a question").click()
    officer.get_by_label("Question", exact=True).fill(QUESTION)
    officer.get_by_role("radio", name="Free text").check()
    officer.get_by_role("button", name="Add the question", exact=True).click()
    officer.get_by_text("The question is added.").wait_for()
    public_url = officer.locator("main a[href$='/respond/']").first.get_attribute("href")
    assert public_url

    # 2. Members of the public answer through the public form, without an account.
    for answer in PUBLIC_ANSWERS:
        public = browser.new_context(base_url=base).new_page()
        public.goto(public_url)
        public.get_by_role("radio", name="Resident").check()
        public.get_by_label(QUESTION).fill(answer)
        public.get_by_role("button", name="Send your response").click()
        public.get_by_role("heading", name="Thank you: your response has been sent").wait_for()
        public.context.close()

    # 3. More responses come from a survey export.
    export = tmp_path / "survey.csv"
    rows = ["Response ID,Respondent type,Borough," + QUESTION]
    rows += [
        f'S{n},Young person,{"Camden" if n % 2 else "Newham"},"{text}"'
        for n, text in enumerate(IMPORTED, start=1)
    ]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    officer.goto(consultation_url)
    officer.get_by_role("link", name="Import responses").click()
    officer.get_by_label("CSV or Excel (.xlsx) file").set_input_files(str(export))
    officer.get_by_role("button", name="Upload and choose the columns").click()
    officer.get_by_role("button", name="Check and import").click()
    officer.get_by_text(f"Imported {len(IMPORTED)} responses from survey.csv").wait_for()
    assert "15 responses sent" in officer.locator("main").inner_text()

    # 4. The analysis runs offline, with its progress on the page.
    officer.get_by_role("button", name="Run the analysis").click()
    officer.locator("#job-progress").get_by_text("Finished").wait_for()

    # 5. Merge two themes and confirm an assignment.
    officer.get_by_role("link", name=QUESTION).click()
    themes = officer.locator("table").first.get_by_role("link")
    assert themes.count() >= 2
    themes.first.click()
    theme_url = officer.url
    officer.get_by_text("Merge other themes into this one").click()
    officer.locator("input[name=themes]").first.check()
    officer.get_by_role("button", name="Merge into this theme").click()
    officer.get_by_text(re.compile(r"^Merged .* into ")).wait_for()
    assert officer.url == theme_url
    officer.get_by_role("button", name=re.compile(r"^Confirm A\d+")).first.click()
    officer.get_by_text("confirmed under this theme").wait_for()
    assert re.search(r"Confirmed by (?!the machine)", officer.locator("main").inner_text())

    # 6. The findings, and the report as PDF.
    officer.goto(consultation_url)
    officer.get_by_role("link", name="Findings", exact=True).click()
    text = officer.locator("main").inner_text()
    assert "of 15 answers" in text
    assert officer.locator("svg[role=img]").count() >= 1
    with officer.expect_download() as download:
        officer.get_by_role("link", name="Download the report (PDF)").click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
