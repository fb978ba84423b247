"""The demo roster: the bureau at 100 % over its 49 groups, 长安乡's 176 new members of 2025."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command

from gonghui.core.metrics import Period, compute
from gonghui.members.models import Member, MembershipEvent
from gonghui.members.validators import resident_id_facts
from gonghui.orgs.models import Organization


def test_demo_roster(db: Any) -> None:
    call_command("demo", "--quiet")
    counts = (Member.objects.count(), MembershipEvent.objects.count(), Member.history.count())
    call_command("demo", "--quiet")
    assert (Member.objects.count(), MembershipEvent.objects.count(), Member.history.count()) == counts
    bureau = Organization.objects.get(code="DEMO-BUREAU")
    changan = Organization.objects.get(code="DEMO-CHANGAN")
    values = compute(Organization.objects.filter(pk__in=[bureau.pk, changan.pk]), Period.year(2025))
    assert values["member_count"][bureau.pk] == 426 and str(values["enrollment_rate"][bureau.pk]) == "100.00"
    assert values["women_member_count"][bureau.pk] == 118
    assert values["new_members"][changan.pk] == 176 and values["new_migrant_members"][changan.pk] > 0
    assert Member.objects.filter(organization=bureau).values("union_group").distinct().count() == 49
    for m in Member.objects.all()[:50]:
        assert resident_id_facts(m.id_number).birth_date == m.birth_date
    unions = (
        Member.objects.filter(organization__path__startswith=changan.path).values("organization").distinct()
    )
    assert unions.count() == 7


def test_a_demo_loaded_with_earlier_synthetic_id_numbers_is_not_loaded_twice(db: Any) -> None:
    from gonghui.members import demo

    call_command("demo", "--quiet")
    count = Member.objects.count()
    for m in Member.objects.all():  # as if loaded before the sequence codes changed
        Member.objects.filter(pk=m.pk).update(id_number=f"OLD{m.pk:015d}")
    demo.load({})
    assert Member.objects.count() == count
