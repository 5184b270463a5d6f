"""Eligibility rules, data-driven from the call, each with a plain reason for the applicant.

``check_eligibility`` is pure: it reads the call's rules and the application's answers and says,
for each rule, whether it is met and why not. ``application_submit`` refuses an application that
fails any rule, and shows every reason.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from typing import Any

from endeavour.grants.models import Application, AttachmentKind, Call, LegalForm


@dataclass(frozen=True)
class RuleResult:
    code: str
    rule: str
    passed: bool
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _pounds(value: int) -> str:
    return f"£{value:,}"


def check_eligibility(
    call: Call, application: Application, attachment_kinds: Collection[str]
) -> list[RuleResult]:
    results: list[RuleResult] = []
    forms = call.legal_form_labels
    if call.eligible_legal_forms:
        ok = application.legal_form in call.eligible_legal_forms
        given = LegalForm(application.legal_form).label if application.legal_form else "none"
        results.append(
            RuleResult(
                "legal_form",
                f"The organisation is one of: {', '.join(forms)}",
                ok,
                "" if ok else f"This call funds {', '.join(forms).lower()}; you told us: {given}.",
            )
        )
    if call.income_cap is not None:
        income = application.annual_income
        ok = income is not None and income < call.income_cap
        results.append(
            RuleResult(
                "income",
                f"Annual income under {_pounds(call.income_cap)}",
                ok,
                ""
                if ok
                else (
                    "Tell us your organisation's annual income."
                    if income is None
                    else f"Your annual income of {_pounds(income)} is not under "
                    f"{_pounds(call.income_cap)}."
                ),
            )
        )
    if call.london_only:
        ok = (
            application.operates_in_london
            and application.pk is not None
            and (application.boroughs.exists())
        )
        results.append(
            RuleResult(
                "london",
                "The project works in London",
                ok,
                ""
                if ok
                else "This call funds work in London: say that you work in London and choose "
                "at least one borough the project will work in.",
            )
        )
    amount = application.amount_requested
    ok = amount is not None and 0 < amount <= call.max_grant
    results.append(
        RuleResult(
            "amount",
            f"Amount requested no more than the maximum grant of {_pounds(call.max_grant)}",
            ok,
            ""
            if ok
            else (
                "Tell us how much you are asking for."
                if not amount
                else f"You asked for {_pounds(amount)}, more than the maximum grant of "
                f"{_pounds(call.max_grant)}."
            ),
        )
    )
    missing = [kind.label for kind in AttachmentKind if kind.value not in attachment_kinds]
    results.append(
        RuleResult(
            "attachments",
            "Constitution, safeguarding policy and latest accounts attached",
            not missing,
            "" if not missing else f"Attach: {', '.join(missing).lower()}.",
        )
    )
    complete = bool(application.project_title and application.summary and application.theme)
    theme_ok = not call.themes or application.theme in call.themes
    results.append(
        RuleResult(
            "complete",
            "Project title, summary and a theme of this call given",
            complete and theme_ok,
            ""
            if complete and theme_ok
            else (
                "Give the project's title, a summary and its theme."
                if not complete
                else "Choose one of this call's themes."
            ),
        )
    )
    return results
