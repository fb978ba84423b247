"""The care demo: the seed reports' figures, loaded twice without duplicates, with or without members."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from gonghui.care import demo
from gonghui.care.models import AidCase, AidStatus, CareStandard, Donation, HardshipFile, Visit
from gonghui.core.discovery import app_modules
from gonghui.core.metrics import Period, compute
from gonghui.core.scope import unscoped
from gonghui.members.models import Member
from gonghui.members.validators import with_check_char
from gonghui.orgs.models import Organization


def _members(org: Organization, n: int, prefix: str, start: int) -> None:
    Member.objects.bulk_create(
        Member(
            organization=org,
            name=f"{prefix}{i:03d}",
            gender="F" if i % 3 else "M",
            id_number=with_check_char(f"{start + i:06d}19850101{i % 1000:03d}"),
        )
        for i in range(n)
    )


def _load_up_to_care() -> None:
    """The demo loaders this one builds on (orgs, accounts, members ...), then care's own."""
    ctx: dict[str, Any] = {}
    with unscoped("the demo loads every union"):
        for module in app_modules("demo"):
            module.load(ctx)
            if module.__name__ == "gonghui.care.demo":
                break


def test_demo_loads_the_seed_figures_and_is_idempotent(db: Any) -> None:
    _load_up_to_care()
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    changan = Organization.objects.get(code="DEMO-CHANGAN")
    if not Member.objects.filter(organization__path__startswith=bureau.path).exists():
        _members(bureau, 426, "职工", 530100)
        unions = list(Organization.objects.filter(code__startswith="DEMO-CA-").order_by("code"))
        for i, union in enumerate(unions):
            _members(union, 25 + (1 if i == 0 else 0), f"乡{i}会员", 130500 + i * 1000)
        demo.load({})
    counts = [m.objects.count() for m in (CareStandard, HardshipFile, AidCase, Visit, Donation)]
    demo.load({})
    assert [m.objects.count() for m in (CareStandard, HardshipFile, AidCase, Visit, Donation)] == counts

    values = compute(
        Organization.objects.filter(pk__in=[bureau.pk, changan.pk]),
        Period.year(2025),
        ["mutual_insurance_rate", "mutual_insurance_target_met", "festival_visit_count", "aid_count",
         "study_aid_count", "serious_illness_aid_count", "donation_amount", "migrant_survey_done",
         "hardship_family_count"],
    )  # fmt: skip
    assert values["mutual_insurance_rate"][bureau.pk] > Decimal("95")
    assert values["mutual_insurance_target_met"][bureau.pk] is True
    assert values["festival_visit_count"][bureau.pk] >= 6
    assert values["aid_count"][bureau.pk] == 3 and values["hardship_family_count"][bureau.pk] == 3
    assert values["study_aid_count"][changan.pk] == 3 and values["serious_illness_aid_count"][changan.pk] == 2
    assert values["donation_amount"][changan.pk] == Decimal("8600.00")
    assert values["migrant_survey_done"][changan.pk] is True
    assert set(AidCase.objects.filter(submitted_online=False).values_list("status", flat=True)) == {
        AidStatus.PAID
    }
    # The members' own applications from their phones wait for the union's review.
    online_cases = AidCase.objects.filter(submitted_online=True, organization=bureau)
    assert set(online_cases.values_list("status", flat=True)) <= {AidStatus.APPLIED}
    if Member.objects.filter(organization=bureau).exclude(mobile="").count() >= 2:
        assert sorted(online_cases.values_list("kind", flat=True)) == ["hardship", "study"]
    categories = set(HardshipFile.objects.values_list("category", flat=True))
    assert categories == {"deep", "relative", "accidental"}
    assert HardshipFile.objects.filter(migrant_hardship=True).count() == 1
    # The third tree's machinery works relieved a dispatched worker who is not a member.
    qingshan = Organization.objects.filter(code="DEMO-QS")
    non_member = compute(qingshan, Period.year(2025), ["non_member_aid_count"])["non_member_aid_count"]
    assert non_member[qingshan.get().pk] == 1
    assert AidCase.objects.get(member=None).non_member_name == "杨大山"
