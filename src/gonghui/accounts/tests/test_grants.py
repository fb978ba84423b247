"""Role grants: nobody grants themselves, a granter hands over no right beyond theirs, every
grant and revocation is audited and listed on the organization's page (issue 13, finding 4)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gonghui.accounts.access import Access, load_grants
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import ROLE_PERMS, Perm, Role
from gonghui.accounts.services import grant_role, revoke_role
from gonghui.core.errors import DomainError
from gonghui.core.models import AuditEvent
from gonghui.core.records import registry
from gonghui.core.views import record_url

GRANTS = reverse("accounts:grants")


def _grant(c: Client, username: str, org: Any, role: str) -> Any:
    return c.post(GRANTS, {"username": username, "organization": org.pk, "role": role})


def _access(user: User) -> Access:
    return Access(user, load_grants(user))


def test_a_federation_admin_cannot_grant_themselves_chair_on_a_union(
    make_user: Any, login: Any, tree: Any
) -> None:
    """Finding 4 as reproduced: POST /accounts/grants/ naming one's own user, role chair on a union."""
    admin = make_user(Role.FEDERATION_ADMIN, tree.city, username="city_admin")
    c = login(admin)
    resp = _grant(c, "city_admin", tree.union_a, Role.CHAIR)
    assert resp.status_code == 400
    assert "不能给自己授予角色" in resp.content.decode()
    assert not RoleGrant.objects.filter(user=admin, role=Role.CHAIR).exists()
    assert not _access(admin).can(Perm.PERSONAL_DATA, tree.union_a)
    refused = AuditEvent.objects.get(action="accounts.grant.refused")
    assert refused.user == admin and refused.organization == tree.union_a
    assert refused.detail["role"] == Role.CHAIR and refused.detail["user"] == "city_admin"
    # Nor any other role, on any node: no raise of one's own powers, however small.
    assert _grant(c, "city_admin", tree.group_a1, Role.VIEWER).status_code == 400
    assert RoleGrant.objects.filter(user=admin).count() == 1


def test_a_federation_admin_still_appoints_a_chair_and_it_is_audited(
    make_user: Any, login: Any, tree: Any
) -> None:
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    chair = make_user(username="new_chair")
    c = login(admin)
    assert _grant(c, "new_chair", tree.union_a, Role.CHAIR).status_code == 302
    grant = RoleGrant.objects.get(user=chair)
    assert (grant.organization, grant.role, grant.granted_by) == (tree.union_a, Role.CHAIR, admin)
    event = AuditEvent.objects.get(action="accounts.grant")
    assert event.user == admin and event.organization == tree.union_a and event.object_id == str(grant.pk)
    assert event.detail == {"user": "new_chair", "role": Role.CHAIR}


def test_a_role_that_grants_is_given_only_from_above(make_user: Any, login: Any, tree: Any) -> None:
    """A federation admin makes no peer beside themselves (who could then revoke them)."""
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    make_user(username="peer")
    c = login(admin)
    resp = _grant(c, "peer", tree.city, Role.FEDERATION_ADMIN)
    assert resp.status_code == 400 and "只能由" in resp.content.decode()
    assert not RoleGrant.objects.filter(user__username="peer").exists()
    assert _grant(c, "peer", tree.union_a, Role.FEDERATION_ADMIN).status_code == 302
    # The superuser sits above every node.
    root = make_user(username="root", is_superuser=True)
    peer = User.objects.get(username="peer")
    grant_role(access=_access(root), user=peer, organization=tree.city, role=Role.FEDERATION_ADMIN)
    assert RoleGrant.objects.filter(user__username="peer").count() == 2


def test_every_refusal_is_shown_at_once(make_user: Any, login: Any, tree: Any) -> None:
    admin = make_user(Role.FEDERATION_ADMIN, tree.city, username="city_admin")
    page = _grant(login(admin), "city_admin", tree.city, Role.FEDERATION_ADMIN).content.decode()
    assert "不能给自己授予角色" in page and "只能由" in page


def test_a_granter_hands_over_no_right_beyond_its_own(
    make_user: Any, tree: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rights other than those a federation appoints (ID numbers, hardship files, books...) must be held."""
    # A role that may grant roles but manages nothing (none exists today: the rule holds for the next one).
    monkeypatch.setitem(ROLE_PERMS, Role.VIEWER, frozenset({Perm.ORG_VIEW, Perm.ORG_GRANT}))
    granter = make_user(Role.VIEWER, tree.city)
    other = make_user()
    access = _access(granter)
    with pytest.raises(DomainError) as refused:
        grant_role(access=access, user=other, organization=tree.union_a, role=Role.GROUP_LEADER)
    assert "您在" in str(refused.value) and not RoleGrant.objects.filter(user=other).exists()
    # Appointable rights it need not hold: a finance officer's books, besides reading, which it lacks.
    monkeypatch.setitem(ROLE_PERMS, Role.FINANCE, frozenset({Perm.ORG_VIEW, Perm.FINANCE_EDIT}))
    grant_role(access=access, user=other, organization=tree.union_a, role=Role.FINANCE)
    assert RoleGrant.objects.filter(user=other, role=Role.FINANCE).exists()


def test_a_peer_administrators_grant_cannot_be_revoked_beside_it(
    make_user: Any, login: Any, tree: Any
) -> None:
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    peer = make_user(Role.FEDERATION_ADMIN, tree.city)
    c = login(admin)
    peers = RoleGrant.objects.get(user=peer)
    assert "撤销" not in c.get(GRANTS, {"q": peer.username}).content.decode()  # no button offered
    c.post(reverse("accounts:revoke", kwargs={"pk": peers.pk}))
    assert RoleGrant.objects.filter(pk=peers.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.revoke.refused", user=admin).exists()


def test_one_may_give_up_ones_own_role(make_user: Any, login: Any, tree: Any) -> None:
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    own = RoleGrant.objects.get(user=admin)
    c = login(admin)
    assert "放弃" in c.get(GRANTS).content.decode()
    resp = c.post(reverse("accounts:revoke", kwargs={"pk": own.pk}))
    assert resp.status_code == 302 and resp["Location"] == reverse("home")
    assert not RoleGrant.objects.filter(pk=own.pk).exists()
    event = AuditEvent.objects.get(action="accounts.revoke")
    assert event.user == admin and event.detail["own"] is True


def test_a_chair_revokes_nobody(make_user: Any, login: Any, tree: Any) -> None:
    chair = make_user(Role.CHAIR, tree.union_a)
    finance = make_user(Role.FINANCE, tree.union_a)
    grant = RoleGrant.objects.get(user=finance)
    with pytest.raises(DomainError):
        revoke_role(access=_access(chair), grant=grant)
    login(chair).post(reverse("accounts:revoke", kwargs={"pk": grant.pk}))
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_a_created_user_has_no_power(make_user: Any, login: Any, tree: Any) -> None:
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    resp = login(admin).post(
        GRANTS,
        {
            "action": "create_user",
            "username": "fresh",
            "display_name": "新人",
            "password": "Qz8-lantern-ox",
            "is_superuser": "on",
            "is_staff": "on",
        },
    )
    assert resp.status_code == 302
    fresh = User.objects.get(username="fresh")
    assert not fresh.is_superuser and not fresh.is_staff and not fresh.grants.exists()
    assert AuditEvent.objects.get(action="accounts.user.create").user == admin


def test_the_organization_page_lists_its_grants_and_revocations(
    make_user: Any, login: Any, tree: Any
) -> None:
    admin = make_user(Role.FEDERATION_ADMIN, tree.city, display_name="市管理员")
    chair = make_user(username="chair_a", display_name="甲主席")
    finance = make_user(username="fin_a", display_name="甲会计")
    access = _access(admin)
    grant_role(access=access, user=chair, organization=tree.union_a, role=Role.CHAIR)
    gone = grant_role(access=access, user=finance, organization=tree.union_a, role=Role.FINANCE)
    revoke_role(access=access, grant=gone)
    url = record_url(registry.get("orgs"), "detail", tree.union_a)
    page = login(admin).get(url).content.decode()
    panel = page[page.index('id="role-grants"') :]
    assert "角色授权" in panel and "甲主席" in panel and "市管理员" in panel
    revoked = panel[panel.index("已撤销") :]
    assert "甲会计" in revoked and "市管理员" in revoked
    # The union's chair sees who holds roles on it; a viewer does not.
    assert 'id="role-grants"' in login(chair).get(url).content.decode()
    viewer = make_user(Role.VIEWER, tree.union_a)
    assert 'id="role-grants"' not in login(viewer).get(url).content.decode()


def test_an_account_one_created_gets_rights_beyond_ones_own_only_from_another(
    make_user: Any, login: Any, tree: Any
) -> None:
    """Else a federation admin would create a second account, grant it chair and log in with it."""
    admin = make_user(Role.FEDERATION_ADMIN, tree.city)
    c = login(admin)
    new_user = {"action": "create_user", "username": "puppet", "display_name": "傀儡"}
    new_user["password"] = "Qz8-lantern-ox"
    assert c.post(GRANTS, new_user).status_code == 302
    resp = _grant(c, "puppet", tree.union_a, Role.CHAIR)
    assert resp.status_code == 400 and "由您创建" in resp.content.decode()
    assert not RoleGrant.objects.filter(user__username="puppet").exists()
    # Rights the creator holds itself it may hand over; the chair comes from another granter.
    assert _grant(c, "puppet", tree.group_a1, Role.GROUP_LEADER).status_code == 302
    other = make_user(Role.FEDERATION_ADMIN, tree.city)
    puppet = User.objects.get(username="puppet")
    grant_role(access=_access(other), user=puppet, organization=tree.union_a, role=Role.CHAIR)
    assert RoleGrant.objects.filter(user__username="puppet", role=Role.CHAIR).exists()
