"""Find a named submodule in every gonghui app, in INSTALLED_APPS order.

Apps plug their parts in by convention instead of editing a central list:
``<app>.demo`` (demo loader), ``<app>.metrics`` (metrics), ``<app>.tests.factories``
(record factories for the scoping tests), ``<app>.tests.scoping`` (the URL names and
API operations an app's own scoping tests cover).
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps
from django.urls import include, path


def gonghui_apps() -> list[str]:
    return [a.name for a in apps.get_app_configs() if a.name.startswith("gonghui.")]


def app_modules(submodule: str) -> list[ModuleType]:
    found = []
    for name in gonghui_apps():
        dotted = f"{name}.{submodule}"
        try:
            spec = importlib.util.find_spec(dotted)
        except ModuleNotFoundError:  # a missing parent package, e.g. no tests/
            spec = None
        if spec is not None:
            found.append(importlib.import_module(dotted))
    return found


def app_urlpatterns(mounted: set[str]) -> list:
    """``<app>/urls.py`` of each app not in ``mounted`` (labels), included at ``/<label>/``.

    An app with pages of its own beyond the generic record pages plugs them in here; its
    ``urls.py`` sets ``app_name`` (its URL namespace).
    """
    patterns = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui.") or config.label in mounted:
            continue
        if importlib.util.find_spec(f"{config.name}.urls") is not None:
            patterns.append(path(f"{config.label}/", include(f"{config.name}.urls")))
    return patterns
