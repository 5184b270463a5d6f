"""The text classifier's thresholds (Administration): the threshold in force per category, its
history with reasons, and the model in use. Administrators change a threshold, with a reason;
senior analysts may look. Scores rank and explain; they never decide."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from endeavour.core.access import request_user, requires
from endeavour.core.forms import add_service_errors
from endeavour.detection.classifier.model import (
    ClassifierUnavailable,
    ModelConfig,
    model_card,
    model_config,
)
from endeavour.detection.classifier.thresholds import (
    ThresholdInForce,
    classifier_threshold_set,
    thresholds_in_force,
)
from endeavour.detection.models import ClassifierThreshold
from endeavour.online import permissions
from endeavour.online.forms.classifier import ThresholdForm

HISTORY_ROWS = 100
FIGURE_KEYS = ("headline", "metrics", "evaluation", "model_card", "card")
MAX_FIGURES = 30


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


def _figure(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}".rstrip("0").rstrip(".")
    return str(value)


def headline_figures(config: ModelConfig) -> list[Figure]:
    """What the model card says about the model, as short label-value pairs."""
    figures: list[Figure] = []
    for key, value in config.card.items():
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            figures.append(Figure(key.replace("_", " "), _figure(value)))
        elif isinstance(value, dict) and any(k in key.lower() for k in FIGURE_KEYS):
            for inner, figure in value.items():
                if isinstance(figure, str | int | float) and not isinstance(figure, bool):
                    figures.append(Figure(f"{key} {inner}".replace("_", " "), _figure(figure)))
                elif isinstance(figure, dict):
                    flat = ", ".join(
                        f"{k.replace('_', ' ')} {_figure(v)}"
                        for k, v in figure.items()
                        if isinstance(v, str | int | float) and not isinstance(v, bool)
                    )
                    if flat:
                        figures.append(Figure(f"{key} {inner}".replace("_", " "), flat))
    return figures[:MAX_FIGURES]


def _render(request: HttpRequest, form: ThresholdForm | None, status: int = 200) -> HttpResponse:
    user = request_user(request)
    config: ModelConfig | None
    problem = ""
    try:
        config = model_config()
    except ClassifierUnavailable as error:
        config, problem = None, str(error)
    in_force: list[ThresholdInForce] = thresholds_in_force(config) if config else []
    may_set = permissions.can_set_classifier_thresholds(user)
    if form is None and may_set:
        form = ThresholdForm()
    return render(
        request,
        "online/classifier/thresholds.html",
        {
            "config": config,
            "problem": problem,
            "in_force": in_force,
            "figures": headline_figures(config) if config else [],
            "card": model_card() if config else "",
            "history": ClassifierThreshold.objects.select_related("set_by")[:HISTORY_ROWS],
            "form": form if may_set else None,
        },
        status=status,
    )


@requires(permissions.can_view_classifier_thresholds)
@require_http_methods(["GET", "POST"])
def classifier_thresholds(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _render(request, None)
    user = request_user(request)
    if not permissions.can_set_classifier_thresholds(user):
        raise PermissionDenied("Only administrators change the classifier's thresholds.")
    form = ThresholdForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            version = model_config().version
        except ClassifierUnavailable:
            version = ""
        try:
            setting = classifier_threshold_set(
                category=data["category"],
                threshold=float(data["threshold"]) / 100,
                by=user,
                reason=data["reason"],
                model_version=version,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{setting.get_category_display()}: texts are flagged from "
                f"{setting.threshold:.1%} from now on. Items already scored keep their signals.",
            )
            return redirect("online:classifier-thresholds")
    return _render(request, form, status=400)


urlpatterns: list[URLPattern] = [
    path(
        "staff/online/classifier/thresholds/",
        classifier_thresholds,
        name="classifier-thresholds",
    ),
]
