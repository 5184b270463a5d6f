"""The analysis run: offline themes, assignments, stance, duplicates and safety screening, per
free-text question, as a background job with progress; and how its results are kept.

Re-running keeps people's decisions. Themes a person created, renamed or otherwise changed,
themes holding any assignment a person made, and themes linked from a recommendation go to the
analysis as ``KnownTheme`` and are never overwritten; the analysis may add machine proposals to
them. Every other machine theme and every machine proposal is replaced by the new run.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from endeavour.audit.context import acting_as, actor_for_user
from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.consultations.models import (
    AnalysisRun,
    Answer,
    AssignmentState,
    Consultation,
    DuplicateGroup,
    DuplicateState,
    MadeBy,
    Question,
    QuestionKind,
    ResponseStatus,
    SafetyStatus,
    Theme,
    ThemeAssignment,
)
from endeavour.consultations.services.safety import ScreenSummary, answers_screen
from endeavour.jobs import services as jobs
from endeavour.jobs.models import JobRun, JobStatus

logger = logging.getLogger(__name__)
JOB_KIND = "consultations.analysis"
LINK_KIND = "consultation_theme"
Analyser = Callable[..., Any]
Progress = Callable[[int, int, str], None]


def analysable_answers(question: Question) -> QuerySet[Answer]:
    """Sent, non-empty answers to a free-text question (passages of documents included)."""
    return (
        Answer.objects.filter(question=question, response__status=ResponseStatus.SUBMITTED)
        .exclude(text="")
        .order_by("pk")
    )


def _linked_theme_ids(question: Question) -> set[int]:
    try:
        from endeavour.recommendations.models import EvidenceLink
    except ImportError:  # pragma: no cover - the tracker is part of every build today
        return set()
    references = EvidenceLink.objects.filter(kind=LINK_KIND).values_list("reference", flat=True)
    ids = {
        int(r.split("-", 1)[1]) for r in references if r.startswith("THEME-") and r[6:].isdigit()
    }
    return set(question.themes.filter(pk__in=ids).values_list("pk", flat=True))


def kept_themes(question: Question) -> list[Theme]:
    """The live themes a re-run must keep: people's themes and themes people have touched."""
    person_made = ThemeAssignment.objects.filter(made_by=MadeBy.PERSON).values("theme_id")
    linked = _linked_theme_ids(question)
    return list(
        question.themes.filter(is_deleted=False, merged_into__isnull=True).filter(
            Q(created_by_kind=MadeBy.PERSON)
            | Q(edited_by_person=True)
            | Q(pk__in=person_made)
            | Q(pk__in=linked)
        )
    )


def known_themes(question: Question) -> list[Any]:
    from endeavour.consultations.analysis import KnownTheme

    known = []
    for theme in kept_themes(question):
        decisions = theme.assignments.filter(made_by=MadeBy.PERSON)
        known.append(
            KnownTheme(
                id=theme.pk,
                label=theme.label,
                member_ids=frozenset(
                    decisions.filter(state=AssignmentState.CONFIRMED).values_list(
                        "answer_id", flat=True
                    )
                ),
                rejected_ids=frozenset(
                    decisions.filter(state=AssignmentState.REJECTED).values_list(
                        "answer_id", flat=True
                    )
                ),
            )
        )
    return known


@transaction.atomic
def analysis_start(*, consultation: Consultation, by: Any) -> JobRun:
    """Queue the analysis of every free-text question, once this commits."""
    from endeavour.consultations.tasks import analyse_consultation

    job = jobs.job_create(
        kind=JOB_KIND,
        title=f"Analysis of {consultation.title}"[:200],
        owner=by,
        parameters={"consultation": consultation.pk},
    )
    AnalysisRun.objects.create(consultation=consultation, job=job, started_by=by)
    analyse_consultation.delay_on_commit(str(job.pk))  # type: ignore[attr-defined]
    return job


def analysis_run(job_id: str, *, analyser: Analyser | None = None) -> JobRun | None:
    """The job: screen unscreened answers, then analyse and keep each free-text question."""
    job = JobRun.objects.select_related("owner").filter(pk=job_id, kind=JOB_KIND).first()
    if job is None or job.status not in {JobStatus.QUEUED, JobStatus.RUNNING}:
        return job
    run = AnalysisRun.objects.filter(job=job).select_related("consultation").first()
    if run is None:
        jobs.job_fail(job, message="The consultation is gone: nothing was analysed.")
        return job
    consultation = run.consultation
    with acting_as(actor_for_user(job.owner)):
        try:
            questions = list(consultation.questions.filter(kind=QuestionKind.FREE_TEXT))
            sizes = [analysable_answers(q).count() for q in questions]
            total = sum(sizes) * 2  # screening, then analysis
            jobs.job_start(job, total=max(total, 1))
            jobs.job_progress(
                job, done=0, message="Screening answers for threats and extremist material"
            )
            unscreened = list(
                Answer.objects.filter(
                    question__in=questions,
                    response__status=ResponseStatus.SUBMITTED,
                    safety_status=SafetyStatus.NOT_SCREENED,
                ).exclude(text="")
            )
            screen = answers_screen(unscreened)
            done = sum(sizes)
            summaries: list[str] = []
            versions: set[str] = set()
            for question, size in zip(questions, sizes, strict=True):
                offset = done

                def progress(
                    step: int,
                    steps: int,
                    message: str,
                    *,
                    _o: int = offset,
                    _n: int = size,
                    _q: Question = question,
                ) -> None:
                    share = round(_n * step / steps) if steps else 0
                    jobs.job_progress(
                        job, done=_o + min(share, _n), message=f"Question {_q.order}: {message}"
                    )

                counts = question_analyse(question, run=run, analyser=analyser, progress=progress)
                versions.add(counts.get("model_version", ""))
                summaries.append(
                    f"Q{question.order}: {counts['answers']} answers, {counts['themes']} themes"
                )
                done += size
            message = _message(summaries, screen)
            AnalysisRun.objects.filter(pk=run.pk).update(
                finished_at=timezone.now(),
                model_version=", ".join(sorted(v for v in versions if v))[:200],
                summary={
                    "questions": summaries,
                    "screened": screen.screened,
                    "flagged": screen.flagged,
                    "unavailable": screen.unavailable,
                },
            )
            jobs.job_progress(job, done=max(total, 1), message=message)
            return jobs.job_succeed(job, message=message)
        except Exception as exc:
            logger.exception("Consultation analysis %s failed", job.pk)
            jobs.job_fail(
                job,
                message=(
                    f"The analysis failed ({exc.__class__.__name__}); people's decisions are "
                    "unchanged. Try again; if it fails again, tell an administrator."
                ),
            )
            job.refresh_from_db()
            return job


def _message(summaries: Sequence[str], screen: ScreenSummary) -> str:
    parts = ["; ".join(summaries) or "No free-text questions to analyse."]
    if screen.unavailable:
        parts.append(f"Answers were not screened for safety: {screen.unavailable}.")
    elif screen.flagged:
        parts.append(f"{screen.flagged} answers flagged for the online-harms analysts.")
    return " ".join(parts)


def question_analyse(
    question: Question,
    *,
    run: AnalysisRun | None = None,
    analyser: Analyser | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Analyse one question (outside any transaction: it takes a while), then keep the result."""
    from endeavour.consultations.analysis import Answer as Input
    from endeavour.consultations.analysis import analyse_question

    run_analysis: Analyser = analyser or analyse_question

    answers = [Input(id=a.pk, text=a.text) for a in analysable_answers(question).only("pk", "text")]
    if not answers:
        return {"answers": 0, "themes": 0, "model_version": ""}
    result = run_analysis(
        answers,
        known_themes(question),
        question_text=question.text,
        ask_stance=question.asks_stance,
        progress=progress,
    )
    return analysis_persist(question=question, result=result, run=run)


@transaction.atomic
def analysis_persist(*, question: Question, result: Any, run: AnalysisRun | None) -> dict[str, Any]:
    """Keep an analysis result: replace machine proposals, never people's decisions.

    People's decisions are read again here, inside the transaction, so a decision made while
    the analysis ran is kept too."""
    question = Question.objects.select_for_update().get(pk=question.pk)
    now = timezone.now()
    kept = {t.pk: t for t in kept_themes(question)}
    answer_ids = set(analysable_answers(question).values_list("pk", flat=True))

    # Machine proposals go; so do machine themes nobody touched.
    ThemeAssignment.objects.filter(
        answer__question=question, made_by=MadeBy.MACHINE, state=AssignmentState.PROPOSED
    ).delete()
    # (Deleted and merged themes stay, as history; a merge target is always kept.)
    replaced = question.themes.filter(
        created_by_kind=MadeBy.MACHINE, is_deleted=False, merged_into__isnull=True
    ).exclude(pk__in=kept)
    replaced_count = replaced.count()
    replaced.delete()

    by_key: dict[str, Theme] = {f"known-{pk}": theme for pk, theme in kept.items()}
    created = 0
    for proposed in result.themes:
        if proposed.known_id is not None:
            theme = kept.get(proposed.known_id)
            if theme is not None:
                by_key[proposed.key] = theme
                if not theme.representative_ids:
                    theme.representative_ids = [
                        i for i in proposed.representative_ids if i in answer_ids
                    ][:5]
                    theme.save(update_fields=["representative_ids", "updated_at"])
            continue
        by_key[proposed.key] = Theme.objects.create(
            question=question,
            label=proposed.label[:200] or "Unlabelled theme",
            keywords=list(proposed.keywords)[:12],
            representative_ids=[i for i in proposed.representative_ids if i in answer_ids][:5],
            created_by_kind=MadeBy.MACHINE,
            run=run,
        )
        created += 1

    decided = set(
        ThemeAssignment.objects.filter(answer__question=question).values_list(
            "answer_id", "theme_id"
        )
    )
    new_rows = []
    for assignment in result.assignments:
        theme = by_key.get(assignment.theme_key)
        if theme is None or assignment.answer_id not in answer_ids:
            continue
        if (assignment.answer_id, theme.pk) in decided:
            continue  # a person decided on this pair already
        decided.add((assignment.answer_id, theme.pk))
        new_rows.append(
            ThemeAssignment(
                answer_id=assignment.answer_id,
                theme=theme,
                confidence=round(float(assignment.confidence), 4),
                made_by=MadeBy.MACHINE,
                decided_at=now,
                state=AssignmentState.PROPOSED,
                run=run,
            )
        )
    ThemeAssignment.objects.bulk_create(new_rows, batch_size=1000)

    answers = Answer.objects.filter(pk__in=answer_ids)
    answers.filter(stance_by_person=False).update(stance="")
    if question.asks_stance:
        by_stance: dict[str, list[int]] = {}
        for answer_id, stance in result.stances.items():
            by_stance.setdefault(str(stance), []).append(int(answer_id))
        for stance, ids in by_stance.items():
            answers.filter(pk__in=ids, stance_by_person=False).update(stance=stance)
    answers.update(is_non_english=False, skipped_reason="")
    answers.filter(pk__in=list(result.non_english)).update(is_non_english=True)
    for answer_id, reason in result.skipped:
        answers.filter(pk=answer_id).update(skipped_reason=str(reason)[:300])

    groups_kept: set[int] = set()
    for group in result.duplicates:
        ids = sorted(i for i in group.answer_ids if i in answer_ids)
        if len(ids) < 2:
            continue
        key = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()
        found, was_created = DuplicateGroup.objects.get_or_create(
            question=question,
            answer_key=key,
            defaults={
                "kind": group.kind,
                "similarity": round(float(group.similarity), 4),
                "run": run,
            },
        )
        if was_created:
            found.answers.set(ids)
        groups_kept.add(found.pk)
    DuplicateGroup.objects.filter(question=question, state=DuplicateState.PENDING).exclude(
        pk__in=groups_kept
    ).delete()

    summary = {
        "answers": len(answer_ids),
        "themes": len(set(by_key.values())),
        "new_themes": created,
        "kept_themes": len(kept),
        "replaced_themes": replaced_count,
        "proposals": len(new_rows),
        "duplicate_groups": len(groups_kept),
        "skipped": len(result.skipped),
        "model_version": str(result.model_version),
    }
    audit_event_record(
        action=AuditAction.CREATE,
        instance=question,
        object_repr=f"Analysis of question {question.order} of {question.consultation_id}",
        after=summary,
    )
    return summary
