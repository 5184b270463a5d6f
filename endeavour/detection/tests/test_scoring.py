"""The classifier's run-time contract, against the shipped artefacts: shape, order, determinism,
calibration, thresholds and explanations. Nothing here depends on how good the model is."""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from django.core.exceptions import ValidationError

from endeavour.core.models import Role
from endeavour.detection.classifier import explain, model, preprocess
from endeavour.detection.classifier.model import (
    CATEGORIES,
    ClassifierUnavailable,
    ModelConfig,
    calibrate,
    classifier,
)
from endeavour.detection.classifier.scoring import NONE, TextScore, decide, score_texts
from endeavour.detection.classifier.thresholds import (
    classifier_threshold_set,
    current_thresholds,
    thresholds_in_force,
)
from endeavour.detection.models import ClassifierThreshold

TEXTS = [
    "I know where you live and I will come for you and your family tomorrow night.",
    "Lovely weather in Camden today, the market was busy.",
    "Long live the Islamic State, join the fighters of the caliphate.",
    "They are vermin, not people, and should be exterminated.",
    "The council condemned the attack and said the group was banned in 2016.",
]


@pytest.fixture
def fresh_model() -> Iterator[None]:
    """Tests that change the artefacts setting start and end with nothing loaded."""
    model.reset()
    yield
    model.reset()


def forced(result: TextScore) -> dict[str, float]:
    """Thresholds that flag every category of ``result`` it scored anything for."""
    return {c: max(0.01, math.floor(p * 100) / 100) for c, p in result.scores.items() if c != NONE}


def test_the_shipped_model_loads_with_the_contracted_inputs_and_categories() -> None:
    loaded = classifier()
    assert sorted(loaded.categories) == sorted(CATEGORIES)
    assert loaded.version and loaded.version == loaded.config.version
    inputs = {i.name: i.type for i in loaded.session.get_inputs()}
    assert inputs["input_ids"] == inputs["attention_mask"] == "tensor(int64)"
    assert [o.name for o in loaded.session.get_outputs()] == ["logits"]
    assert classifier() is loaded  # one per process


def test_predict_gives_calibrated_probabilities_in_order_whatever_the_batch() -> None:
    loaded = classifier()
    texts = [preprocess.prepare(t).text for t in TEXTS] * 20  # several batches, mixed lengths
    together = loaded.predict(texts)
    assert together.shape == (len(texts), 3)
    assert together.dtype == np.float64
    assert np.all((together >= 0) & (together <= 1))
    alone = np.vstack([loaded.predict([t]) for t in texts[:5]])
    np.testing.assert_allclose(together[:5], alone, atol=1e-6)
    reversed_order = loaded.predict(list(reversed(texts)))
    np.testing.assert_allclose(together, reversed_order[::-1], atol=1e-6)
    assert np.array_equal(together, loaded.predict(texts))  # deterministic
    assert loaded.predict([]).shape == (0, 3)


def test_calibration_is_sigmoid_of_logit_over_temperature_plus_bias() -> None:
    config = ModelConfig(
        version="t",
        categories=CATEGORIES,
        max_length=16,
        temperature={"threat": 2.0, "terrorism_support": 1.0, "dehumanising_hate": 0.5},
        bias={"threat": 0.0, "terrorism_support": -1.0, "dehumanising_hate": 0.25},
        thresholds=dict.fromkeys(CATEGORIES, 0.5),
    )
    logits = np.array([[2.0, 1.0, -1.0], [-800.0, 800.0, 0.0]], dtype=np.float32)
    expected = [
        [1 / (1 + math.exp(-1.0)), 0.5, 1 / (1 + math.exp(1.75))],
        [0.0, 1.0, 1 / (1 + math.exp(-0.25))],
    ]
    np.testing.assert_allclose(calibrate(logits, config), expected, atol=1e-12)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"categories": ["threat", "hate"]}, "'categories' must list"),
        ({"max_length": "long"}, "'max_length'"),
        ({"temperature": {"threat": 1}}, "'temperature' must give a number"),
        ({"temperature": dict.fromkeys(CATEGORIES, 0)}, "above 0"),
        ({"thresholds": dict.fromkeys(CATEGORIES, 1.5)}, "at most 1"),
        ({"bias": dict.fromkeys(CATEGORIES, "x")}, "must be a number"),
    ],
)
def test_a_config_that_breaks_the_contract_is_refused_by_name(
    change: dict[str, Any], message: str
) -> None:
    raw = json.loads((model.artefacts_dir() / "config.json").read_text())
    with pytest.raises(ClassifierUnavailable, match=message):
        ModelConfig.from_raw({**raw, **change})


def test_missing_artefacts_give_a_clear_error(
    settings: Any, tmp_path: Path, fresh_model: None
) -> None:
    shutil.copy(model.artefacts_dir() / "config.json", tmp_path / "config.json")
    settings.CLASSIFIER_ARTEFACTS_DIR = tmp_path
    with pytest.raises(ClassifierUnavailable) as raised:
        classifier()
    assert str(tmp_path) in str(raised.value)
    assert "model.onnx, tokenizer.json" in str(raised.value)
    (tmp_path / "model.onnx").write_bytes(b"not a model")
    (tmp_path / "tokenizer.json").write_text("{}")
    with pytest.raises(ClassifierUnavailable, match="not a usable"):
        classifier()


def test_the_threads_setting_is_used(settings: Any, fresh_model: None) -> None:
    settings.CLASSIFIER_THREADS = 1
    assert classifier().threads == 1
    assert classifier().session.get_session_options().intra_op_num_threads == 1
    settings.CLASSIFIER_THREADS = 2
    assert classifier().threads == 2  # two runs side by side, one thread each
    assert classifier().session.get_session_options().intra_op_num_threads == 1


def test_a_texts_scores_do_not_depend_on_the_texts_scored_with_it() -> None:
    """The int8 model quantises activations per run: texts are run one by one, unpadded."""
    loaded = classifier()
    texts = [f"{'word ' * (i % 23)}a text number {i}" for i in range(40)]
    together = loaded.predict(texts)
    alone = np.vstack([loaded.predict([text]) for text in texts])
    assert np.array_equal(together, alone)
    assert np.array_equal(loaded.predict(texts[::-1])[::-1], together)


def test_decide_reports_the_most_probable_flagged_category() -> None:
    thresholds = {"threat": 0.4, "terrorism_support": 0.9, "dehumanising_hate": 0.5}
    probabilities = {"threat": 0.45, "terrorism_support": 0.85, "dehumanising_hate": 0.6}
    assert decide(probabilities, thresholds) == (
        True,
        "dehumanising_hate",
        0.6,
        ("dehumanising_hate", "threat"),
    )
    assert decide({"threat": 0.1, "terrorism_support": 0.3, "dehumanising_hate": 0.2}, thresholds)[
        :3
    ] == (False, NONE, 0.3)
    assert decide({"threat": 0.4, "terrorism_support": 0, "dehumanising_hate": 0}, thresholds)[0]


@pytest.mark.django_db
def test_score_texts_keeps_order_and_the_contract_for_every_text() -> None:
    texts = [*TEXTS, "", "   \n\t ", "x" * 50_000]
    results = score_texts(texts)
    assert len(results) == len(texts)
    for result in results:
        assert set(result.scores) == {*CATEGORIES, NONE}
        assert all(0.0 <= p <= 1.0 for p in result.scores.values())
        harmful = max(result.scores[c] for c in CATEGORIES)
        assert result.scores[NONE] == pytest.approx(1 - harmful, abs=1e-6)
        assert result.thresholds == current_thresholds(classifier().config)
        assert result.flag == bool(result.flagged)
        if result.flag:
            assert result.category == result.flagged[0]
            assert result.score == result.scores[result.category]
        else:
            assert (result.category, result.score) == (NONE, harmful)
        assert result.model_version == classifier().version
        assert result.as_output() == {
            "flag": result.flag,
            "category": result.category,
            "score": result.score,
            "scores": result.scores,
        }
        assert not result.phrases and not result.lexicon  # only with explain=True
    for empty in results[5:7]:
        assert (empty.flag, empty.category, empty.score) == (False, NONE, 0.0)
        assert empty.scores == {**dict.fromkeys(CATEGORIES, 0.0), NONE: 1.0}
    assert results[7].truncated and results[7].too_long
    assert not results[0].truncated and not results[0].too_long
    again = score_texts(texts)
    assert [r.as_dict() for r in again] == [r.as_dict() for r in results]


@pytest.mark.django_db
@pytest.mark.django_db
def test_text_beyond_the_models_token_limit_is_marked_truncated_but_not_too_long() -> None:
    max_length = classifier().config.max_length
    assert 4 * (max_length + 10) < preprocess.MAX_CHARS, "the test text must fit in MAX_CHARS"
    [long, short] = score_texts(["the " * (max_length + 10), "the " * (max_length // 4)])
    assert (long.truncated, long.too_long) == (True, False)
    assert (short.truncated, short.too_long) == (False, False)


@pytest.mark.django_db
def test_thresholds_decide_the_flag_and_come_from_the_administrator_first() -> None:
    [result] = score_texts([TEXTS[0]])
    never = score_texts([TEXTS[0]], thresholds=dict.fromkeys(CATEGORIES, 1.0))[0]
    assert never.flag == any(result.scores[c] >= 1.0 for c in CATEGORIES)
    flagged = score_texts([TEXTS[0]], thresholds=forced(result))[0]
    assert flagged.flag and set(flagged.flagged) == {
        c for c in CATEGORIES if result.scores[c] >= forced(result)[c]
    }

    config = classifier().config
    assert current_thresholds(config) == config.thresholds
    admin = _admin()
    classifier_threshold_set(category="threat", threshold=0.2, by=admin, reason="Pilot, week 1")
    classifier_threshold_set(category="threat", threshold=0.3, by=admin, reason="Pilot, week 2")
    assert current_thresholds(config)["threat"] == 0.3  # the newest wins
    assert current_thresholds(config)["terrorism_support"] == config.thresholds["terrorism_support"]
    rows = thresholds_in_force(config)
    assert [r.category for r in rows] == list(config.categories)
    threat = next(r for r in rows if r.category == "threat")
    assert (threat.reason, threat.is_default, threat.default) == (
        "Pilot, week 2",
        False,
        config.thresholds["threat"],
    )
    assert ClassifierThreshold.objects.count() == 2  # history kept
    assert score_texts([TEXTS[0]])[0].thresholds["threat"] == 0.3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"category": "spam"}, "category"),
        ({"threshold": 0.0}, "threshold"),
        ({"threshold": 1.01}, "threshold"),
        ({"reason": "   "}, "reason"),
    ],
)
def test_a_threshold_needs_a_category_a_value_in_range_and_a_reason(
    kwargs: dict[str, Any], field: str
) -> None:
    values: dict[str, Any] = {"category": "threat", "threshold": 0.5, "reason": "Because"}
    with pytest.raises(ValidationError) as raised:
        classifier_threshold_set(**{**values, **kwargs}, by=_admin())
    assert field in raised.value.message_dict
    assert not ClassifierThreshold.objects.exists()


@pytest.mark.django_db
def test_setting_a_threshold_is_audited() -> None:
    from endeavour.audit.models import AuditEvent

    setting = classifier_threshold_set(
        category="dehumanising_hate", threshold=0.75, by=_admin(), reason="Fewer false flags"
    )
    event = AuditEvent.objects.get(object_type="detection.classifierthreshold")
    assert event.object_id == str(setting.pk)
    assert event.after is not None and event.after["reason"] == "Fewer false flags"


@pytest.mark.django_db
def test_explanations_name_phrases_of_the_text_that_lower_the_score_when_removed() -> None:
    plain = score_texts(TEXTS)
    thresholds = {c: min(forced(r)[c] for r in plain) for c in CATEGORIES}
    results = score_texts(TEXTS, explain=True, thresholds=thresholds)
    assert any(r.flag for r in results)
    loaded = classifier()
    for text, result in zip(TEXTS, results, strict=True):
        if not result.flag:
            assert result.phrases == () and result.explanations == {}
            continue
        prepared = preprocess.prepare(text).text
        assert set(result.explanations) == set(result.flagged)
        assert result.phrases == result.explanations[result.category]
        assert len(result.phrases) <= explain.TOP
        effects = [p.effect for p in result.phrases]
        assert effects == sorted(effects, reverse=True)
        index = loaded.categories.index(result.category)
        for phrase in result.phrases:
            assert prepared[phrase.start : phrase.end] == phrase.text
            assert phrase.effect >= explain.MIN_EFFECT
            without = explain.without(prepared, phrase.start, phrase.end)
            lowered = float(loaded.predict([without])[0, index])
            assert result.scores[result.category] - lowered == pytest.approx(
                phrase.effect, abs=1e-4
            )
    assert all(r.lexicon_version for r in results)
    assert [h.context for h in results[2].lexicon] == ["praise"]
    assert [h.context for h in results[4].lexicon] == []


def test_windows_cover_only_what_the_model_reads_and_stay_few() -> None:
    text = " ".join(f"w{i}" for i in range(1000))
    spans = explain.windows(text, read_chars=len(text))
    assert len(spans) <= explain.MAX_WINDOWS
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert explain.windows(text, read_chars=20)[-1][0] < 20
    assert explain.windows("", 100) == []
    assert explain.without("a b c d", 2, 3) == "a c d"


def _admin() -> Any:
    from conftest import make_staff

    return make_staff(Role.ADMINISTRATOR)
