"""The Chinese catalogues: complete, and one meaning per English phrase across the apps.

Django merges every app's catalogue into one; a phrase translated one way in one app and
another way in a second shows whichever catalogue wins in both places. Such phrases need a
translation context (pgettext) or a distinct msgid.
"""

from __future__ import annotations

import gettext
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

import gonghui

ROOT = Path(gonghui.__file__).parent
CATALOGUES = sorted(ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))
needs_msgfmt = pytest.mark.skipif(
    shutil.which("msgfmt") is None, reason="gettext's msgfmt is installed by `make setup`"
)


def _name(po: Path) -> str:
    return po.relative_to(ROOT).parents[3].name or "gonghui"


def _compiled(po: Path, tmp_path: Path) -> tuple[str, dict[object, str]]:
    mo = tmp_path / f"{_name(po).replace('/', '_')}.mo"
    done = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", str(mo), str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, f"{po}: {done.stderr}"
    with mo.open("rb") as f:
        return done.stderr, gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]


def test_every_app_with_translatable_text_has_a_catalogue() -> None:
    assert len(CATALOGUES) >= 10
    names = {_name(po) for po in CATALOGUES}
    for app in ("members", "assessment", "care", "finance", "committees"):
        assert app in names


@needs_msgfmt
@pytest.mark.parametrize("po", CATALOGUES, ids=_name)
def test_catalogue_is_complete(po: Path, tmp_path: Path) -> None:
    statistics, _catalog = _compiled(po, tmp_path)
    assert "fuzzy" not in statistics and "untranslated" not in statistics, f"{po}: {statistics}"


@needs_msgfmt
def test_a_phrase_means_the_same_in_every_catalogue(tmp_path: Path) -> None:
    seen: dict[object, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for po in CATALOGUES:
        _stats, catalog = _compiled(po, tmp_path)
        for key, text in catalog.items():
            if key:  # "" is the catalogue's header
                seen[key][text].append(_name(po))
    clashes = {str(key): dict(texts) for key, texts in seen.items() if len(texts) > 1}
    assert not clashes, f"translated differently in different catalogues: {clashes}"
