"""Members on their phones, in a real browser at 390 px, against the demo server.

Join by the union's QR page → an officer approves → the new member signs in by code → the card's
QR verifies for anyone who scans it; a member applies for aid with a photo → the officer sees
the online application; a member answers the 会员评家 → the round's answers and rate move.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from typing import Any

from gonghui.core.tests.browser.walk import PHONE, Visit

# A 1×1 PNG: a photo of a document, as far as the content check can tell.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def id_number(first17: str) -> str:
    """A resident ID number with its check character (GB 11643)."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def sign_in(tab: Visit, mobile: str, next_path: str = "/m/") -> None:
    """Sign in by code; the demo's sender shows the code on the page."""
    tab.open(f"/m/sign-in/?next={next_path}")
    tab.page.fill("input[name=mobile]", mobile)
    tab.page.click("main form button[type=submit]")
    code = tab.page.inner_text("[data-testid=dev-code]")
    tab.page.fill("input[name=code]", code)
    tab.page.click("main form button[type=submit]")
    tab.page.wait_for_load_state()
    assert "/m/sign-in/" not in tab.page.url


def phone(visit: Callable[..., Visit]) -> Visit:
    return visit(None, PHONE)


def test_join_by_qr_then_approval_then_sign_in_and_the_card_verifies(
    visit: Callable[..., Visit], browser: Any
) -> None:
    applicant = phone(visit)
    sign_in(applicant, "13700009876", "/m/join/DEMO-BUREAU/")
    page = applicant.page
    assert "/m/join/DEMO-BUREAU/" in page.url
    page.click("main form button[type=submit]")  # empty: every error at once, nothing written
    assert page.locator(".invalid-feedback").count() >= 3
    applicant.forget_refusals()
    page.fill("input[name=name]", "赵骑手")
    page.fill("input[name=id_number]", id_number("11010119960315987"))
    page.fill("input[name=employer]", "同城即时配送平台")
    page.select_option("select[name=employment_type]", "flexible")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith("/m/join/mine/") and "待审核" in page.inner_text("main")
    assert applicant.overflow() <= 1
    applicant.assert_clean()

    officer = visit("bureau_chair", PHONE)
    officer.open("/members/join-applications/")
    assert officer.overflow() <= 1
    officer.page.click("main a:has-text('赵骑手')")
    officer.page.wait_for_url("**/join-applications/*/")
    assert "待审核" in officer.page.inner_text("main"), officer.page.inner_text("main")[:500]
    officer.page.click("form[action$='/approve/'] button")
    officer.page.wait_for_load_state()
    assert "已批准" in officer.page.inner_text("main")
    officer.assert_clean()

    applicant.open("/m/")
    assert "XX局工会" in page.inner_text("header") and "赵骑手" in page.inner_text("main")
    applicant.open("/m/card/")
    assert applicant.overflow() <= 1
    verify_url = page.get_attribute("[data-verify-url]", "data-verify-url")
    assert verify_url and "/m/card/verify/" in verify_url
    applicant.assert_clean()

    scanner = phone(visit)  # anyone, not signed in
    scanner.open(verify_url)
    text = scanner.page.inner_text("main")
    assert "有效" in text and "XX局工会" in text and "赵*手" in text and "赵骑手" not in text
    scanner.open(re.sub(r"/verify/.", "/verify/x", verify_url))  # a forged token
    assert "无效" in scanner.page.inner_text("main")
    scanner.assert_clean()


def test_a_member_applies_for_aid_with_a_photo_and_the_officer_sees_it(visit: Callable[..., Visit]) -> None:
    member = phone(visit)
    sign_in(member, "13800000002")
    member.open("/m/care/apply/hardship/")
    page = member.page
    page.fill("textarea[name=situation]", "爱人重病住院，家庭收入骤减，申请困难帮扶。")
    page.fill("input[name=amount_requested]", "3000")
    page.set_input_files(
        "input[name=photos]", {"name": "诊断证明.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "/m/care/aid/" in page.url and "已提交" in page.inner_text("main")
    assert member.overflow() <= 1
    member.assert_clean()

    officer = visit("bureau_chair")
    officer.open("/aid-cases/?submitted_online=true")
    rows = officer.page.locator("main table tbody tr")
    assert rows.count() >= 1 and "线上" in officer.page.inner_text("main table")
    officer.assert_clean()


def test_a_member_answers_the_survey_and_the_rate_moves(visit: Callable[..., Visit]) -> None:
    member = phone(visit)
    sign_in(member, "13800000003")
    member.open("/m/surveys/")
    link = member.page.locator("main a[href^='/m/surveys/']").first.get_attribute("href")
    assert link
    pk = link.rstrip("/").rsplit("/", 1)[-1]
    officer = visit("bureau_chair")
    officer.open(f"/voice/satisfaction-surveys/{pk}/online/")
    before = int(officer.page.inner_text("[data-testid=ballots]"))

    member.open(link)
    page = member.page
    page.click("main form button[type=submit]")  # nothing chosen: every question asks at once
    assert page.locator(".invalid-feedback").count() >= 7
    member.forget_refusals()
    for radio in page.locator("input[type=radio][value=satisfied]").all():
        radio.check(force=True)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    member.open(link)
    assert "已参加" in page.inner_text("main")
    member.assert_clean()

    officer.open(f"/voice/satisfaction-surveys/{pk}/online/")
    assert int(officer.page.inner_text("[data-testid=ballots]")) == before + 1
    officer.assert_clean()
