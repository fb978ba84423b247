"""Demo roster: XX局's 426 employees all members over its 49 groups; 长安乡's 176 members who joined
in 2025 over its 7 new unions, migrant workers among them. Deterministic and idempotent (keyed
by ID number); written in bulk through the importer's writer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.members.importer.plan import Plan
from gonghui.members.importer.rows import FIELDS
from gonghui.members.importer.write import write_plan
from gonghui.members.joining import join_apply
from gonghui.members.models import EmploymentType, Gender, JoinApplication, Member
from gonghui.members.synthetic import People
from gonghui.members.tallies import mark_dirty
from gonghui.orgs.demo import DEMO_YEAR, ensure_employer
from gonghui.orgs.models import Organization, OrgType
from gonghui.portal.services import account_for

BUREAU_MEMBERS = 426
BUREAU_WOMEN = 118
BUREAU_MIGRANTS = 12
# 长安乡's new unions: (code, members who joined in 2025, of them migrant workers, employees).
CHANGAN_MEMBERS = [
    ("DEMO-CA-ENT1", 38, 22, 40),
    ("DEMO-CA-ENT2", 31, 18, 33),
    ("DEMO-CA-SCHOOL", 27, 0, 27),
    ("DEMO-CA-CLINIC", 19, 0, 19),
    ("DEMO-CA-V1", 21, 6, 24),
    ("DEMO-CA-V2", 18, 5, 20),
    ("DEMO-CA-JOINT", 22, 9, 25),
]
assert sum(n for _c, n, _m, _e in CHANGAN_MEMBERS) == 176
# The third tree's one union with a roster (the others file annual returns): its members, of them
# women, and those who joined in DEMO_YEAR (migrant workers among them).
XINYUAN_MEMBERS, XINYUAN_WOMEN, XINYUAN_NEW, XINYUAN_NEW_MIGRANTS = 48, 11, 9, 6
# Of its older members, dispatched workers (劳务派遣): the base of its dispatched enrollment rate.
XINYUAN_DISPATCHED = 12


def _cap(day: dt.date) -> dt.date:
    return min(day, timezone.localdate())


def _plan(org: Organization, people: list[dict[str, Any]]) -> Plan:
    """A plan of the people not yet on any roster (a rerun adds nothing).

    Known by ID number, or by card number on this union's roster: a demo loaded before the
    synthetic ID numbers changed (their sequence codes, 2026-12) is not loaded a second time.
    """
    known = set(
        Member.objects.filter(id_number__in=[p["id_number"] for p in people]).values_list(
            "id_number", flat=True
        )
    )
    cards = set(
        Member.objects.filter(
            organization=org, card_number__in=[p["card_number"] for p in people]
        ).values_list("card_number", flat=True)
    )
    plan = Plan(org)
    plan.creates = [
        tuple(p.get(f, "") for f in FIELDS)
        for p in people
        if p["id_number"] not in known and p["card_number"] not in cards
    ]
    plan.rows = len(people)
    return plan


def _bureau(bureau: Organization, people: People) -> None:
    groups = list(
        Organization.objects.filter(path__startswith=bureau.path, org_type=OrgType.GROUP)
        .order_by("path")
        .values_list("pk", flat=True)
    )
    rows = []
    for i in range(BUREAU_MEMBERS):
        # Every third person up to 118 is a woman; the last 12, migrant workers, joined this year.
        woman = i % 3 == 0 and i // 3 < BUREAU_WOMEN
        migrant = i >= BUREAU_MEMBERS - BUREAU_MIGRANTS
        window = (
            {"join_from": dt.date(DEMO_YEAR, 1, 1), "join_to": _cap(dt.date(DEMO_YEAR, 10, 31))}
            if migrant
            else {}
        )
        p = people.person(
            i, gender=Gender.FEMALE if woman else Gender.MALE, migrant_share=0.0, **window
        ).as_dict()
        if migrant:
            p["employment_type"] = EmploymentType.MIGRANT
        p["union_group_id"] = groups[i % len(groups)] if groups else None
        p["id_type"] = "resident"
        p["card_number"] = f"XJ{1986 + i % 39:04d}{i + 1:04d}"
        rows.append(p)
    write_plan(_plan(bureau, rows))
    mark_dirty([bureau.pk])


def _changan(people: People) -> None:
    start = 10_000
    for code, count, migrants, employees in CHANGAN_MEMBERS:
        union = Organization.objects.filter(code=code).first()
        if union is None:
            continue
        ensure_employer(
            union, DEMO_YEAR, employer_name=union.name.removesuffix("工会"), employees=employees,
            migrant_workers=migrants, women_employees=employees // 3,
        )  # fmt: skip
        founded = union.founded_on or dt.date(DEMO_YEAR, 3, 1)
        rows = []
        for i in range(count):
            window = {"join_from": founded, "join_to": _cap(dt.date(DEMO_YEAR, 12, 20))}
            p = people.person(start + i, migrant_share=0.0, **window).as_dict()
            if i < migrants:
                p["employment_type"] = EmploymentType.MIGRANT
            p["id_type"] = "resident"
            p["union_group_id"] = None
            p["card_number"] = f"{code.removeprefix('DEMO-')}-{DEMO_YEAR}{i + 1:03d}"
            rows.append(p)
        start += count
        write_plan(_plan(union, rows))
        mark_dirty([union.pk])


def _xinyuan(union: Organization, people: People) -> None:
    rows = []
    for i in range(XINYUAN_MEMBERS):
        new = i >= XINYUAN_MEMBERS - XINYUAN_NEW
        window = (
            {"join_from": dt.date(DEMO_YEAR, 2, 1), "join_to": _cap(dt.date(DEMO_YEAR, 11, 30))}
            if new
            else {"join_from": dt.date(2012, 3, 1), "join_to": dt.date(DEMO_YEAR - 1, 12, 31)}
        )
        gender = Gender.FEMALE if i < XINYUAN_WOMEN else Gender.MALE
        p = people.person(i, gender=gender, migrant_share=0.0, **window).as_dict()
        if new and i >= XINYUAN_MEMBERS - XINYUAN_NEW_MIGRANTS:
            p["employment_type"] = EmploymentType.MIGRANT
        elif XINYUAN_WOMEN <= i < XINYUAN_WOMEN + XINYUAN_DISPATCHED:
            p["employment_type"] = EmploymentType.DISPATCHED
        p["id_type"] = "resident"
        p["union_group_id"] = None
        p["card_number"] = f"QS-XY-{i + 1:04d}"
        rows.append(p)
    write_plan(_plan(union, rows))
    mark_dirty([union.pk])


def _join_applications(bureau: Organization) -> None:
    """Two applications waiting at the bureau's union, sent from phones through its QR code: a
    delivery rider in flexible employment, and a worker 长安乡宏达建材 holds (a transfer)."""
    rider = People(seed=2028).person(0, gender=Gender.MALE, migrant_share=0.0)
    held = (
        Member.objects.filter(organization__code="DEMO-CA-ENT1", is_current=True)
        .order_by("card_number", "pk")
        .first()
    )
    wanted = [
        (rider.mobile, rider.name, rider.id_number, "即时配送平台（网约配送员）", EmploymentType.FLEXIBLE),
    ]
    if held is not None:
        wanted.append(("13900000417", held.name, held.id_number, "XX局后勤服务中心", EmploymentType.MIGRANT))
    for mobile, name, id_number, employer, kind in wanted:
        if JoinApplication.objects.filter(organization=bureau, id_number=id_number).exists():
            continue  # a rerun adds nothing
        data = {
            "name": name,
            "id_type": "resident",
            "id_number": id_number,
            "employer": employer,
            "employment_type": kind,
        }
        try:
            join_apply(account=account_for(mobile), organization=bureau, data=data)
        except ValidationError:
            continue  # a demo loaded before the ID numbers were valid ones: no transfer to show


def load(ctx: dict[str, Any]) -> None:
    xinyuan = Organization.objects.filter(code="DEMO-QS-CG-XY").first()
    if xinyuan is not None:
        _xinyuan(xinyuan, People(seed=2027))
    people = People(seed=2025)
    bureau = ctx.get("bureau") or Organization.objects.filter(code="DEMO-BUREAU").first()
    if bureau is not None:
        _bureau(bureau, people)
    _changan(People(seed=2026))
    if bureau is not None:
        _join_applications(bureau)
