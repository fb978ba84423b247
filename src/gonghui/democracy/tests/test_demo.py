"""The demo's democratic management: the first seed report's figures for 2025."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

from django.core.management import call_command

from gonghui.democracy.models import CollectiveContract, FollowUp, Resolution


def test_demo_bureau_figures_for_2025(db: Any) -> None:
    call_command("demo", "--quiet")
    out = StringIO()
    call_command("metrics", "DEMO-BUREAU", "--year", "2025", "--json", stdout=out)
    v = json.loads(out.getvalue())
    assert v["congress_sessions"] == 2 and v["resolutions_passed"] == 4
    assert v["proposals_count"] == 5 and v["proposals_handled_rate"] == 100.0
    assert v["disclosure_count"] == 12 and v["disclosure_checklist_rate"] == 100.0
    assert v["collective_contract_in_force"] and v["women_special_agreement_in_force"]
    assert not v["wage_special_agreement_in_force"]
    titles = set(Resolution.objects.values_list("title", flat=True))
    assert titles == {
        "《医疗管理制度改革实施方案》",
        "《工效挂钩技能岗位工资增资方案》",
        "《劳动用工及相关待遇规定的方案》",
        "《优生优育优学优才实施方案》",
    }
    assert all(r.passed for r in Resolution.objects.all())
    assert FollowUp.objects.values("resolution").distinct().count() == 4
    assert CollectiveContract.objects.filter(congress__session_no=1).count() == 2
