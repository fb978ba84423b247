"""Login and its throttling, password rules, logout, role grants inside the subtree, API tokens."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from gonghui.accounts.models import ApiToken, RoleGrant, User
from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create


def _login(client: Client, username: str, password: str) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_then_logout(client: Client, make_user: Any, tree: Any) -> None:
    make_user(Role.CHAIR, tree.union_a, username="chair_a", password="right-pass-123")
    resp = _login(client, "chair_a", "right-pass-123")
    assert resp.status_code == 302 and resp["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:login"))


def test_wrong_password_says_so_in_chinese(client: Client, make_user: Any, tree: Any) -> None:
    make_user(Role.CHAIR, tree.union_a, username="chair_a", password="right-pass-123")
    resp = _login(client, "chair_a", "wrong")
    # Django's own message, in Chinese (its English is "Please enter a correct username and password").
    message = "请输入一个正确的用户名和密码。注意，两者都区分大小写。"
    assert resp.status_code == 200 and resp.context["form"].non_field_errors() == [message]
    assert message in resp.content.decode()
    assert client.get(reverse("home")).status_code == 302  # not logged in
    # Control: the page itself does not say it; the right password logs in.
    assert message not in client.get(reverse("accounts:login")).content.decode()
    assert _login(client, "chair_a", "right-pass-123").status_code == 302


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    client: Client, make_user: Any, tree: Any
) -> None:
    make_user(Role.CHAIR, tree.union_a, username="chair_a", password="right-pass-123")
    for _ in range(5):
        _login(client, "chair_a", "guess")
    resp = _login(client, "chair_a", "right-pass-123")
    assert resp.status_code == 429
    assert "锁定" in resp.content.decode()
    assert client.get(reverse("home")).status_code == 302  # still not logged in


def test_password_change_enforces_the_rules_and_keeps_the_old_one_on_error(
    make_user: Any, login: Any, tree: Any
) -> None:
    user = make_user(Role.CHAIR, tree.union_a, password="old-pass-word-1")
    c = login(user)
    resp = c.post(
        reverse("accounts:password"),
        {"old_password": "old-pass-word-1", "new_password1": "123", "new_password2": "123"},
    )
    assert resp.status_code == 200 and "密码" in resp.content.decode()
    user.refresh_from_db()
    assert user.check_password("old-pass-word-1")
    resp = c.post(
        reverse("accounts:password"),
        {
            "old_password": "old-pass-word-1",
            "new_password1": "Qz8-lantern-ox",
            "new_password2": "Qz8-lantern-ox",
        },
    )
    assert resp.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Qz8-lantern-ox")


def test_federation_admin_grants_and_revokes_inside_its_subtree(
    make_user: Any, login: Any, tree: Any
) -> None:
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    newcomer = make_user(username="newcomer")
    c = login(admin)
    resp = c.post(
        reverse("accounts:grants"),
        {"username": "newcomer", "organization": tree.union_a.pk, "role": Role.FINANCE},
    )
    assert resp.status_code == 302
    grant = RoleGrant.objects.get(user=newcomer)
    assert grant.organization == tree.union_a and grant.granted_by == admin
    assert "newcomer" in c.get(reverse("accounts:grants")).content.decode()
    # Outside the subtree: the organization is not offered, nothing is written.
    resp = c.post(
        reverse("accounts:grants"),
        {"username": "newcomer", "organization": tree.union_b.pk, "role": Role.CHAIR},
    )
    assert resp.status_code == 400
    assert RoleGrant.objects.filter(user=newcomer).count() == 1
    assert c.post(reverse("accounts:revoke", kwargs={"pk": grant.pk})).status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()


def test_grants_refuse_bad_input(make_user: Any, login: Any, tree: Any) -> None:
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    c = login(admin)
    resp = c.post(
        reverse("accounts:grants"), {"username": "ghost", "organization": tree.union_a.pk, "role": "chair"}
    )
    assert resp.status_code == 400 and "没有名为 ghost 的在用用户" in resp.content.decode()
    resp = c.post(
        reverse("accounts:grants"),
        {"action": "create_user", "username": "new_one", "display_name": "新人", "password": "1234"},
    )
    assert resp.status_code == 400 and not User.objects.filter(username="new_one").exists()


def test_only_granting_roles_reach_the_grants_page(make_user: Any, login: Any, tree: Any) -> None:
    assert login(make_user(Role.CHAIR, tree.union_a)).get(reverse("accounts:grants")).status_code == 403


def test_api_tokens_authenticate_until_revoked(make_user: Any, login: Any, tree: Any) -> None:
    user = make_user(Role.CHAIR, tree.union_a)
    c = login(user)
    page = c.post(reverse("accounts:tokens"), {"name": "报表程序"}).content.decode()
    token = ApiToken.objects.get(user=user)
    raw = next(w for w in page.replace("<", " ").replace(">", " ").split() if w.startswith("gh_"))
    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get("/api/v1/me").json()["username"] == user.username
    c.post(reverse("accounts:tokens"), {"revoke": token.pk})
    assert api.get("/api/v1/me").status_code == 401


def test_a_user_cannot_revoke_someone_elses_token(make_user: Any, login: Any, tree: Any) -> None:
    other = make_user(Role.CHAIR, tree.union_b)
    token, raw = token_create(user=other, name="别人的")
    login(make_user(Role.CHAIR, tree.union_a)).post(reverse("accounts:tokens"), {"revoke": token.pk})
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/me").status_code == 200
