"""The demo of protection, skills, voice and activities: the seed reports' facts, loaded once, readable."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse

from gonghui.activities.models import Activity, Facility
from gonghui.core.discovery import app_modules
from gonghui.core.metrics import Period, compute
from gonghui.core.records import registry
from gonghui.core.scope import unscoped
from gonghui.orgs.models import Organization
from gonghui.protection.models import AnkangCup, Inspection, LaborInspector
from gonghui.skills.models import Competition, CompetitionAward, LearningIncentive, Training

SLUGS = [
    "labor-inspectors",
    "inspections",
    "ankang-cup",
    "mediation-cases",
    "competitions",
    "competition-awards",
    "training",
    "learning-incentives",
    "suggestions",
    "activists",
    "satisfaction-surveys",
    "activities",
    "facilities",
]
MODELS = [LaborInspector, Inspection, AnkangCup, Competition, CompetitionAward, Training, LearningIncentive]


# The demos these four apps build on, and their own (other apps' demos have their own tests).
DEMO_APPS = ["orgs", "accounts", "members", "protection", "skills", "voice", "activities"]


def load_demo() -> None:
    ctx: dict[str, Any] = {}
    with unscoped("the demo loads every union"), transaction.atomic():
        for module in app_modules("demo"):
            if module.__name__.split(".")[1] in DEMO_APPS:
                module.load(ctx)


@pytest.fixture
def demo(db: Any) -> None:
    load_demo()


def _metrics(code: str) -> dict[str, Any]:
    org = Organization.objects.filter(code=code)
    return {name: values[org.get().pk] for name, values in compute(org, Period.year(2025)).items()}


def test_the_demo_holds_the_seed_reports_facts_once_and_the_chair_reads_them(demo: None, client: Any) -> None:
    # One test: loading the demo is the slow part.
    _the_bureau_and_changan_show_their_reports_figures()
    _the_demo_chair_reads_the_records_pages(client)


def _the_bureau_and_changan_show_their_reports_figures() -> None:
    counts = [m.objects.count() for m in [*MODELS, Activity, Facility]]
    load_demo()
    assert [m.objects.count() for m in [*MODELS, Activity, Facility]] == counts  # loaded once

    bureau = _metrics("DEMO-BUREAU")
    # Three levels: 5 committee members, 8 unit inspectors, one inspector for each of the 49 teams.
    assert bureau["labor_inspector_count"] == 62
    assert LaborInspector.objects.filter(level="team").values("team").distinct().count() == 49
    assert bureau["ankang_cup_joined"] is True
    assert bureau["inspection_count"] == 4 and bureau["hazards_rectified_rate"] == Decimal("100.00")
    # 13 contests held, 6 external ones joined.
    assert bureau["competition_count"] == 19
    assert Competition.objects.filter(external=True).count() == 6
    assert {"电焊技能比赛", "纯净水瓶贴标签比赛", "全国职工《劳动合同法》知识竞赛"} <= set(
        Competition.objects.values_list("name", flat=True)
    )
    assert bureau["training_sessions"] == 3
    assert set(Training.objects.values_list("audience", flat=True)) == {
        "representatives",
        "group_leaders",
        "inspectors",
    }
    assert bureau["learning_incentive_amount"] == Decimal("8000.00")
    for li in LearningIncentive.objects.all():
        assert (
            li.union_share + li.employer_share == li.amount and li.union_share > 0 and li.employer_share > 0
        )
    assert set(Facility.objects.filter(organization__code="DEMO-BUREAU").values_list("kind", flat=True)) == {
        "club",
        "basketball",
        "bocce",
        "volleyball",
    }
    volleyball = Facility.objects.get(organization__code="DEMO-BUREAU", kind="volleyball")
    assert volleyball.renovated_on is not None and volleyball.funding == "tech_association"

    changan = _metrics("DEMO-CHANGAN")
    assert changan["festival_activity_count"] == 4
    # The seed reports' activities (the third tree's, made for issue 16, keep other festivals).
    seeds = Activity.objects.exclude(organization__code__startswith="DEMO-QS")
    assert set(seeds.values_list("occasion", flat=True)) == {
        "womens_day",
        "labour_day",
        "youth_day",
        "party_day",
    }
    assert changan["facility_count"] == 9
    assert {"office", "activity_room", "multimedia", "archive_cabinet", "desk", "computer"} <= set(
        Facility.objects.filter(organization__code="DEMO-CHANGAN").values_list("kind", flat=True)
    )


def _the_demo_chair_reads_the_records_pages(client: Any) -> None:
    resp = client.post("/accounts/login/", {"username": "bureau_chair", "password": "gonghui-demo-2025"})
    assert resp.status_code == 302
    for slug in SLUGS:
        assert client.get(reverse("records:list", kwargs={"rt": slug})).status_code == 200, slug
        assert client.get(reverse("records:create", kwargs={"rt": slug})).status_code == 200, slug
        rt = registry.get(slug)
        obj = rt.model.objects.filter(organization__code="DEMO-BUREAU").first()
        if obj is not None:
            page = client.get(reverse("records:detail", kwargs={"rt": slug, "pk": obj.pk}))
            assert page.status_code == 200, slug
    competition = Competition.objects.get(name="电焊技能比赛")
    page = client.get(reverse("records:detail", kwargs={"rt": "competitions", "pk": competition.pk}))
    assert "一等奖" in page.content.decode()  # its awards, listed on its page
    # The township's records are not the bureau's.
    cabinets = Facility.objects.get(organization__code="DEMO-CHANGAN", kind="archive_cabinet")
    listing = client.get(
        reverse("records:list", kwargs={"rt": "facilities"}), {"q": "档案柜"}
    ).content.decode()
    assert f"/facilities/{cabinets.pk}/" not in listing
    assert (
        client.get(reverse("records:detail", kwargs={"rt": "facilities", "pk": cabinets.pk})).status_code
        == 404
    )
