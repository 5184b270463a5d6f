"""Production settings refuse unsafe configuration and pass Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = "k" * 20 + "-production-secret-key-for-tests-only-0123456789"


def run_check(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full_env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": "sqlite:///:memory:",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_the_default_secret_key() -> None:
    result = run_check({})
    assert result.returncode != 0 and "SECRET_KEY" in result.stderr


def test_production_refuses_debug() -> None:
    result = run_check({"SECRET_KEY": GOOD_KEY, "DEBUG": "true"})
    assert result.returncode != 0 and "DEBUG must be off" in result.stderr


def test_production_passes_the_deployment_checks() -> None:
    result = run_check(
        {"SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "endeavour.example.org"},
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_bad_boolean_settings_are_named() -> None:
    result = run_check({"SECRET_KEY": GOOD_KEY, "DEBUG": "maybe"})
    assert result.returncode != 0 and "DEBUG must be true or false" in result.stderr
