"""Translations: every committed .mo file is what compilemessages makes from its .po file (so
nobody forgets to compile), and every string of ours has a Polish translation."""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = sorted((ROOT / "endeavour").glob("*/locale/*/LC_MESSAGES/django.po"))


def _messages(mo: Path) -> dict[object, object]:
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    return dict(catalog._catalog)  # type: ignore[attr-defined]


def test_our_apps_have_polish_catalogues() -> None:
    apps = {po.parts[-5] for po in CATALOGUES if po.parts[-3] == "pl"}
    assert {"core", "incidents"} <= apps


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_committed_mo_matches_compilemessages(po: Path, tmp_path: Path) -> None:
    """Compared as catalogues (message by message), not bytes: msgfmt versions differ."""
    if shutil.which("msgfmt") is None:
        pytest.fail("msgfmt is missing: install Debian's gettext package (scripts/test does).")
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{committed.relative_to(ROOT)} is missing: run compilemessages"
    copy = tmp_path / "locale" / po.parts[-3] / "LC_MESSAGES"
    copy.mkdir(parents=True)
    shutil.copy(po, copy / "django.po")
    # compilemessages compiles the catalogues it finds under the working directory.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        call_command("compilemessages", locale=[po.parts[-3]], verbosity=0)
    assert _messages(copy / "django.mo") == _messages(committed), (
        f"{committed.relative_to(ROOT)} is out of date: run compilemessages in its app folder"
    )


@pytest.mark.parametrize(
    "app", ["core", "incidents"], ids=lambda a: f"endeavour/{a}/locale/pl/LC_MESSAGES/django.po"
)
def test_every_string_is_translated_and_none_is_fuzzy(app: str) -> None:
    po = ROOT / "endeavour" / app / "locale" / "pl" / "LC_MESSAGES" / "django.po"
    text = po.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    translated = _messages(po.with_suffix(".mo"))
    ids = [line for line in text.splitlines() if line.startswith("msgid ")]
    # Every entry but the header has a non-empty translation in the compiled catalogue.
    assert len(translated) - 1 == len(ids) - 1 > 0
    assert all(value for key, value in translated.items() if key)
