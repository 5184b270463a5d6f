"""People in charge of the themes: rename, merge, split, delete, choose quotes; confirm, reject
or move assignments; decide on suspected duplicates; correct a stance. Each records the person."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from endeavour.audit.models import AuditAction
from endeavour.audit.services import audit_event_record
from endeavour.consultations.models import (
    Answer,
    AssignmentState,
    DuplicateGroup,
    DuplicateState,
    MadeBy,
    Question,
    Stance,
    Theme,
    ThemeAssignment,
)

MAX_QUOTES = 5


def _label(label: str) -> str:
    tidy = " ".join(label.split())
    if not tidy:
        raise ValidationError({"label": "Enter a label for the theme."})
    if len(tidy) > 200:
        raise ValidationError({"label": "Keep the label to 200 characters or fewer."})
    return tidy


def _live(theme: Theme) -> Theme:
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    if not theme.is_live:
        raise ValidationError("This theme was merged or deleted: open the theme it became.")
    return theme


def _decide(answer_id: int, theme: Theme, state: str, by: Any) -> ThemeAssignment:
    """Record a person's decision on (answer, theme), replacing any machine proposal."""
    before = (
        ThemeAssignment.objects.filter(answer_id=answer_id, theme=theme)
        .values("made_by", "state", "confidence")
        .first()
    )
    assignment, _ = ThemeAssignment.objects.update_or_create(
        answer_id=answer_id,
        theme=theme,
        defaults={
            "made_by": MadeBy.PERSON,
            "decided_by": by,
            "decided_at": timezone.now(),
            "state": state,
        },
    )
    audit_event_record(
        action=AuditAction.UPDATE if before else AuditAction.CREATE,
        instance=assignment,
        object_repr=f"Answer A{answer_id} under theme {theme.reference}: {state}",
        before=dict(before) if before else None,
        after={"made_by": MadeBy.PERSON, "state": state},
    )
    return assignment


@transaction.atomic
def theme_create(*, question: Question, label: str, by: Any) -> Theme:
    return Theme.objects.create(
        question=question,
        label=_label(label),
        created_by_kind=MadeBy.PERSON,
        created_by=by,
        edited_by_person=True,
    )


@transaction.atomic
def theme_rename(*, theme: Theme, label: str, by: Any) -> Theme:
    theme = _live(theme)
    theme.label = _label(label)
    theme.edited_by_person = True
    theme.save()
    return theme


@transaction.atomic
def theme_merge(*, themes: Sequence[Theme], into: Theme, by: Any) -> Theme:
    """Merge ``themes`` into ``into``: their answers move across (a person's rejection stays a
    rejection), and they are kept as history pointing at it."""
    into = _live(into)
    sources = [_live(t) for t in themes if t.pk != into.pk]
    if not sources:
        raise ValidationError({"themes": "Choose at least one other theme to merge into this one."})
    if any(t.question_id != into.question_id for t in sources):
        raise ValidationError({"themes": "Only themes of the same question can be merged."})
    existing = {a.answer_id: a for a in into.assignments.all()}
    moved = 0
    for source in sources:
        for assignment in source.assignments.all():
            there = existing.get(assignment.answer_id)
            if there is None:
                assignment.theme = into
                assignment.save(update_fields=["theme"])
                existing[assignment.answer_id] = assignment
                moved += 1
            elif assignment.made_by == MadeBy.PERSON and there.made_by == MadeBy.MACHINE:
                there.delete()
                assignment.theme = into
                assignment.save(update_fields=["theme"])
                existing[assignment.answer_id] = assignment
            else:
                assignment.delete()
        source.merged_into = into
        source.save()
        Theme.objects.filter(merged_into=source).update(merged_into=into)
    into.edited_by_person = True
    into.keywords = list(
        dict.fromkeys([*into.keywords, *(k for s in sources for k in s.keywords)])
    )[:12]
    into.save()
    audit_event_record(
        action=AuditAction.STATE_CHANGE,
        instance=into,
        object_repr=f"Merged into theme {into.label}"[:300],
        after={"merged": [t.pk for t in sources], "answers_moved": moved},
    )
    return into


@transaction.atomic
def theme_split(*, theme: Theme, answer_ids: Sequence[int], label: str, by: Any) -> Theme:
    """Move the chosen answers out of ``theme`` into a new theme, as a person's decision."""
    theme = _live(theme)
    label = _label(label)
    chosen = set(
        theme.assignments.filter(answer_id__in=list(answer_ids)).values_list("answer_id", flat=True)
    )
    if not chosen:
        raise ValidationError({"answers": "Choose the answers to move to the new theme."})
    new = Theme.objects.create(
        question=theme.question,
        label=label,
        created_by_kind=MadeBy.PERSON,
        created_by=by,
        edited_by_person=True,
    )
    for answer_id in chosen:
        _decide(answer_id, theme, AssignmentState.REJECTED, by)
        _decide(answer_id, new, AssignmentState.CONFIRMED, by)
    theme.edited_by_person = True
    theme.quote_ids = [i for i in theme.quote_ids if i not in chosen]
    theme.save()
    return new


@transaction.atomic
def theme_delete(*, theme: Theme, by: Any) -> Theme:
    """Delete a theme: it stops counting and its answers leave it. Kept as history."""
    theme = _live(theme)
    theme.is_deleted = True
    theme.edited_by_person = True
    theme.save()
    return theme


@transaction.atomic
def theme_quotes_set(*, theme: Theme, answer_ids: Sequence[int], by: Any) -> Theme:
    """The answers quoted for this theme in the findings (at most five, from its own answers)."""
    theme = _live(theme)
    ids = list(dict.fromkeys(int(i) for i in answer_ids))
    if len(ids) > MAX_QUOTES:
        raise ValidationError({"quotes": f"Choose at most {MAX_QUOTES} quotes."})
    valid = set(
        theme.assignments.exclude(state=AssignmentState.REJECTED)
        .filter(answer_id__in=ids)
        .values_list("answer_id", flat=True)
    )
    theme.quote_ids = [i for i in ids if i in valid]
    theme.save()
    return theme


@transaction.atomic
def assignment_confirm(*, assignment: ThemeAssignment, by: Any) -> ThemeAssignment:
    _live(assignment.theme)
    return _decide(assignment.answer_id, assignment.theme, AssignmentState.CONFIRMED, by)


@transaction.atomic
def assignment_reject(*, assignment: ThemeAssignment, by: Any) -> ThemeAssignment:
    _live(assignment.theme)
    return _decide(assignment.answer_id, assignment.theme, AssignmentState.REJECTED, by)


@transaction.atomic
def assignment_move(*, assignment: ThemeAssignment, to: Theme, by: Any) -> ThemeAssignment:
    """Change an assignment: not this theme (rejected), that one (confirmed)."""
    source = _live(assignment.theme)
    to = _live(to)
    if to.question_id != source.question_id:
        raise ValidationError({"theme": "Choose a theme of the same question."})
    if to.pk == source.pk:
        raise ValidationError({"theme": "Choose a different theme."})
    _decide(assignment.answer_id, source, AssignmentState.REJECTED, by)
    return _decide(assignment.answer_id, to, AssignmentState.CONFIRMED, by)


@transaction.atomic
def assignment_add(*, answer: Answer, theme: Theme, by: Any) -> ThemeAssignment:
    """A person puts an answer under a theme (also one the machine did not suggest)."""
    theme = _live(theme)
    if answer.question_id != theme.question_id:
        raise ValidationError({"theme": "Choose a theme of the answer's question."})
    return _decide(answer.pk, theme, AssignmentState.CONFIRMED, by)


@transaction.atomic
def duplicate_decide(
    *, group: DuplicateGroup, state: str, by: Any, note: str = ""
) -> DuplicateGroup:
    """Confirmed: the group counts once (its first answer); dismissed: every answer counts."""
    group = DuplicateGroup.objects.select_for_update().get(pk=group.pk)
    if state not in (DuplicateState.CONFIRMED, DuplicateState.DISMISSED):
        raise ValidationError({"state": "Choose whether these are duplicates."})
    ids = sorted(group.answers.values_list("pk", flat=True))
    group.state = state
    group.decided_by = by
    group.decided_at = timezone.now()
    group.note = note.strip()[:500]
    group.save()
    Answer.objects.filter(pk__in=ids).update(is_excluded_duplicate=False)
    for other in DuplicateGroup.objects.filter(
        answers__in=ids, state=DuplicateState.CONFIRMED
    ).distinct():
        other_ids = sorted(other.answers.values_list("pk", flat=True))
        Answer.objects.filter(pk__in=other_ids[1:]).update(is_excluded_duplicate=True)
    return group


@transaction.atomic
def stance_set(*, answer: Answer, stance: str, by: Any) -> Answer:
    if stance not in Stance.values:
        raise ValidationError({"stance": "Choose agree, disagree or unclear."})
    answer = Answer.objects.select_for_update().get(pk=answer.pk)
    before = answer.stance
    answer.stance = stance
    answer.stance_by_person = True
    answer.save(update_fields=["stance", "stance_by_person"])
    audit_event_record(
        action=AuditAction.UPDATE,
        instance=answer,
        object_repr=f"Stance of consultation answer {answer.reference}",
        before={"stance": before},
        after={"stance": stance},
    )
    return answer
