"""Demo finances for 2025 from the seed reports. Idempotent: rows are keyed by their natural keys.

XX局工会: allocated funds on the payroll of 426 employees and the members' dues, passed up at the
city's split; visits, hardship aid, the courts built with the 技协 development fund (an asset),
a budget with its actuals, a yearly audit, the club, courts and computers in the asset register.
长安乡工会: its financial rules, funds remitted in full as assigned (足额上缴), an asset register
bought with the county federation's support, and a yearly audit by its funds reviewers.
Every voucher goes through the posting service, so the books balance to the cent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gonghui.accounts.access import get_access
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import Role
from gonghui.finance.demo_data import BUREAU, CAPS, CHANGAN, CITY_RULE, COUNTY_RULE
from gonghui.finance.models import (
    Asset,
    Audit,
    AuditPlan,
    Budget,
    DuesRecord,
    FinancePolicy,
    FundsRule,
    Remittance,
    SpendingCap,
    Voucher,
    VoucherLine,
)
from gonghui.finance.services.dues import dues_collect, remittance_create
from gonghui.finance.services.ledger import voucher_post, voucher_reverse
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Organization

YEAR = 2025
D = Decimal
# Users of 长安乡's finances (the accounts demo has none there); printed with the other logins.
CHANGAN_USERS = [
    ("changan_finance", "郑秀兰（长安乡工会会计）", Role.FINANCE),
    ("changan_auditor", "马志强（长安乡经审委员）", Role.AUDITOR),
]


def _user(ctx: dict[str, Any], username: str, display: str, role: str, org: Organization) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"display_name": display})
    if created:
        user.set_password(ctx.get("password", "gonghui-demo-2025"))
        user.save()
    RoleGrant.objects.get_or_create(user=user, organization=org, role=role)
    logins = ctx.setdefault("logins", [])
    if not any(row[0] == username for row in logins):
        logins.append((username, display, str(Role(role).label), org.name))
    return user


def _rules(orgs: dict[str, Organization]) -> None:
    for code, rule in (("DEMO-CITY", CITY_RULE), ("DEMO-COUNTY", COUNTY_RULE)):
        FundsRule.objects.get_or_create(organization=orgs[code], valid_from=rule["valid_from"], defaults=rule)
    for code, purpose, cap, source in CAPS:
        SpendingCap.objects.get_or_create(
            organization=orgs[code],
            purpose=purpose,
            valid_from=dt.date(YEAR, 1, 1),
            defaults={"per_person_year": cap, "source": source},
        )


def _wage(i: int) -> Decimal:
    """A member's monthly wage base: deterministic, with odd yuan so the 10-yuan rule shows."""
    return D(3800 + (i * 389) % 5200) + D((i * 7) % 10) + D("0.50") * (i % 2)


def _dues(access: Any, union: Organization) -> None:
    """Each month's dues of the union's members; those kept on the roll are recorded as exempt."""
    members = list(
        Member.objects.filter(organization=union)
        .exclude(status__in=[MemberStatus.LEFT, MemberStatus.DECEASED])
        .order_by("pk")
    )
    if not members:
        return
    done = set(
        DuesRecord.objects.filter(organization=union, year=YEAR).values_list("month", flat=True).distinct()
    )
    for month in range(1, 13):
        if month in done:
            continue
        first = dt.date(YEAR, month, 1)
        wages = {m: _wage(i) for i, m in enumerate(members) if m.join_date is None or m.join_date <= first}
        dues_collect(
            actor=access.user,
            organization=union,
            year=YEAR,
            month=month,
            wages=wages,
            paid_on=first.replace(day=10),
        )


def _remittances(access: Any, union: Organization, spec: dict[str, Any]) -> list[Remittance]:
    out = []
    for kind, start, end, fields in spec["remittances"]:
        existing = Remittance.objects.filter(organization=union, kind=kind, period_start=start).first()
        if existing is None:
            data = {"kind": kind, "period_start": start, "period_end": end, **fields}
            if kind == "dues" and not DuesRecord.objects.filter(organization=union, year=start.year).exists():
                data["base_amount"] = spec["dues_without_roster"]
            existing = remittance_create(actor=access.user, organization=union, data=data)
            if existing.remitted_amount == 0:  # remitted in full: exactly what the split table puts up
                existing.remitted_amount = existing.due_amount
                existing.save(update_fields=["remitted_amount"])
        out.append(existing)
    return out


def _voucher(access: Any, union: Organization, day: dt.date, text: str, lines: list[tuple]) -> Voucher:
    voucher = Voucher.objects.filter(organization=union, date=day, description=text).first()
    if voucher is not None:
        return voucher
    voucher = Voucher(organization=union, date=day, year=day.year, description=text)
    voucher._history_user = access.user  # type: ignore[attr-defined]
    voucher.save()
    for category, amount, summary, *cap in lines:
        purpose, persons = cap if cap else ("", None)
        VoucherLine.objects.create(
            organization=union,
            voucher=voucher,
            category=category,
            amount=D(amount),
            summary=summary,
            purpose=purpose,
            persons=persons,
        )
    voucher, _warnings = voucher_post(access=access, voucher=voucher)
    return voucher


def _books(access: Any, union: Organization, spec: dict[str, Any], remittances: list[Remittance]) -> None:
    # The union's share of what it collected and passed up is its income (拨缴经费 and dues).
    for r in remittances:
        if r.kept_amount:
            label = "拨缴经费收入（留成部分）" if r.kind == "allocated_funds" else "会费收入（留成部分）"
            category = "allocated_funds" if r.kind == "allocated_funds" else "dues"
            text = f"{r.period_start:%Y年%m月}—{r.period_end:%m月} {label}"
            _voucher(access, union, r.period_end, text, [(category, r.kept_amount, label)])
    for day, text, lines in spec["vouchers"]:
        _voucher(access, union, day, text, lines)
    wrong = spec.get("mistake")
    if wrong:  # posted under the wrong category, reversed, then posted right
        day, text, lines, reason, fixed_lines = wrong
        voucher = _voucher(access, union, day, text, lines)
        if not Voucher.objects.filter(reverses=voucher).exists():
            voucher_reverse(access=access, voucher=voucher, reason=reason, on=day)
        _voucher(access, union, day, f"{text}（更正）", fixed_lines)


def _budget(union: Organization, spec: dict[str, Any]) -> None:
    for category, amount in spec["budget"].items():
        Budget.objects.get_or_create(
            organization=union,
            year=YEAR,
            category=category,
            defaults={"amount": D(amount), "note": "年度预算"},
        )


def _audits(union: Organization, spec: dict[str, Any]) -> None:
    plan_spec = spec["audit_plan"]
    plan, _ = AuditPlan.objects.get_or_create(
        organization=union, year=YEAR, title=plan_spec["title"], defaults=plan_spec
    )
    for audit in spec["audits"]:
        Audit.objects.get_or_create(
            organization=union,
            audit_date=audit["audit_date"],
            kind=audit["kind"],
            defaults={**audit, "plan": plan},
        )


def _register(union: Organization, spec: dict[str, Any]) -> None:
    for asset in spec["assets"]:
        fields = dict(asset)
        text = fields.pop("voucher", "")
        if text:
            fields["voucher"] = Voucher.objects.filter(organization=union, description=text).first()
        Asset.objects.get_or_create(organization=union, name=fields.pop("name"), defaults=fields)
    for policy in spec.get("policies", []):
        FinancePolicy.objects.get_or_create(organization=union, title=policy["title"], defaults=policy)


def _load_union(access: Any, union: Organization, spec: dict[str, Any], with_dues: bool) -> None:
    if with_dues:
        _dues(access, union)
    remittances = _remittances(access, union, spec)
    _books(access, union, spec, remittances)
    _budget(union, spec)
    _audits(union, spec)
    _register(union, spec)


def load(ctx: dict[str, Any]) -> None:
    codes = ("DEMO-CITY", "DEMO-COUNTY", "DEMO-BUREAU", "DEMO-CHANGAN")
    orgs = {o.code: o for o in Organization.objects.filter(code__in=codes)}
    if len(orgs) < len(codes):
        return
    _rules(orgs)

    bureau_finance = User.objects.filter(username="bureau_finance").first()
    if bureau_finance is not None:
        _load_union(get_access(bureau_finance), orgs["DEMO-BUREAU"], BUREAU, with_dues=True)

    changan = orgs["DEMO-CHANGAN"]
    users = {u: _user(ctx, u, display, role, changan) for u, display, role in CHANGAN_USERS}
    _load_union(get_access(users["changan_finance"]), changan, CHANGAN, with_dues=False)
