"""Progress figures "as at" a date, from the dated history: a hand-computed example, corrections,
the version of the definitions in force, roll-up of actions, and the series for the chart."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from endeavour.recommendations.models import Recommendation, StatusChange
from endeavour.recommendations.selectors.figures import (
    Entry,
    History,
    ItemInfo,
    StatusInfo,
    VocabularyInfo,
    load_history,
    percent,
    series_dates,
)
from endeavour.recommendations.selectors.reports import progress_report
from endeavour.recommendations.tests import factories as f

pytestmark = pytest.mark.django_db


def test_percentages_are_whole_with_halves_rounded_up() -> None:
    assert percent(86, 127) == 68  # 67.7
    assert percent(1, 8) == 13  # 12.5 rounds up, not to even
    assert percent(1, 3) == 33
    assert percent(0, 5) == 0
    assert percent(3, 0) is None


# --- the pure computation, by hand -------------------------------------------------------------

V1 = VocabularyInfo(1, 1, "v1", date(2000, 1, 1))
NOT_STARTED = StatusInfo(1, "not_started", "Not started", "", 1, 1001, False, True, 0, "grey")
IN_PROGRESS = StatusInfo(2, "in_progress", "In progress", "", 1, 1002, False, True, 50, "blue")
DONE = StatusInfo(3, "implemented", "Implemented", "", 1, 1003, True, False, 100, "green")
VERIFIED = StatusInfo(4, "implemented_verified", "Verified", "", 1, 1004, True, False, 100, "green")
REFUSED = StatusInfo(5, "not_accepted", "Not accepted", "", 1, 1005, False, False, None, "red")
STATUSES = {s.id: s for s in (NOT_STARTED, IN_PROGRESS, DONE, VERIFIED, REFUSED)}


def at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 12))


def entry(n: int, status: StatusInfo, effective: date, recorded: date | None = None) -> Entry:
    return Entry(n, status.id, effective, at(recorded or effective), None)


def hand_example() -> History:
    """Four recommendations of a review published 1 March 2017, and one action.

    R1: not started 1 Mar, in progress 1 May, implemented 15 Oct.
    R2: not started 1 Mar, implemented 30 Sep, verified 1 Nov.
    R3: not started 1 Mar, not accepted 1 Apr.
    R4: not started 1 Mar, implemented 20 Oct recorded 21 Oct, then corrected to in progress
        (same effective day) on 20 Nov.
    R4.1 (an action of R4): not started 1 Mar, implemented 1 Jun.
    """
    start = date(2017, 3, 1)
    items = [
        ItemInfo(1, "1", None, "Theme A", ("Police",), True),
        ItemInfo(2, "2", None, "Theme A", ("Police", "Fire"), True),
        ItemInfo(3, "3", None, "Theme B", ("Fire",), True),
        ItemInfo(4, "4", None, "Theme B", ("Ambulance",), False),
        ItemInfo(5, "4.1", 4, "Theme B", ("Ambulance",), True),
    ]
    entries = {
        1: [
            entry(1, NOT_STARTED, start),
            entry(2, IN_PROGRESS, date(2017, 5, 1)),
            entry(3, DONE, date(2017, 10, 15)),
        ],
        2: [
            entry(4, NOT_STARTED, start),
            entry(5, DONE, date(2017, 9, 30)),
            entry(6, VERIFIED, date(2017, 11, 1)),
        ],
        3: [entry(7, NOT_STARTED, start), entry(8, REFUSED, date(2017, 4, 1))],
        4: [
            entry(9, NOT_STARTED, start),
            entry(10, DONE, date(2017, 10, 20), date(2017, 10, 21)),
            entry(11, IN_PROGRESS, date(2017, 10, 20), date(2017, 11, 20)),
        ],
        5: [entry(12, NOT_STARTED, start), entry(13, DONE, date(2017, 6, 1))],
    }
    return History(items, entries, STATUSES, [V1])


def test_the_hand_computed_example() -> None:
    history = hand_example()
    # 31 Oct 2017: R1 implemented (15 Oct), R2 implemented (30 Sep), R3 not accepted,
    # R4 in progress (the later-recorded correction wins on the same day). 2 of 4 = 50%.
    figure = history.figure(date(2017, 10, 31))
    assert (figure.implemented, figure.total, figure.percent) == (2, 4, 50)
    assert figure.sentence == "As at 31 October 2017: 2 of 4 recommendations implemented (50%)."
    assert figure.definition_text.startswith(
        "Counted as implemented: \u201cImplemented\u201d and \u201cVerified\u201d"
    )
    counts = {row.status.code: row.count for row in figure.by_status}
    assert counts == {
        "not_started": 0,
        "in_progress": 1,
        "implemented": 2,
        "implemented_verified": 0,
        "not_accepted": 1,
    }
    # 30 Sep: only R2. 29 Sep: none. Before the review: nothing to count.
    assert history.figure(date(2017, 9, 30)).implemented == 1
    assert history.figure(date(2017, 9, 29)).implemented == 0
    before = history.figure(date(2017, 2, 28))
    assert (before.total, before.percent, before.headline) == (
        0,
        None,
        "No recommendations to count yet",
    )
    # The action is never in the denominator.
    assert history.figure(date(2018, 1, 1)).total == 4


def test_progress_rolls_up_from_actions() -> None:
    history = hand_example()
    assert history.progress_at(4, date(2017, 5, 31)) == 0  # its action not started yet
    assert history.progress_at(4, date(2017, 6, 1)) == 100  # the average of its one action
    assert history.progress_at(1, date(2017, 6, 1)) == 50  # no actions: its own status
    assert history.progress_at(1, date(2017, 10, 15)) == 100
    assert history.progress_at(3, date(2017, 6, 1)) is None  # not accepted: no progress


def test_breakdowns_count_each_owner() -> None:
    history = hand_example()
    day = date(2017, 10, 31)
    themes = {g.label: (g.implemented, g.total) for g in history.by_theme(day)}
    assert themes == {"Theme A": (2, 2), "Theme B": (0, 2)}
    owners = {g.label: (g.implemented, g.total) for g in history.by_owner(day)}
    assert owners == {"Police": (2, 2), "Fire": (1, 2), "Ambulance": (0, 1)}


def test_series_dates_are_month_ends_then_quarters_then_years() -> None:
    assert series_dates(date(2017, 1, 15), date(2017, 4, 10)) == [
        date(2017, 1, 31),
        date(2017, 2, 28),
        date(2017, 3, 31),
        date(2017, 4, 10),
    ]
    long = series_dates(date(2010, 2, 1), date(2016, 5, 1))  # over 60 months: quarters
    assert long[0] == date(2010, 3, 31) and long[1] == date(2010, 6, 30)
    assert long[-1] == date(2016, 5, 1) and len(long) <= 60
    assert series_dates(None, date(2020, 1, 1)) == [date(2020, 1, 1)]


# --- from the database ------------------------------------------------------------------------


def test_as_at_two_dates() -> None:
    source = f.source(day=date(2017, 3, 1))
    first, second = f.recommendation(source), f.recommendation(source)
    f.record(first, "implemented", date(2017, 10, 15))
    f.record(second, "implemented", date(2017, 10, 20))
    history = load_history(Recommendation.objects.filter(source=source))
    assert history.figure(date(2017, 10, 16)).sentence == (
        "As at 16 October 2017: 1 of 2 recommendations implemented (50%)."
    )
    assert history.figure(date(2017, 10, 31)).implemented == 2
    assert history.figure(date(2017, 3, 1)).implemented == 0


def test_a_figure_can_be_reproduced_after_a_correction() -> None:
    """Records written after the 'recorded on' day are left out; those before are kept."""
    source = f.source(day=date(2017, 3, 1))
    item = f.recommendation(source)
    Recommendation.objects.filter(pk=item.pk).update(created_at=at(date(2017, 3, 2)))
    StatusChange.objects.filter(recommendation=item).update(recorded_at=at(date(2017, 3, 2)))
    done = f.record(item, "implemented", date(2017, 10, 20))
    StatusChange.objects.filter(pk=done.pk).update(recorded_at=at(date(2017, 10, 21)))
    fix = f.record(item, "in_progress", date(2017, 10, 20), progress=80, note="Correction.")
    StatusChange.objects.filter(pk=fix.pk).update(recorded_at=at(date(2017, 11, 20)))
    items = Recommendation.objects.filter(pk=item.pk)
    published = load_history(items, recorded_on=date(2017, 11, 1)).figure(date(2017, 10, 31))
    assert (published.implemented, published.total) == (1, 1)
    assert "end of 1 November 2017" in published.records_text
    latest = load_history(items)
    assert latest.figure(date(2017, 10, 31)).implemented == 0
    assert latest.progress_at(item.pk, date(2017, 10, 31)) == 80
    # Before it was added to the tracker, there was nothing to count.
    assert load_history(items, recorded_on=date(2017, 3, 1)).figure(date(2017, 10, 31)).total == 0


def test_public_report_counts_unlisted_items_but_does_not_list_them() -> None:
    source = f.source()
    listed = f.recommendation(source)
    hidden = f.recommendation(source, is_public=False, withheld_reason="Security")
    f.record(hidden, "implemented", date(2018, 1, 1))
    report = progress_report(source, as_at=date(2018, 2, 1), public=True)
    assert (report.figure.implemented, report.figure.total) == (1, 2)
    assert report.withheld == 1
    assert [row.item.pk for row in report.rows] == [listed.pk]
    internal = progress_report(source, as_at=date(2018, 2, 1), public=False)
    assert {row.item.pk for row in internal.rows} == {listed.pk, hidden.pk}


def test_actions_list_under_their_recommendation_and_are_not_counted() -> None:
    source = f.source()
    parent = f.recommendation(source, reference="9")
    action = f.recommendation(source, reference="9.1", parent=parent)
    f.record(action, "implemented", date(2017, 6, 1))
    report = progress_report(source, as_at=date(2017, 7, 1), public=True)
    assert report.figure.total == 1 and report.figure.implemented == 0
    assert [a.item.pk for a in report.rows[0].actions] == [action.pk]
    assert report.rows[0].progress == 100


def test_series_follows_the_history() -> None:
    source = f.source(day=date(2017, 1, 10))
    item = f.recommendation(source)
    f.record(item, "implemented", date(2017, 3, 5))
    series = progress_report(source, as_at=date(2017, 4, 15), public=True).series
    assert [(p.as_at, p.implemented) for p in series] == [
        (date(2017, 1, 31), 0),
        (date(2017, 2, 28), 0),
        (date(2017, 3, 31), 1),
        (date(2017, 4, 15), 1),
    ]


V2 = """code,label,definition,counts_as_implemented,is_open,progress_percent,reports_progress,owners_may_set,is_initial,tone,replaces
not_started,Not started,Nothing yet.,no,yes,0,no,yes,yes,grey,not_started
in_progress,In progress,Under way.,no,yes,50,yes,yes,no,blue,in_progress
reported_done,Reported done,The owner says it is done; not counted until checked.,no,yes,90,no,yes,no,blue,implemented
implemented_verified,Implemented and verified,Checked and done.,yes,no,100,no,no,no,green,implemented_verified
"""  # noqa: E501


def test_a_later_version_of_the_definitions_is_named_in_the_figure() -> None:
    from endeavour.recommendations.services.vocabulary import (
        status_carry_over,
        status_vocabulary_load,
    )

    source = f.source(day=date(2017, 1, 10))
    item = f.recommendation(source)
    f.record(item, "implemented", date(2017, 3, 5))
    today = timezone.localdate()
    vocabulary = status_vocabulary_load(text=V2, version=2, title="Version 2", effective_from=today)
    # Before carry-over, the status recorded under version 1 still counts, as version 1 said.
    figure = load_history(Recommendation.objects.filter(pk=item.pk)).figure(today)
    assert figure.vocabulary is not None and figure.vocabulary.version == 2
    assert figure.implemented == 1
    assert any(not row.in_force and row.count == 1 for row in figure.by_status)
    assert "(version 1)" in figure.implemented_labels
    # Carried over explicitly: a dated entry under version 2, which does not count it yet.
    assert status_carry_over(vocabulary=vocabulary, by=f.officer()) == 1
    carried = item.status_changes.order_by("-id").first()
    assert carried is not None and carried.kind == "carry_over"
    assert carried.status.code == "reported_done" and "version 1" in carried.note
    after = load_history(Recommendation.objects.filter(pk=item.pk))
    assert after.figure(today).implemented == 0
    assert after.figure(today - timedelta(days=1)).implemented == 1  # the past is unchanged
    # From today, status changes use version 2's statuses.
    with pytest.raises(ValidationError):
        f.record(item, "implemented", today)
    f.record(item, "implemented_verified", today)


def test_a_new_version_cannot_take_effect_in_the_past() -> None:
    from endeavour.recommendations.services.vocabulary import status_vocabulary_load

    with pytest.raises(ValidationError, match="in the past"):
        status_vocabulary_load(
            text=V2, version=2, title="v2", effective_from=timezone.localdate() - timedelta(1)
        )
