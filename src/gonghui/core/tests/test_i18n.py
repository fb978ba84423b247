"""Chinese first, English on request; errors speak Chinese."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gonghui.accounts.roles import Role


def test_chinese_by_default_whatever_the_browser_says(client: Any, db: Any) -> None:
    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    text = page.content.decode()
    assert page["Content-Language"] == "zh-hans"
    assert "登录" in text and "Log in" not in text


def test_switch_to_english_and_back(client: Any, db: Any) -> None:
    resp = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert resp.status_code == 302
    text = client.get(reverse("accounts:login")).content.decode()
    assert "Log in" in text and "登录" not in text
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "登录" in client.get(reverse("accounts:login")).content.decode()


def test_form_errors_are_in_chinese(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.FEDERATION_ADMIN, tree.city))
    resp = c.post(
        reverse("records:create", kwargs={"rt": "orgs"}),
        {
            "owner": tree.union_a.pk,
            "code": "NEWF",
            "name": "新总工会",
            "org_type": "federation",
            "contact_phone": "1",
        },
    )
    assert resp.status_code == 400
    errors = " ".join(str(e) for errs in resp.context["form"].errors.values() for e in errs)
    assert "手机" in errors or "电话" in errors, errors
    resp = c.post(
        reverse("records:create", kwargs={"rt": "orgs"}),
        {"owner": tree.union_a.pk, "code": "NEWF", "name": "新总工会", "org_type": "federation"},
    )
    errors = " ".join(str(e) for errs in resp.context["form"].errors.values() for e in errs)
    assert "总工会" in errors and "基层工会" in errors, errors
