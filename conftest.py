"""Fixtures shared by every app's tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, TransactionTestCase
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from endeavour.audit import db_guard
from endeavour.core.models import Role, User
from endeavour.core.tests.factories import UserFactory


@pytest.fixture(scope="session", autouse=True)
def _tests_may_empty_the_audit_log() -> Iterator[None]:
    """Between transactional tests Django empties every table; let it empty the audit log."""
    original = TransactionTestCase._fixture_teardown

    def teardown(self: TransactionTestCase) -> None:
        with db_guard.test_flush_allowed():
            original(self)

    TransactionTestCase._fixture_teardown = teardown  # type: ignore[method-assign]
    yield
    TransactionTestCase._fixture_teardown = original  # type: ignore[method-assign]


@pytest.fixture(scope="session", autouse=True)
def _static_root() -> None:
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture(autouse=True)
def _site_language() -> Iterator[None]:
    """Each test starts in the site's language: a request in Polish leaves its thread in Polish."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_files(tmp_path: Any, settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture(autouse=True)
def _fresh_match_indexes(tmp_path: Any, settings: Any) -> Iterator[None]:
    """Each test gets its own PDQ index folder and empty in-memory indexes: test databases roll
    back and reuse primary keys, which production never does."""
    from endeavour.detection import pdq_search
    from endeavour.detection.text_index import text_index

    settings.DETECTION_INDEX_DIR = tmp_path / "index"
    pdq_search.searcher().reset()
    text_index().reset()
    yield
    pdq_search.searcher().reset()
    text_index().reset()


def sign_in(client: Client, user: User) -> Client:
    """Sign ``user`` in, having passed two-factor sign-in if they have a device."""
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def make_staff(role: str, **kwargs: Any) -> User:
    user: User = UserFactory(roles=[role], **kwargs)
    if user.needs_two_factor:
        TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


@pytest.fixture
def staff_user(db: None) -> Callable[..., User]:
    return make_staff


@pytest.fixture
def client_as(db: None) -> Callable[..., Client]:
    def build(role: str, **kwargs: Any) -> Client:
        return sign_in(Client(), make_staff(role, **kwargs))

    return build


ALL_ROLES = list(Role.values)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium, driven by Playwright (never a downloaded browser)."""
    import os

    from playwright.sync_api import sync_playwright

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def browser_contexts(browser: Any) -> Iterator[Any]:
    """The browser, with every context a test opened closed when it ends (no stray requests
    reach the live server after the test's database is gone)."""
    yield browser
    for context in list(browser.contexts):
        context.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


from tests.localsite import local_site  # noqa: E402  (a fixture for every test directory)

__all__ = ["local_site"]


REFERENCE_DATA_MIGRATIONS = [
    ("endeavour.core.migrations.0002_london_local_authorities", "load"),
    ("endeavour.online.migrations.0002_reference_data", "load"),
    ("endeavour.online.migrations.0004_proscription_list", "load"),
]


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """Transactional tests empty every table between tests, reference data included: reload it
    with the same functions the data migrations run (each is safe to run again)."""
    import importlib

    from django.apps import apps

    from endeavour.core.models import Borough

    if Borough.objects.exists():
        return
    for module_name, function in REFERENCE_DATA_MIGRATIONS:
        getattr(importlib.import_module(module_name), function)(apps, None)
