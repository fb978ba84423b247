"""Every demo role walks its menu in a real browser, on a desktop screen and on a phone.

Runs against a server of its own (see server.py); skipped with the reason where chromium or
playwright is absent. `.ci/run` installs both.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from gonghui.accounts.demo import DEMO_USERS
from gonghui.core.tests.browser.conftest import SHOTS
from gonghui.core.tests.browser.walk import DESKTOP, PHONE, Visit

ROLES = [username for username, *_ in DEMO_USERS]


@pytest.mark.parametrize("username", ROLES)
def test_every_page_in_a_roles_menu_opens_cleanly(visit: Callable[..., Visit], username: str) -> None:
    tab = visit(username)
    tab.open("/")
    links = tab.nav_links()
    assert links, f"{username} has an empty menu"
    for link in links:
        tab.open(link)
        tab.assert_clean()


@pytest.mark.parametrize("username", ["bureau_chair", "city_admin", "group_leader", "changan_chair"])
def test_a_roles_pages_fit_a_phone(visit: Callable[..., Visit], username: str) -> None:
    tab = visit(username, PHONE)
    tab.open("/")
    wide = []
    for link in ["/", *tab.nav_links()]:
        tab.open(link)
        if tab.overflow() > 1:
            wide.append(f"{link} (+{tab.overflow()} px)")
    tab.assert_clean()
    assert not wide, "wider than a 390 px phone: " + ", ".join(wide)


def test_the_phone_menu_unfolds_a_module_and_leads_somewhere(visit: Callable[..., Visit]) -> None:
    tab = visit("bureau_chair", PHONE)
    tab.open("/")
    tab.page.click("button[data-bs-target='#sidebar']")
    # On the home page every module is folded: unfold the first, then follow its first link.
    tab.page.locator("#sidebar .nav-module-toggle").first.click()
    first = tab.page.locator("#sidebar [data-nav-module] a[href]").first
    first.wait_for(state="visible")
    href = first.get_attribute("href")
    first.click()
    tab.page.wait_for_load_state()
    assert href and tab.page.url.endswith(href)
    tab.assert_clean()


@pytest.mark.skipif(not SHOTS, reason="set GONGHUI_SCREENSHOTS=<folder> to save the docs' pictures")
def test_pictures_for_the_docs(visit: Callable[..., Visit]) -> None:
    folder = Path(SHOTS or ".")
    folder.mkdir(parents=True, exist_ok=True)
    for username, path, viewport, name, whole in [
        ("bureau_chair", "/", DESKTOP, "home.png", False),
        ("city_admin", "/", DESKTOP, "federation-home.png", True),
        ("bureau_chair", "/members/", PHONE, "phone-roster.png", False),
    ]:
        tab = visit(username, viewport)
        tab.open(path)
        tab.page.screenshot(path=str(folder / name), full_page=whole)
