"""Demo of 会员评家 online: an open round of the bureau's union with a few answers already in.

The demo member of the member pages (mobile 13800000003, made by the portal demo) has not
answered it, so they can answer on their phone. Answers come from the first members of the
roster (empty without the members demo: then the round is open with no answer yet).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Organization
from gonghui.voice import services
from gonghui.voice.models import SatisfactionSurvey, SurveyState

TITLE = "2026年度网上会员评家"
DEMO_MOBILE = "13800000003"
# The overall verdicts of the demo answers, and one opinion.
VERDICTS = ["satisfied", "satisfied", "basically_satisfied", "satisfied", "dissatisfied"]
OPINIONS = ["希望工会多组织青年职工联谊活动。", "", "", "职工食堂夜班供餐时间太短。", ""]


def load(ctx: dict[str, Any]) -> None:
    bureau = ctx.get("bureau") or Organization.objects.filter(code="DEMO-BUREAU").first()
    if bureau is None or SatisfactionSurvey.objects.filter(organization=bureau, title=TITLE).exists():
        return
    data = {"title": TITLE, "held_on": dt.date(2026, 12, 1), "online": True}
    survey = services.create_survey(actor=None, organization=bureau, data=data)
    survey = services.open_survey(survey=survey, access=None)
    assert survey.state == SurveyState.OPEN
    voters = (
        Member.objects.filter(organization=bureau, is_current=True, status=MemberStatus.ACTIVE)
        .exclude(mobile=DEMO_MOBILE)
        .order_by("pk")[: len(VERDICTS)]
    )
    questions = list(survey.questions.all())
    for member, overall, opinion in zip(voters, VERDICTS, OPINIONS, strict=False):
        verdicts = {q.pk: (overall if q.overall else "satisfied") for q in questions}
        services.cast_ballot(survey=survey, member=member, answers=services.Answers(verdicts, opinion))
