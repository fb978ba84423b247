"""A union, its chair and roster files for the import faults (run inside ``Sandbox.setup_django``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

PASSWORD = "fault-pass-123"  # noqa: S105 (a throwaway sandbox user)


def union_and_chair() -> tuple[Any, str]:
    from gonghui.accounts.models import RoleGrant, User
    from gonghui.accounts.roles import Role
    from gonghui.members.management.commands.bench_import import GROUPS
    from gonghui.orgs.models import OrgType
    from gonghui.orgs.services import org_create

    city = org_create(
        parent=None, data={"code": "FAULT", "name": "故障演练市总工会", "org_type": OrgType.FEDERATION}
    )
    union = org_create(
        parent=city, data={"code": "FAULT-U", "name": "故障演练单位工会", "org_type": OrgType.GRASSROOTS}
    )
    for g in range(GROUPS):
        org_create(
            parent=union,
            data={"code": f"FAULT-U-G{g + 1:02d}", "name": f"第{g + 1}小组", "org_type": OrgType.GROUP},
        )
    user = User.objects.create_user(username="fault_chair", password=PASSWORD)
    RoleGrant.objects.create(user=user, organization=union, role=Role.CHAIR)
    return union, user.username


def roster(path: Path, rows: int) -> Path:
    from gonghui.members.management.commands.bench_import import write_roster

    write_roster(path, rows)
    return path


def largest_inline_roster(folder: Path) -> tuple[Path, int]:
    """The largest roster the web process still imports itself (below ``BACKGROUND_BYTES``)."""
    from gonghui.members.importer.jobs import BACKGROUND_BYTES

    rows = 4000
    while True:
        path = roster(folder / f"inline-{rows}.xlsx", rows)
        if path.stat().st_size <= BACKGROUND_BYTES:
            return path, rows
        rows = int(rows * BACKGROUND_BYTES / path.stat().st_size * 0.97)


def counts(org: Any) -> dict[str, int]:
    from gonghui.core.scope import unscoped
    from gonghui.members.models import Member, MembershipEvent

    with unscoped("the fault script checks what was written"):
        return {
            "members": Member.objects.filter(organization__path__startswith=org.path).count(),
            "events": MembershipEvent.objects.count(),
        }


def job(pk: int | None = None) -> Any:
    from gonghui.core.scope import unscoped
    from gonghui.members.models import ImportJob

    with unscoped("the fault script follows the job"):
        jobs = ImportJob.objects.all()
        return jobs.get(pk=pk) if pk else jobs.latest("pk")


# What the page and the job say of an import whose process died (members.importer.jobs).
REASON = "导入中断：处理进程意外停止，未写入任何数据，请重新导入"


def check_failed_and_retry(report: Any, web: Any, pk: int) -> None:
    """The job's page after the kill: marked failed with the Chinese reason, 重新导入 offered
    and asked for (the check runs again)."""
    page = web.get(f"/members/import/{pk}/")
    after = job(pk)
    report.check(
        "job marked failed with a Chinese reason",
        after.status == "failed" and after.message == REASON,
        f"{after.status}: {after.message}",
    )
    report.check(
        "the page says so and offers 重新导入",
        page.status_code == 200 and REASON in page.text and "重新导入" in page.text,
        page.status_code,
    )
    web.post(f"/members/import/{pk}/retry/", {})
