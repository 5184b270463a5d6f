"""POST /api/v1/online/classify/: the command line's scoring, over the API, for case viewers."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from knox.models import AuthToken

from conftest import make_staff
from endeavour.core.models import Role
from endeavour.core.tests.factories import UserFactory
from endeavour.detection.classifier import model, preprocess
from endeavour.detection.classifier.model import CATEGORIES
from endeavour.online.api.classify import MAX_TEXT_CHARS

pytestmark = pytest.mark.django_db

URL = "/api/v1/online/classify/"
KEYS = ["id", "flag", "category", "score", "scores"]
TEXTS = [
    {"id": "a", "text": "Lovely weather at the market in Camden today."},
    {"id": 7, "text": "I will find you and kill you."},
    {"id": "c", "text": ""},
    {"id": "d", "text": "Long live the Islamic State!"},
]


def post(client: Client, body: Any) -> Any:
    return client.post(URL, json.dumps(body), content_type="application/json")


def test_the_url_is_where_the_partners_documentation_says() -> None:
    assert reverse("api-online-classify") == URL


def test_results_have_the_command_lines_shape_and_values_in_order(
    client_as: Any, tmp_path: Path
) -> None:
    response = post(client_as(Role.ANALYST), {"texts": TEXTS})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["results", "model_version", "thresholds", "warnings"]
    assert body["model_version"] == model.classifier().version
    assert set(body["thresholds"]) == set(CATEGORIES) and body["warnings"] == []
    assert [r["id"] for r in body["results"]] == ["a", 7, "c", "d"]
    for row in body["results"]:
        assert list(row) == KEYS
        assert set(row["scores"]) == {*CATEGORIES, "none"}
    assert body["results"][2]["flag"] is False and body["results"][2]["category"] == "none"

    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(t) + "\n" for t in TEXTS))
    out = tmp_path / "out.jsonl"
    call_command("score", "--in", str(source), "--out", str(out), stderr=io.StringIO())
    assert [json.loads(line) for line in out.read_text().splitlines()] == body["results"]


def test_ids_default_to_the_position_and_explain_adds_phrases_and_lexicon(
    client_as: Any,
) -> None:
    body = post(
        client_as(Role.AUDITOR),
        {"texts": [{"text": "hello"}, {"text": "Long live the Islamic State!"}], "explain": True},
    ).json()
    assert [r["id"] for r in body["results"]] == [0, 1]
    assert list(body["results"][1]) == [*KEYS, "phrases", "lexicon"]
    [hit] = body["results"][1]["lexicon"]
    assert (hit["entry"], hit["context"], hit["cue"]) == (
        "Islamic State of Iraq and the Levant",
        "praise",
        "long live",
    )


def test_enormous_text_is_truncated_with_a_warning(client_as: Any) -> None:
    huge = "word " * (MAX_TEXT_CHARS // 5)
    body = post(client_as(Role.ANALYST), {"texts": [{"id": "big", "text": huge}]}).json()
    assert len(body["results"]) == 1
    assert body["warnings"] == [
        f"Text 'big' is over {preprocess.MAX_CHARS:,} characters once normalised: truncated, "
        "and its beginning scored."
    ]


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({}, "texts", "required"),
        ({"texts": []}, "texts", "Send at least one text."),
        ({"texts": [{"text": "x"}] * 101}, "texts", "At most 100 texts per request"),
        ({"texts": "hello"}, "texts", "Must be a list"),
        ({"texts": ["hello"]}, "texts.0.non_field_errors", "Expected a dictionary"),
        ({"texts": [{"id": 1}]}, "texts.0.text", "required"),
        ({"texts": [{"text": 42}]}, "texts.0.text", "Must be a string, not int."),
        ({"texts": [{"text": None}]}, "texts.0.text", "may not be null"),
        ({"texts": [{"text": ["a"]}]}, "texts.0.text", "Must be a string, not list."),
        ({"texts": [{"text": "ok"}, {"text": "x" * (MAX_TEXT_CHARS + 1)}]}, "texts.1.text", ""),
        ({"texts": [{"id": True, "text": "x"}]}, "texts.0.id", "string or a whole number"),
        ({"texts": [{"id": 1.5, "text": "x"}]}, "texts.0.id", "string or a whole number"),
        ({"texts": [{"text": "x"}], "explain": "perhaps"}, "explain", ""),
        (["not", "an", "object"], "non_field_errors", "Send a JSON object"),
    ],
)
def test_bad_input_is_answered_400_with_the_field_and_the_problem(
    client_as: Any, body: Any, field: str, words: str
) -> None:
    response = post(client_as(Role.ANALYST), body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert field in error["fields"], error
    assert words in " ".join(error["fields"][field])


def test_a_body_that_is_not_json_is_refused_plainly(client_as: Any) -> None:
    client = client_as(Role.ANALYST)
    response = client.post(URL, b"\xff{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"
    form = client.post(URL, {"texts": "x"})
    assert form.status_code == 415


@pytest.mark.parametrize(
    "role", [Role.PROGRAMME_OFFICER, Role.BOROUGH_OFFICER, Role.ADMINISTRATOR, "partner"]
)
def test_people_who_cannot_view_cases_cannot_score(role: str) -> None:
    """A partner (an organisation's account with no role) submits items but does not score."""
    user = UserFactory(roles=[]) if role == "partner" else make_staff(role)
    assert user.organisation_id is not None or role != "partner"
    _, key = AuthToken.objects.create(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    response = post(client, {"texts": [{"text": "x"}]})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


def test_the_anonymous_are_refused_and_analysts_with_a_token_are_served() -> None:
    assert post(Client(), {"texts": [{"text": "x"}]}).status_code in (401, 403)
    _, key = AuthToken.objects.create(user=make_staff(Role.ANALYST))
    client = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert post(client, {"texts": [{"text": "x"}]}).status_code == 200


def test_without_the_models_files_the_answer_is_503_in_the_error_shape(
    client_as: Any, settings: Any, tmp_path: Path
) -> None:
    settings.CLASSIFIER_ARTEFACTS_DIR = tmp_path
    model.reset()
    try:
        response = post(client_as(Role.ANALYST), {"texts": [{"text": "x"}]})
    finally:
        model.reset()
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "classifier_unavailable" and str(tmp_path) not in error["message"]


def test_the_endpoint_is_in_the_openapi_schema() -> None:
    schema = (
        Client().get(reverse("api-schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    )
    operation = schema["paths"][URL]["post"]
    assert "requestBody" in operation and "200" in operation["responses"]
