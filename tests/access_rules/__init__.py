"""The access matrix, one file per area: each defines EXPECTED (URL name -> roles allowed),
optionally ANSWERS_NOT_FOUND, and url_kwargs(name, user, fixtures) for its URLs with parameters."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import Any

KwargsBuilder = Callable[[str, Any, dict[str, Any]], "dict[str, Any] | None"]


def collect() -> tuple[dict[str, set[str]], set[str], list[KwargsBuilder]]:
    expected: dict[str, set[str]] = {}
    not_found: set[str] = set()
    builders: list[KwargsBuilder] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name == "roles":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        overlap = set(expected) & set(module.EXPECTED)
        assert not overlap, f"{info.name} repeats {overlap}"
        expected.update(module.EXPECTED)
        not_found |= set(getattr(module, "ANSWERS_NOT_FOUND", set()))
        if hasattr(module, "url_kwargs"):
            builders.append(module.url_kwargs)
    return expected, not_found, builders
