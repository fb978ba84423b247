"""The officer's main journeys in a real browser: what issue 18 found broken, walked as a user."""

from __future__ import annotations

from collections.abc import Callable

from gonghui.core.tests.browser.walk import DESKTOP, PHONE, Visit

GROUP = "第一水电站运行一值工会小组"


def test_a_group_leader_sees_the_members_of_the_group_on_a_phone(visit: Callable[..., Visit]) -> None:
    tab = visit("group_leader", PHONE)
    tab.open("/members/")
    cards = tab.page.locator(".record-card")
    assert cards.count() > 0, "the group leader's roster is empty"
    for text in cards.all_inner_texts():
        assert GROUP in text, text
    tab.assert_clean()


def test_the_roster_on_a_phone_is_cards_with_names_on_one_line(visit: Callable[..., Visit]) -> None:
    tab = visit("bureau_chair", PHONE)
    tab.open("/members/")
    assert not tab.page.locator("table").first.is_visible()
    title = tab.page.locator(".record-card a").first
    box = title.bounding_box()
    assert box is not None
    # One line of a two- or three-character name: wider than one character, one line high.
    assert box["width"] > 24 and box["height"] < 40, box
    assert tab.overflow() <= 1
    tab.assert_clean()


def test_a_page_is_found_by_typing_in_the_menu(visit: Callable[..., Visit]) -> None:
    tab = visit("bureau_chair", DESKTOP)
    tab.open("/")
    target = tab.page.locator("#sidebar [data-nav-module] a[href]").last
    label, href = target.inner_text().strip(), target.get_attribute("href")
    tab.page.fill("[data-nav-filter]", label)
    modules = tab.page.locator("#sidebar [data-nav-module] a[href]:visible")
    visible = [t.strip() for t in modules.all_inner_texts()]
    assert label in visible and all(label in t for t in visible), visible
    tab.page.press("[data-nav-filter]", "Enter")
    tab.page.wait_for_load_state()
    assert href and tab.page.url.endswith(href)
    tab.assert_clean()


def test_a_member_is_picked_by_typing_part_of_the_name(visit: Callable[..., Visit]) -> None:
    tab = visit("bureau_chair", DESKTOP)
    tab.open("/members/")
    name = tab.page.locator("table tbody tr td a").first.inner_text().strip()
    tab.open("/hardship-files/new/")
    box = tab.page.locator("[data-member-picker] [data-picker-input]").first
    box.fill(name)
    first = tab.page.locator("[data-picker-results] >> text=" + name).first
    first.wait_for(state="visible")
    first.click()
    chosen = tab.page.locator("[data-picker-chosen] input[type=checkbox]:checked")
    assert chosen.count() == 1
    assert name in tab.page.locator("[data-picker-chosen]").first.inner_text()
    tab.assert_clean()
