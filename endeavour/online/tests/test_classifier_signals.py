"""The casework uses the text classifier and the lexicon: intake and capture queue scoring, flags
and praise raise explained signals, reviewers see why, administrators set thresholds, and
analysts' decisions become training labels."""

from __future__ import annotations

import io
import json
import math
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import make_staff, sign_in
from endeavour.audit.models import AuditEvent
from endeavour.core.models import Role
from endeavour.detection.classifier import model
from endeavour.detection.classifier.model import CATEGORIES, classifier
from endeavour.detection.classifier.scoring import score_texts
from endeavour.detection.classifier.thresholds import classifier_threshold_set
from endeavour.detection.models import ClassifierThreshold
from endeavour.online.models import (
    Case,
    Item,
    Signal,
    SignalKind,
    TextClassification,
    ThreatLevel,
    Tier,
)
from endeavour.online.services import review
from endeavour.online.services.capture import item_capture
from endeavour.online.services.classifier_signals import item_classify
from endeavour.online.services.imports import items_import, parse_import
from endeavour.online.tests.builders import first_decision, platform_with_domain
from endeavour.online.tests.factories import submit
from tests.localsite import LocalSite

pytestmark = pytest.mark.django_db

PRAISE = "Long live the Islamic State! Join the fighters, brothers, the day is coming."
COUNTER = (
    "We condemn the Islamic State. The group was banned in 2014 and its supporters were "
    "arrested, according to police."
)
THREAT = "I know where you live. I will come for you and your family tomorrow night."
NOT_A_DECISION = "A score is a reason to look, not a decision."


@pytest.fixture(autouse=True)
def _score_in_the_request(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tasks run inline here; captures are tested on their own, not fetched from the network."""
    settings.CLASSIFIER_SCORE_IN_REQUEST = True
    monkeypatch.setattr("endeavour.online.tasks.queue_captures", lambda ids: None)


def flag_everything_scored(text: str) -> str:
    """Set each category's threshold just under ``text``'s score, so the test does not depend
    on the model's judgement; return the category that will be reported."""
    admin = make_staff(Role.ADMINISTRATOR)
    [result] = score_texts([text])
    top = max(CATEGORIES, key=lambda c: (result.scores[c], c))
    assert result.scores[top] >= 0.01, "the model gives this text no harmful score at all"
    for category in CATEGORIES:
        threshold = max(0.01, math.floor(result.scores[category] * 100) / 100)
        classifier_threshold_set(
            category=category, threshold=threshold, by=admin, reason="Test: flag what scores"
        )
    return top


def flag_nothing() -> None:
    admin = make_staff(Role.ADMINISTRATOR)
    for category in CATEGORIES:
        classifier_threshold_set(category=category, threshold=1.0, by=admin, reason="Test: off")


def submitted(capture: Callable[..., Any], url: str, text: str, **kwargs: Any) -> Case:
    with capture(execute=True):
        result = submit(url=url, submitted_text=text, **kwargs)
    return Case.objects.get(pk=result.case.pk)


def test_intake_raises_explained_classifier_and_lexicon_signals_through_the_task(
    django_capture_on_commit_callbacks: Any,
) -> None:
    top = flag_everything_scored(PRAISE)
    case = submitted(django_capture_on_commit_callbacks, "https://pastepost.example/p/1", PRAISE)

    scored = list(case.signals.filter(kind=SignalKind.CLASSIFIER))
    assert scored, "a category at or above its threshold raises a classifier signal"
    signal = next(s for s in scored if s.provenance["category"] == top)
    p = signal.provenance
    assert p["about"] == "submitted text"
    assert p["model_version"] == classifier().version
    assert set(p["scores"]) == {*CATEGORIES, "none"}
    assert signal.confidence == pytest.approx(p["scores"][top], abs=1e-4)
    assert p["probability"] >= p["threshold"] == p["thresholds"][top]
    assert isinstance(p["phrases"], list) and len(p["phrases"]) <= 3
    assert p["truncated"] is False
    assert {h["context"] for h in p["lexicon"]} == {"praise"}
    assert signal.summary.startswith(
        {"threat": "Threat", "terrorism_support": "Support", "dehumanising_hate": "Dehumanising"}[
            top
        ]
    )
    assert f"threshold {p['threshold']:.0%}" in signal.summary

    [praise] = case.signals.filter(kind=SignalKind.LEXICON)
    assert praise.provenance["entry"] == "Islamic State of Iraq and the Levant"
    assert praise.provenance["context"] == "praise"
    assert praise.provenance["source"] == "UK proscription list as at 5 July 2025"
    assert praise.provenance["hits"][0]["cue"] == "long live"
    assert praise.confidence == 0.6
    assert "Praise or support for Islamic State of Iraq and the Levant" in praise.summary

    assert case.confidence == max(case.signals.values_list("confidence", flat=True))


def test_counter_speech_mentions_raise_no_lexicon_signal(
    django_capture_on_commit_callbacks: Any,
) -> None:
    flag_nothing()
    case = submitted(django_capture_on_commit_callbacks, "https://news.example/story", COUNTER)
    assert not case.signals.filter(kind__in=[SignalKind.CLASSIFIER, SignalKind.LEXICON]).exists()


def test_scoring_again_raises_nothing_twice(django_capture_on_commit_callbacks: Any) -> None:
    flag_everything_scored(PRAISE)
    case = submitted(django_capture_on_commit_callbacks, "https://pastepost.example/p/2", PRAISE)
    before = case.signals.count()
    assert before > 1
    assert item_classify(case.item) == []
    with django_capture_on_commit_callbacks(execute=True):
        submit(url="https://pastepost.example/p/2", submitted_text=PRAISE, source="public_report")
    kinds = [SignalKind.CLASSIFIER, SignalKind.LEXICON]
    assert case.signals.filter(kind__in=kinds).count() == before - 1  # minus the analyst's own


def test_without_a_broker_a_web_request_leaves_scoring_to_the_capture(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CLASSIFIER_SCORE_IN_REQUEST = False
    case = submitted(django_capture_on_commit_callbacks, "https://pastepost.example/p/3", PRAISE)
    assert not case.signals.filter(kind=SignalKind.LEXICON).exists()
    settings.CELERY_TASK_ALWAYS_EAGER = False  # with a broker, intake queues it at once
    sent: list[Any] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("endeavour.detection.tasks.score_items.delay", sent.append)
        with django_capture_on_commit_callbacks(execute=True):
            result = submit(url="https://pastepost.example/p/4", submitted_text=PRAISE)
    assert sent == [[result.item.pk]]


def test_a_capture_with_text_is_scored_with_the_submitted_text(
    settings: Any, local_site: LocalSite, django_capture_on_commit_callbacks: Any
) -> None:
    settings.ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = True
    settings.CLASSIFIER_SCORE_IN_REQUEST = False  # as the embedded install: scored after capture
    flag_nothing()
    url = local_site.set("/post/1", body=f"<html><body><p>{PRAISE}</p></body></html>".encode())
    case = submitted(django_capture_on_commit_callbacks, url, "")
    with django_capture_on_commit_callbacks(execute=True):
        item_capture(case.item)
    [praise] = case.signals.filter(kind=SignalKind.LEXICON)
    assert praise.provenance["about"] == "captured page text"


def test_a_bulk_import_queues_scoring_of_its_new_items_in_one_go(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    flag_nothing()
    rows = ["url,text"] + [f'https://forum.example/t/{i},"{PRAISE}"' for i in range(3)]
    rows.append("https://forum.example/no-text,")
    plan = parse_import(("\n".join(rows) + "\n").encode(), "items.csv")
    assert plan.is_valid
    from endeavour.detection import tasks

    calls: list[list[int]] = []
    original = tasks.score_items.delay

    def recording(ids: list[int]) -> Any:
        calls.append(list(ids))
        return original(ids)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks.score_items, "delay", recording)
        with django_capture_on_commit_callbacks(execute=True):
            summary = items_import(plan.rows)
    with_text = set(Item.objects.exclude(submitted_text="").values_list("pk", flat=True))
    assert len(calls) == 1 and set(calls[0]) == with_text and len(with_text) == 3
    assert summary.new == 4
    assert Signal.objects.filter(kind=SignalKind.LEXICON).count() == 3


def test_without_the_models_files_intake_goes_on_and_nothing_is_scored(
    settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CLASSIFIER_ARTEFACTS_DIR = tmp_path
    model.reset()
    try:
        case = submitted(django_capture_on_commit_callbacks, "https://pastepost.example/x", PRAISE)
    finally:
        model.reset()
    assert list(case.signals.values_list("kind", flat=True)) == [SignalKind.ANALYST]


# The case page ---------------------------------------------------------------------------------


def test_the_case_page_shows_scores_thresholds_phrases_and_that_a_score_is_not_a_decision(
    django_capture_on_commit_callbacks: Any,
) -> None:
    flag_everything_scored(PRAISE)
    case = submitted(django_capture_on_commit_callbacks, "https://pastepost.example/p/9", PRAISE)
    signal = case.signals.filter(kind=SignalKind.CLASSIFIER).first()
    assert signal is not None
    [kept] = TextClassification.objects.filter(item=case.item)
    assert kept.flagged and kept.about == "submitted text"
    assert set(kept.scores) == {*CATEGORIES, "none"}
    page = sign_in(Client(), make_staff(Role.ANALYST)).get(case.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert NOT_A_DECISION in html
    assert "Text classifier and lexicon" in html and "Scoring is unavailable" not in html
    assert "<strong>Flagged:</strong>" in html
    assert "Probability for each category, with the threshold in force when it was scored" in html
    assert "<meter" in html and "At or above" in html
    assert f"Model {signal.provenance['model_version']}" in html
    for phrase in signal.provenance["phrases"]:
        assert f"<mark>{phrase['text']}</mark>" in html
    assert "Praise or support for Islamic State of Iraq and the Levant" in html
    assert "<strong>praise or support</strong> (the cue &ldquo;long live&rdquo;)" in html


def test_a_text_that_is_not_flagged_still_shows_its_scores_and_lexicon_context(
    django_capture_on_commit_callbacks: Any,
) -> None:
    flag_nothing()
    case = submitted(django_capture_on_commit_callbacks, "https://news.example/s/1", COUNTER)
    [kept] = TextClassification.objects.filter(item=case.item)
    assert kept.flagged == [] and kept.thresholds == dict.fromkeys(CATEGORIES, 1.0)
    html = sign_in(Client(), make_staff(Role.ANALYST)).get(case.get_absolute_url()).content
    page = html.decode()
    assert "<strong>Not flagged:</strong> no category reached its threshold." in page
    assert "At or above" not in page and page.count(">Below<") == len(CATEGORIES)
    assert "condemnation, quotation or reporting (the cue &ldquo;condemn&rdquo;)" in page
    assert not case.signals.filter(kind__in=[SignalKind.CLASSIFIER, SignalKind.LEXICON]).exists()


def test_a_case_without_text_says_there_is_nothing_to_score() -> None:
    case = submit(url="https://pastepost.example/quiet").case
    html = sign_in(Client(), make_staff(Role.ANALYST)).get(case.get_absolute_url()).content
    assert b"No text to score" in html
    assert b"<strong>Flagged:</strong>" not in html


def test_without_the_models_files_the_case_page_says_scoring_is_unavailable(
    settings: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    settings.CLASSIFIER_ARTEFACTS_DIR = tmp_path
    model.reset()
    try:
        case = submitted(django_capture_on_commit_callbacks, "https://pastepost.example/y", PRAISE)
        page = sign_in(Client(), make_staff(Role.ANALYST)).get(case.get_absolute_url())
    finally:
        model.reset()
    assert page.status_code == 200
    html = page.content.decode()
    assert "Scoring is unavailable." in html and "Not scored: scoring is unavailable." in html
    assert str(tmp_path) not in html  # the cause is for administrators, on the thresholds page
    assert not TextClassification.objects.exists()


def test_retention_drops_the_words_scoring_kept_but_keeps_the_scores(
    django_capture_on_commit_callbacks: Any,
) -> None:
    from endeavour.core.retention import purge_expired
    from endeavour.online.models import CaseStatus

    flag_everything_scored(PRAISE)
    case = submitted(django_capture_on_commit_callbacks, "https://pastepost.example/r", PRAISE)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED_NO_ACTION, closed_at=timezone.now() - timedelta(days=800)
    )
    purge_expired()
    kept = TextClassification.objects.get(item=case.item)
    assert kept.scores and kept.flagged and kept.explanations == {} and kept.lexicon == []
    for signal in case.signals.filter(kind__in=[SignalKind.CLASSIFIER, SignalKind.LEXICON]):
        assert "\u201c" not in signal.summary  # no quotation of the text
        assert "long live" not in json.dumps(signal.provenance).lower()
        assert signal.provenance.get("category") or signal.provenance.get("entry")


# The thresholds page ---------------------------------------------------------------------------

PAGE = "online:classifier-thresholds"


def test_senior_analysts_see_thresholds_and_the_model_but_cannot_change_them() -> None:
    client = sign_in(Client(), make_staff(Role.SENIOR_ANALYST))
    page = client.get(reverse(PAGE))
    assert page.status_code == 200
    html = page.content.decode()
    assert classifier().version in html
    assert "Threat of violence" in html and NOT_A_DECISION.rstrip(".").lower() in html.lower()
    assert "Only administrators change thresholds." in html
    response = client.post(
        reverse(PAGE), {"category": "threat", "threshold": "50", "reason": "Mine"}
    )
    assert response.status_code == 403
    assert not ClassifierThreshold.objects.exists()
    assert sign_in(Client(), make_staff(Role.ANALYST)).get(reverse(PAGE)).status_code == 403


def test_an_administrator_sets_a_threshold_with_a_reason_and_it_is_kept_in_history() -> None:
    admin = make_staff(Role.ADMINISTRATOR)
    client = sign_in(Client(), admin)
    response = client.post(
        reverse(PAGE),
        {"category": "dehumanising_hate", "threshold": "72.5", "reason": "Evaluation of March"},
    )
    assert response.status_code == 302
    setting = ClassifierThreshold.objects.get()
    assert (setting.category, setting.threshold, setting.set_by) == (
        "dehumanising_hate",
        0.725,
        admin,
    )
    assert setting.model_version == classifier().version
    assert AuditEvent.objects.filter(object_type="detection.classifierthreshold").exists()
    html = client.get(reverse(PAGE)).content.decode()
    assert "72.5%" in html and "Evaluation of March" in html
    assert score_texts(["hello"])[0].thresholds["dehumanising_hate"] == 0.725


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"category": "threat", "threshold": "50", "reason": "  "}, "This field is required"),
        ({"category": "threat", "threshold": "0", "reason": "x"}, "greater than or equal to 1"),
        ({"category": "threat", "threshold": "150", "reason": "x"}, "less than or equal to 100"),
        ({"category": "threat", "threshold": "half", "reason": "x"}, "Enter a number"),
        ({"category": "spam", "threshold": "50", "reason": "x"}, "Select a valid choice"),
        ({}, "This field is required"),
    ],
)
def test_bad_threshold_posts_are_answered_with_the_problem_not_an_error(
    data: dict[str, str], message: str
) -> None:
    client = sign_in(Client(), make_staff(Role.ADMINISTRATOR))
    response = client.post(reverse(PAGE), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ClassifierThreshold.objects.exists()


def test_the_thresholds_page_says_so_when_the_model_is_missing(
    settings: Any, tmp_path: Path
) -> None:
    settings.CLASSIFIER_ARTEFACTS_DIR = tmp_path
    model.reset()
    try:
        page = sign_in(Client(), make_staff(Role.ADMINISTRATOR)).get(reverse(PAGE))
    finally:
        model.reset()
    assert page.status_code == 200
    assert "The classifier is not available" in page.content.decode()


def test_the_model_card_is_shown_when_it_ships_with_the_model(
    settings: Any, tmp_path: Path
) -> None:
    for name in ("model.onnx", "tokenizer.json", "config.json"):
        shutil.copy(model.artefacts_dir() / name, tmp_path / name)
    (tmp_path / "MODEL_CARD.md").write_text("# Model card\n\n| category | F1 |\n")
    settings.CLASSIFIER_ARTEFACTS_DIR = tmp_path
    model.reset()
    try:
        html = sign_in(Client(), make_staff(Role.SENIOR_ANALYST)).get(reverse(PAGE)).content
    finally:
        model.reset()
    assert b"Read the model card" in html and b"| category | F1 |" in html


# Training labels from analysts' decisions ------------------------------------------------------


def _decide(case: Case, kind: str, by: Any, tier: str, **kwargs: Any) -> None:
    decision = review.decision_record(
        case=case, kind=kind, by=by, reason="Test", tier=tier, ideology="", **kwargs
    )
    decision.effective_at = timezone.now()
    decision.save(update_fields=["effective_at"])
    review.decisions_apply_due()


def test_confirmed_decisions_export_as_labelled_text_without_personal_details(
    tmp_path: Path,
) -> None:
    platform_with_domain()
    analyst, senior = make_staff(Role.ANALYST), make_staff(Role.SENIOR_ANALYST)

    referred = submit(url="https://videoshare.example/watch/a", submitted_text="propaganda text")
    first_decision(referred.case, analyst)
    first_decision(Case.objects.get(pk=referred.case.pk), senior)
    protected = submit(url="https://videoshare.example/watch/b", submitted_text="a news report")
    _decide(protected.case, "no_action_protected", analyst, Tier.OUT_OF_SCOPE)
    out_of_scope = submit(url="https://videoshare.example/watch/c", submitted_text="rude words")
    _decide(out_of_scope.case, "no_action_out_of_scope", analyst, Tier.OUT_OF_SCOPE)
    threat = submit(url="https://videoshare.example/watch/d", submitted_text="a threat")
    _decide(
        threat.case,
        "escalate_police",
        analyst,
        Tier.TIER_1,
        threat_level=ThreatLevel.HIGH_SPECIFIC,
    )
    awaiting = submit(url="https://videoshare.example/watch/e", submitted_text="not final yet")
    first_decision(awaiting.case, analyst)
    submit(url="https://videoshare.example/watch/f", submitted_text="never decided")

    out = tmp_path / "labels.jsonl"
    call_command("export_training_labels", "--out", str(out), stdout=io.StringIO())
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    by_text = {row["text"]: row for row in rows}
    assert set(by_text) == {"propaganda text", "a news report", "a threat"}
    assert by_text["propaganda text"]["category"] == "terrorism_support"
    assert by_text["a news report"]["category"] == "none"
    assert by_text["a threat"]["category"] == "threat"
    for row in rows:
        assert list(row) == ["text", "category", "decided_at", "case"]
        assert row["case"].startswith("CASE-")
    assert "videoshare" not in out.read_text()
    assert AuditEvent.objects.filter(action="export", object_type="online.traininglabels").exists()

    later = tmp_path / "later.jsonl"
    tomorrow = (timezone.now() + timedelta(days=1)).date().isoformat()
    call_command(
        "export_training_labels",
        "--out",
        str(later),
        "--since",
        tomorrow,
        stdout=io.StringIO(),
    )
    assert later.read_text() == ""


def test_a_scoring_failure_is_logged_and_intake_goes_on(
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("the runtime fell over")

    monkeypatch.setattr("endeavour.online.services.classifier_signals.score_texts", broken)
    case = submitted(django_capture_on_commit_callbacks, "https://pastepost.example/z", PRAISE)
    assert list(case.signals.values_list("kind", flat=True)) == [SignalKind.ANALYST]
    assert "Text scoring failed for items" in caplog.text
