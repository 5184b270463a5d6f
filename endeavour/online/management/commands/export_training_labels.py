"""``endeavour export_training_labels --out FILE.jsonl [--since DATE]``: analysts' confirmed
decisions as labelled text, the path to retraining the text classifier on our own casework.

One line per text an analyst saw (the submitted text and the latest captured text) of a case
whose decision is final: ``{"text", "category", "decided_at", "case"}``. Nothing else leaves:
no web address, reporter, platform or reviewer.

The category comes from the decision that closed or referred the case:

- escalated to police, Tier 1, a threat level, or policy clause T1 -> ``threat``;
- a clause about hatred or dehumanisation (none in policy v1) -> ``dehumanising_hate``;
- any other referral (clauses T2 to T4: crisis material, proscribed-organisation propaganda,
  promotional material) -> ``terrorism_support``;
- no action because it is counter-speech, news or research (clause X1) -> ``none``.

Left out: cases still open or awaiting a second review; referrals overturned on dispute (the
dispute says the label was wrong, not what it should be); and "no action: out of scope" (X2),
which covers hateful content that is not terrorist as well as harmless content, so it would
teach the model that dehumanising hate is "none".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import QuerySet
from django.utils import timezone

from endeavour.audit.context import Actor, acting_as
from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.online.models import (
    CaseStatus,
    Decision,
    DecisionKind,
    DecisionState,
    Tier,
)
from endeavour.online.services.hash_signals import item_texts

CONFIRMED = {
    CaseStatus.REFERRED: {DecisionKind.REFER},
    CaseStatus.CLOSED_REMOVED: {DecisionKind.REFER},
    CaseStatus.CLOSED_STILL_UP: {DecisionKind.REFER},
    CaseStatus.ESCALATED: {DecisionKind.ESCALATE_POLICE},
    CaseStatus.CLOSED_NO_ACTION: {
        DecisionKind.NO_ACTION_PROTECTED,
        DecisionKind.NO_ACTION_OUT_OF_SCOPE,
    },
}
HATE_WORDS = ("hate", "hatred", "dehumanis", "dehumaniz")


def category_for(decision: Decision) -> str | None:
    """The classifier category a confirmed decision stands for, or None to leave it out."""
    clause = decision.policy_clause
    if decision.kind == DecisionKind.NO_ACTION_PROTECTED:
        return "none"
    if decision.kind == DecisionKind.ESCALATE_POLICE:
        return "threat"
    if decision.kind != DecisionKind.REFER:
        return None
    if decision.tier == Tier.TIER_1 or decision.threat_level or (clause and clause.code == "T1"):
        return "threat"
    if clause is not None and any(
        word in f"{clause.title} {clause.text}".lower() for word in HATE_WORDS
    ):
        return "dehumanising_hate"
    return "terrorism_support"


def confirmed_decisions(since: datetime | None) -> QuerySet[Decision]:
    decisions = (
        Decision.objects.filter(state=DecisionState.APPLIED, case__status__in=list(CONFIRMED))
        .select_related("case__item", "policy_clause")
        .order_by("case_id", "-decided_at", "-id")
    )
    if since is not None:
        decisions = decisions.filter(decided_at__gte=since)
    return decisions


def label_rows(since: datetime | None = None) -> Iterator[dict[str, Any]]:
    """The rows to export, case by case: the latest applied decision that fits the case's
    final status decides the category."""
    done: set[int] = set()
    for decision in confirmed_decisions(since).iterator(chunk_size=500):
        case = decision.case
        if case.pk in done or decision.kind not in CONFIRMED[CaseStatus(case.status)]:
            continue
        done.add(case.pk)
        category = category_for(decision)
        if category is None:
            continue
        for _, text in item_texts(case.item):
            yield {
                "text": text,
                "category": category,
                "decided_at": decision.decided_at.isoformat(),
                "case": case.reference,
            }


class Command(BaseCommand):
    help = (
        "Export the text of cases with a final decision, labelled with a classifier category, "
        "as JSON lines for retraining. No personal details are exported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, metavar="FILE.jsonl")
        parser.add_argument(
            "--since", help="Only decisions made on or after this date, YYYY-MM-DD."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        since = None
        if options["since"]:
            try:
                day = date.fromisoformat(options["since"])
            except ValueError as error:
                raise CommandError(f"--since is a date, YYYY-MM-DD: {error}.") from error
            since = timezone.make_aware(datetime.combine(day, time.min))
        path = Path(options["out"])
        counts: dict[str, int] = {}
        try:
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                for row in label_rows(since):
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    counts[row["category"]] = counts.get(row["category"], 0) + 1
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}.") from error
        total = sum(counts.values())
        by_category = ", ".join(f"{c} {n:,}" for c, n in sorted(counts.items())) or "none"
        with acting_as(Actor(id=None, label="command line")):
            audit_event_record(
                action=AuditAction.EXPORT,
                object_type="online.traininglabels",
                object_repr="Training labels from confirmed decisions",
                reason=(
                    f"{total:,} labelled texts written to {path.name}"
                    + (f", decisions since {since:%Y-%m-%d}" if since else "")
                    + f" ({by_category})."
                ),
            )
        self.stdout.write(f"Wrote {total:,} labelled texts to {path} ({by_category}).")
