"""The browser walk's fixtures: one demo server and one chromium for the whole walk."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from gonghui.core.tests.browser.server import CHROMIUM, demo_server, missing
from gonghui.core.tests.browser.walk import DESKTOP, Visit


@pytest.fixture(autouse=True)
def _unscoped_test_body() -> Iterator[None]:
    """The walk reads nothing from the suite's database: the server holds its own."""
    yield


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    why = missing()
    if why:
        pytest.skip(f"browser walk skipped: {why}")
    with demo_server() as base:
        yield base


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    # A module's browser: playwright's event loop must not outlive the walk into ORM tests.
    # Why here: playwright is needed by the walk alone, and missing() has checked it.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def visit(browser: Any, server: str) -> Iterator[Callable[..., Visit]]:
    """visit(username, viewport) → a logged-in tab; the tabs close after the test."""
    contexts: list[Any] = []

    def make(username: str | None = None, viewport: dict[str, int] = DESKTOP, lang: str = "zh-CN") -> Visit:
        context = browser.new_context(viewport=viewport, locale=lang, is_mobile=viewport["width"] < 500)
        contexts.append(context)
        tab = Visit(context.new_page(), server)
        if username:
            tab.login(username)
        return tab

    yield make
    for context in contexts:
        context.close()


SHOTS = os.environ.get("GONGHUI_SCREENSHOTS")  # a folder: the walk saves its pictures there
