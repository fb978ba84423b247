"""Demo campaigns (idempotent): runs after every other app's demo, on whatever records exist.

- XX市总工会: a 2024 campaign (accepted, for the year-on-year comparison) and a 2025
  campaign on the city standard covering XX局工会: self-assessed by the bureau's chair,
  reviewed and accepted by the city's inspector, with rectification tasks for its gaps;
- 威县总工会: a 2025 campaign on the township standard covering 长安乡工会: self-assessed
  and submitted by its chair, waiting for review;
- 青山县总工会: a 2025 campaign on the township standard covering its two township federations,
  scored from their records (a ranking of two), 城关镇 self-assessed and submitted.

A campaign that cannot be built (a shipped standard naming a metric that is not there, a
metric failing) is skipped with a warning in the log, without touching the rest of the demo.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from gonghui.accounts.access import Access, load_grants
from gonghui.accounts.models import User
from gonghui.assessment.models import Assessment, Campaign, Criterion, RectificationTask
from gonghui.assessment.services import campaigns, tasks, workflow
from gonghui.assessment.services.scores import score_assessments
from gonghui.assessment.services.targets import target_set
from gonghui.assessment.sheet import build_sheet, gaps
from gonghui.assessment.shipped import CITY, MODEL_HOME, TOWNSHIP, load_shipped
from gonghui.core.metrics import MetricError
from gonghui.orgs.models import Organization, OrgType

log = logging.getLogger("gonghui")

CITY_2025 = "XX市2025年基层工会标准化建设考核"
CITY_2024 = "XX市2024年基层工会标准化建设考核"
COUNTY_2025 = "威县2025年乡镇工会规范化建设考核"
MODEL_HOME_2025 = "XX市2025年模范职工之家评审"
QINGSHAN_2025 = "青山县2025年乡镇（街道）工会规范化建设考核"

# Manual items scored by people: code → (union's score, comment, inspector's score, comment).
CITY_MANUAL = {
    "A7": (
        Decimal(2),
        "会员花名册、会费收缴、会议记录、活动登记等台账齐全。",
        Decimal("1.5"),
        "个别工会小组会议记录不全，扣0.5分。",
    ),
    "C2.2": (Decimal(1), "本年未发生劳动争议案件。", Decimal(1), "经核实，本年无争议案件。"),
    "J1": (Decimal(2), "局工会获市总工会“模范职工之家”称号。", Decimal(2), "有表彰文件。"),
    "J2": (Decimal(0), "", Decimal(0), ""),
    # a veto judged by people is never met by default: both sides mark it
    "F2": (Decimal(1), "本年未发生违纪违法、安全生产责任事故和群体性事件。", Decimal(1), "经核实，未发生。"),
}
COUNTY_MANUAL = {
    "A1": (
        Decimal(3),
        "乡党委将工会工作纳入党建目标体系，调整出两间办公室作为工会办公室和职工活动室。",
        None,
        "",
    ),
    "A8": (Decimal("2.5"), "建有会员花名册、会员登记表，会议记录尚需完善。", None, ""),
    "D5": (Decimal(3), "在抗旱保春耕、关爱贫困老党员中献爱心捐款捐物。", None, ""),
    "F1": (Decimal(1), "工会经费专款专用，未发生挪用、侵占。", None, ""),
    "F2": (Decimal(1), "本年未发生群体性事件或重大安全责任事故。", None, ""),
}


def _user(username: str) -> Any:
    return User.objects.filter(username=username).first()


def _access(user: Any) -> Access:
    return Access(user, load_grants(user))


def _score(access: Access, a: Assessment, manual: dict[str, tuple], side: str) -> None:
    criteria = {c.code: c for c in Criterion.objects.filter(standard_id=a.campaign.standard_id)}
    for code, (own, own_note, review, review_note) in manual.items():
        points, note = (own, own_note) if side == workflow.SELF else (review, review_note)
        if code not in criteria or points is None:
            continue
        row = a.item_scores.filter(criterion=criteria[code]).first()
        workflow.item_score_save(
            access=access,
            assessment=a,
            criterion=criteria[code],
            side=side,
            points=points,
            comment=note,
            version=row.version if row else 0,
        )


def _campaign(
    admin: Any, org: Organization, name: str, year: int, standard: Any, types: list[str]
) -> tuple[Campaign, bool]:
    existing = Campaign.objects.filter(organization=org, year=year, name=name).first()
    if existing is not None:
        return existing, False
    campaign = campaigns.campaign_create(
        access=_access(admin),
        organization=org,
        data={
            "name": name,
            "year": year,
            "standard": standard,
            "root": org,
            "org_types": types,
            "self_deadline": dt.date(year, 11, 30),
            "acceptance_deadline": dt.date(year, 12, 20),
        },
    )
    return campaign, True


def _open_tasks(access: Access, a: Assessment, people: list[Any], due: dt.date, limit: int = 2) -> None:
    """Turn the largest gaps into tasks (分工包干，责任到人)."""
    if RectificationTask.objects.filter(assessment=a).exists() or not people:
        return
    for i, row in enumerate(r for r in gaps(build_sheet(a, with_evidence=False)) if not r.veto):
        if i >= limit:
            break
        tasks.task_from_gap(
            access=access,
            assessment=a,
            criterion=row.criterion,
            responsible=people[i % len(people)],
            due_date=due,
        )


def _city(ctx: dict[str, Any]) -> None:
    city = Organization.objects.get(code="DEMO-CITY")
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    admin, inspector, chair = _user("city_admin"), _user("city_inspector"), _user("bureau_chair")
    standard = load_shipped(CITY)
    types = [OrgType.GRASSROOTS, OrgType.JOINT]
    for year, name in ((2024, CITY_2024), (2025, CITY_2025)):
        campaign, created = _campaign(admin, city, name, year, standard, types)
        campaigns.assign_inspector(
            access=_access(admin), campaign=campaign, inspector=inspector, organizations=[bureau]
        )
        a = Assessment.objects.get(campaign=campaign, organization=bureau)
        if not created:
            continue
        own, theirs = _access(chair), _access(inspector)
        workflow.assessment_start(access=own, assessment=a)
        _score(own, a, CITY_MANUAL, workflow.SELF)
        workflow.assessment_submit(access=own, assessment=a)
        workflow.assessment_begin_review(access=theirs, assessment=a)
        _score(theirs, a, CITY_MANUAL, workflow.REVIEW)
        workflow.assessment_accept(access=theirs, assessment=a)
        if year == 2025:
            people = [u for u in (chair, _user("bureau_finance")) if u is not None]
            _open_tasks(own, a, people, dt.date(2026, 3, 31))


def _county(ctx: dict[str, Any]) -> None:
    county = Organization.objects.get(code="DEMO-COUNTY")
    changan = Organization.objects.get(code="DEMO-CHANGAN")
    admin, chair = _user("county_admin"), _user("changan_chair")
    standard = load_shipped(TOWNSHIP)
    campaign, created = _campaign(admin, county, COUNTY_2025, 2025, standard, [OrgType.TOWNSHIP])
    if not created:
        return
    a = Assessment.objects.get(campaign=campaign, organization=changan)
    own = _access(chair)
    workflow.assessment_start(access=own, assessment=a)
    _score(own, a, COUNTY_MANUAL, workflow.SELF)
    workflow.assessment_submit(access=own, assessment=a)
    _open_tasks(own, a, [chair], dt.date(2026, 4, 30), limit=3)


def _qingshan(ctx: dict[str, Any]) -> None:
    """The third tree: two township federations ranked on the township standard."""
    county = Organization.objects.get(code="DEMO-QS")
    chengguan = Organization.objects.get(code="DEMO-QS-CG")
    admin, chair = _user("qingshan_admin"), _user("chengguan_chair")
    campaign, created = _campaign(
        admin, county, QINGSHAN_2025, 2025, load_shipped(TOWNSHIP), [OrgType.TOWNSHIP]
    )
    if not created:
        return
    a = Assessment.objects.get(campaign=campaign, organization=chengguan)
    own = _access(chair)
    workflow.assessment_start(access=own, assessment=a)
    _score(own, a, COUNTY_MANUAL, workflow.SELF)
    workflow.assessment_submit(access=own, assessment=a)
    score_assessments(Assessment.objects.filter(campaign=campaign))


def _model_home(ctx: dict[str, Any]) -> None:
    """The city's 模范职工之家 review: 必备 items, a target of new members per grassroots union."""
    city = Organization.objects.get(code="DEMO-CITY")
    admin = _user("city_admin")
    standard = load_shipped(MODEL_HOME)
    campaign, created = _campaign(admin, city, MODEL_HOME_2025, 2025, standard, [OrgType.GRASSROOTS])
    if not created:
        return
    target_set(
        access=_access(admin),
        campaign=campaign,
        metric="new_members",
        value="20",
        org_type=OrgType.GRASSROOTS,
    )
    score_assessments(Assessment.objects.filter(campaign=campaign))


def load(ctx: dict[str, Any]) -> None:
    for part in (_city, _county, _qingshan, _model_home):
        try:
            with transaction.atomic():  # a savepoint: a failing part leaves the rest of the demo intact
                part(ctx)
        except (ValidationError, MetricError, Organization.DoesNotExist) as e:
            messages = getattr(e, "messages", [str(e)])
            log.warning("assessment demo: %s skipped: %s", part.__name__.strip("_"), "; ".join(messages[:5]))
