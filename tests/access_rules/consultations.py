"""Access expectations for consultations.

Programme officers run consultations; programme officers, analysts and senior analysts code
responses; auditors read; analysts and senior analysts review answers flagged for safety (auditors
see that list); borough officers and administrators see no responses. The public answers open
consultations and reads published findings.
"""

from __future__ import annotations

from typing import Any

from endeavour.core.models import Role
from tests.access_rules.roles import EVERYONE

MANAGERS = {Role.PROGRAMME_OFFICER}
CODERS = {Role.PROGRAMME_OFFICER, Role.ANALYST, Role.SENIOR_ANALYST}
VIEWERS = CODERS | {Role.AUDITOR}
SAFETY = {Role.ANALYST, Role.SENIOR_ANALYST}

EXPECTED: dict[str, set[str]] = {
    # Public: the form, save and resume, published findings, the API.
    "consultations:public-index": EVERYONE,
    "consultations:respond": EVERYONE,
    "consultations:resume": EVERYONE,
    "consultations:thanks": EVERYONE,
    "consultations:public-findings": EVERYONE,
    "consultations:public-findings-pdf": EVERYONE,
    "consultations:public-findings-csv": EVERYONE,
    "api-consultations-list": EVERYONE,
    "api-consultations-findings": EVERYONE,
    # Reading consultations, their analysis and findings.
    "consultations:list": VIEWERS,
    "consultations:detail": VIEWERS,
    "consultations:question": VIEWERS,
    "consultations:theme": VIEWERS,
    "consultations:findings": VIEWERS,
    "consultations:findings-pdf": VIEWERS,
    "consultations:findings-csv": VIEWERS,
    # Running a consultation.
    "consultations:create": MANAGERS,
    "consultations:edit": MANAGERS,
    "consultations:question-add": MANAGERS,
    "consultations:question-edit": MANAGERS,
    "consultations:import": MANAGERS,
    "consultations:import-map": MANAGERS,
    "consultations:document-add": MANAGERS,
    # Coding (POST only: a GET that passes the rule answers 405).
    "consultations:analyse": CODERS,
    "consultations:theme-rename": CODERS,
    "consultations:theme-merge": CODERS,
    "consultations:theme-split": CODERS,
    "consultations:theme-delete": CODERS,
    "consultations:theme-quotes": CODERS,
    "consultations:assignment-decide": CODERS,
    "consultations:stance-set": CODERS,
    "consultations:duplicate-decide": CODERS,
    # Safety review.
    "consultations:safety": SAFETY | {Role.AUDITOR},
    "consultations:safety-review": SAFETY,
}
# An import upload that is not in this person's session is not found, even for its owner.
# A resume link with an unknown token is not found (a friendly page, status 404).
ANSWERS_NOT_FOUND = {"consultations:import-map", "consultations:resume"}

CONSULTATION_ROUTES = {
    "consultations:respond",
    "consultations:thanks",
    "consultations:public-findings",
    "consultations:public-findings-pdf",
    "consultations:public-findings-csv",
    "api-consultations-findings",
    "consultations:detail",
    "consultations:findings",
    "consultations:findings-pdf",
    "consultations:findings-csv",
    "consultations:edit",
    "consultations:question-add",
    "consultations:import",
    "consultations:document-add",
    "consultations:analyse",
}
THEME_ROUTES = {
    "consultations:theme",
    "consultations:theme-rename",
    "consultations:theme-merge",
    "consultations:theme-split",
    "consultations:theme-delete",
    "consultations:theme-quotes",
}


def _data(fixtures: dict[str, Any]) -> dict[str, Any]:
    if "consultation" not in fixtures:
        from endeavour.consultations.tests import factories

        consultation = factories.consultation()
        question = factories.question(consultation)
        response = factories.respond(consultation, {question.pk: "More youth clubs, please."})
        answer = response.answers.get()
        theme = factories.theme(question, "Youth services")
        assignment = factories.propose(answer, theme)
        answer.safety_status = "flagged"
        answer.save()
        group = factories.duplicate_group(question, [answer])
        fixtures["consultation"] = {
            "consultation": consultation,
            "question": question,
            "answer": answer,
            "theme": theme,
            "assignment": assignment,
            "group": group,
        }
    data: dict[str, Any] = fixtures["consultation"]
    return data


def url_kwargs(name: str, user: Any, fixtures: dict[str, Any]) -> dict[str, Any] | None:
    if not name.startswith(("consultations:", "api-consultations")):
        return None
    if name in (
        "consultations:public-index",
        "consultations:list",
        "consultations:create",
        "consultations:safety",
        "api-consultations-list",
    ):
        return {}
    data = _data(fixtures)
    if name in CONSULTATION_ROUTES:
        return {"pk": data["consultation"].pk}
    if name in THEME_ROUTES:
        return {"pk": data["theme"].pk}
    if name == "consultations:resume":
        return {"token_key": "no-such-token"}
    if name in ("consultations:question", "consultations:question-edit"):
        return {"pk": data["question"].pk}
    if name == "consultations:import-map":
        return {"pk": data["consultation"].pk}
    if name == "consultations:assignment-decide":
        return {"pk": data["assignment"].pk}
    if name in ("consultations:stance-set", "consultations:safety-review"):
        return {"pk": data["answer"].pk}
    if name == "consultations:duplicate-decide":
        return {"pk": data["group"].pk}
    return None
