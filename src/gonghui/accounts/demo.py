"""Demo users: one per role, with printed passwords. Idempotent."""

from __future__ import annotations

from typing import Any

from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import Role
from gonghui.orgs.models import Organization

DEMO_PASSWORD = "gonghui-demo-2025"  # noqa: S105 (printed on purpose: demo only)

# username, display name, role, organization code
DEMO_USERS = [
    ("city_admin", "李明（市总工会管理员）", Role.FEDERATION_ADMIN, "DEMO-CITY"),
    ("city_inspector", "周敏（市总考核员）", Role.INSPECTOR, "DEMO-CITY"),
    ("city_viewer", "陈刚（市总领导）", Role.VIEWER, "DEMO-CITY"),
    ("bureau_chair", "王建国（局工会主席）", Role.CHAIR, "DEMO-BUREAU"),
    ("bureau_finance", "刘芳（局工会会计）", Role.FINANCE, "DEMO-BUREAU"),
    ("bureau_auditor", "张伟（经审委员）", Role.AUDITOR, "DEMO-BUREAU"),
    ("group_leader", "杨洋（运行一值小组长）", Role.GROUP_LEADER, "DEMO-BUREAU-G16"),
    ("county_admin", "赵红（县总工会管理员）", Role.FEDERATION_ADMIN, "DEMO-COUNTY"),
    ("changan_chair", "孙立新（长安乡工会主席）", Role.CHAIR, "DEMO-CHANGAN"),
    ("qingshan_admin", "何建华（青山县总工会管理员）", Role.FEDERATION_ADMIN, "DEMO-QS"),
    ("chengguan_chair", "吴静（城关镇总工会主席）", Role.CHAIR, "DEMO-QS-CG"),
]


def load(ctx: dict[str, Any]) -> None:
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"display_name": "系统管理员", "is_superuser": True, "is_staff": True}
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    logins = [("admin", "系统管理员", "superuser", "")]
    for username, display, role, code in DEMO_USERS:
        user, created = User.objects.get_or_create(username=username, defaults={"display_name": display})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        org = Organization.objects.get(code=code)
        RoleGrant.objects.get_or_create(user=user, organization=org, role=role)
        logins.append((username, display, str(role.label), org.name))
    ctx["logins"] = logins
    ctx["password"] = DEMO_PASSWORD
