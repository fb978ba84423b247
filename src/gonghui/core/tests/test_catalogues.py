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


def _run(*args: str) -> None:
    subprocess.run(args, check=True, capture_output=True)  # noqa: S603


def _untranslated_keys(po: Path, work: Path) -> list[object]:
    """The phrases ``po`` leaves untranslated (empty or fuzzy), as gettext's catalogue keys."""
    keys: list[object] = []
    work.mkdir()
    for i, select in enumerate((["--untranslated"], ["--only-fuzzy", "--clear-fuzzy", "--empty"])):
        part, filled, mo = (work / f"{i}.{ext}" for ext in ("po", "filled.po", "mo"))
        _run("msgattrib", *select, "-o", str(part), str(po))
        if not part.exists():  # nothing selected
            continue
        _run("msgen", "-o", str(filled), str(part))  # a msgstr equal to its msgid, so msgfmt keeps it
        _run("msgfmt", "-o", str(mo), str(filled))
        with mo.open("rb") as f:
            keys += [k for k in gettext.GNUTranslations(f)._catalog if k]  # type: ignore[attr-defined]
    return keys


@needs_msgfmt
def test_every_phrase_in_the_code_has_its_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """makemessages over a copy of the code: a phrase no catalogue translates shows in English.

    A catalogue's own completeness (above) cannot see a phrase that was never added to it. A
    phrase Django's own catalogue translates ("This field is required.") counts as translated.
    """
    from django.core.management import call_command
    from django.utils import translation

    copy = tmp_path / "gonghui"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("tests", "__pycache__", "*.mo", "migrations"))
    apps = sorted(p.parents[2].name for p in copy.glob("*/locale/zh_Hans/LC_MESSAGES/django.po"))
    monkeypatch.chdir(copy)
    common = {"locale": ["zh_Hans"], "no_obsolete": True, "verbosity": 0}
    call_command("makemessages", ignore_patterns=[f"{a}/*" for a in apps], **common)
    for app in apps:
        monkeypatch.chdir(copy / app)
        call_command("makemessages", **common)
    missing = []
    with translation.override("zh-hans"):
        for n, po in enumerate(sorted(copy.glob("**/locale/zh_Hans/LC_MESSAGES/django.po"))):
            for key in _untranslated_keys(po, tmp_path / f"po{n}"):
                if isinstance(key, tuple):  # a plural form: (msgid, n)
                    continue
                context, _sep, msgid = str(key).rpartition("\x04")
                shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                if shown == msgid:
                    missing.append(f"{po.relative_to(copy).parts[0]}: {key!r}")
    assert not missing, "phrases shown in English: " + "; ".join(missing)
