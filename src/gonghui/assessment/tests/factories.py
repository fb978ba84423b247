"""Record factories of the assessment app for the central scoping tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gonghui.assessment.models import Assessment, Campaign, Criterion, RectificationTask
from gonghui.assessment.services.standards import standard_from_definition
from gonghui.orgs.models import Organization

DEFINITION = {
    "code": "factory-std",
    "title": "工厂标准",
    "description": "",
    "unit_types": [],
    "total": "10",
    "bonus_max": "0",
    "grades": [{"name": "达标", "min": "6"}, {"name": "不达标", "min": "0"}],
    "sections": [
        {
            "code": "A",
            "title": "组织",
            "points": "10",
            "items": [
                {
                    "code": "A1",
                    "title": "台账",
                    "points": "10",
                    "guidance": "",
                    "evidence": "",
                    "rule": {"type": "manual"},
                }
            ],
        }
    ],
    "bonus": [],
    "veto": [],
}


def _assessment(union: Organization) -> Assessment:
    standard, _ = standard_from_definition(definition=DEFINITION)
    root = Organization.objects.get(path=union.path[: Organization.steplen])
    n = Campaign.objects.filter(organization=root).count() + 1
    campaign = Campaign.objects.create(
        organization=root,
        name=f"工厂考核{n}",
        year=2025,
        standard=standard,
        root=root,
        org_types=["grassroots"],
        self_deadline=dt.date(2025, 11, 30),
        acceptance_deadline=dt.date(2025, 12, 31),
    )
    return Assessment.objects.create(campaign=campaign, organization=union)


def _task(union: Organization) -> Any:
    from gonghui.accounts.models import RoleGrant, User

    a = _assessment(union)
    user = User.objects.create_user(username=f"owner-{union.code}-{a.pk}", password="x-pass-word-1")
    RoleGrant.objects.create(user=user, organization=union, role="chair")
    return RectificationTask.objects.create(
        organization=union,
        assessment=a,
        criterion=Criterion.objects.get(standard=a.campaign.standard, code="A1"),
        title=f"{union.name}整改台账",
        responsible=user,
        due_date=timezone.localdate() + dt.timedelta(days=90),  # ahead: a past one is warned of
    )


RECORD_FACTORIES: dict[str, Any] = {"rectification-tasks": _task}
