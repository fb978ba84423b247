"""Finance: record types, navigation and metrics join the machinery here."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.accounts.roles import Perm
from gonghui.core.nav import NavLink, register_nav
from gonghui.core.records import Column, DetailPanel, RecordType, register, register_panel
from gonghui.finance import panels, validators
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
from gonghui.finance.rules import cap_warnings
from gonghui.finance.services import dues, ledger
from gonghui.orgs.models import OrgType

# Every organization that keeps accounts: all but union groups.
BOOKKEEPERS = [t for t in OrgType.values if t != OrgType.GROUP]
FINANCE = {"view_perm": Perm.FINANCE_VIEW, "edit_perm": Perm.FINANCE_EDIT, "module": "finance"}
AUDIT = {"view_perm": Perm.FINANCE_VIEW, "edit_perm": Perm.AUDIT_EDIT, "module": "finance"}
# The federation's rules: set by those who manage its organizations, read by every union below.
RULES = {"view_perm": Perm.FINANCE_VIEW, "edit_perm": Perm.ORG_MANAGE, "module": "finance"}


def _voucher_context(request: Any, voucher: Voucher, access: Any) -> dict[str, Any]:
    can_edit = access.can(Perm.FINANCE_EDIT, voucher.organization)
    reversed_by = Voucher.objects.filter(reverses=voucher).first()
    lines = list(voucher.lines.all())
    return {
        "voucher_lines": lines,
        "lines_income": sum((ln.amount for ln in lines if ln.direction == "income"), 0),
        "lines_expenditure": sum((ln.amount for ln in lines if ln.direction == "expenditure"), 0),
        "reversed_by": reversed_by,
        "post_url": reverse("finance:voucher-post", kwargs={"pk": voucher.pk})
        if can_edit and not voucher.is_posted
        else "",
        "reverse_url": reverse("finance:voucher-reverse", kwargs={"pk": voucher.pk})
        if can_edit and voucher.is_posted and reversed_by is None and voucher.reverses_id is None
        else "",
        # One rule before and after posting: a draft's page says what posting it would break.
        "cap_warnings": cap_warnings(voucher),
    }


def _line_context(request: Any, line: VoucherLine, access: Any) -> dict[str, Any]:
    return {"add_another": not line.voucher.is_posted and access.can(Perm.FINANCE_EDIT, line.organization)}


register(
    RecordType(
        model=Voucher,
        slug="vouchers",
        period_field="date",
        icon="journal-bookmark",
        **FINANCE,
        list_display=[
            "year",
            "number",
            "date",
            "description",
            "status",
            "income_total",
            "expenditure_total",
            "organization__name",
        ],
        list_filters=["year", "status"],
        search_fields=["description"],
        form_fields=["date", "description"],
        detail_fields=[
            "organization__name",
            "year",
            "number",
            "date",
            "description",
            "status",
            "income_total",
            "expenditure_total",
            "reverses",
            "posted_at",
            "posted_by",
        ],
        api_fields=[
            "id",
            "year",
            "number",
            "date",
            "description",
            "status",
            "income_total",
            "expenditure_total",
            "reverses",
            "posted_at",
        ],
        ordering=["-date", "-number", "-pk"],
        select_related=["organization"],
        org_types=BOOKKEEPERS,
        create=ledger.voucher_create,
        update=ledger.voucher_update,
        delete=ledger.voucher_delete,
        locked=ledger.voucher_lock_reason,
        detail_template="finance/_voucher_panel.html",
        api_router="gonghui.finance.api.voucher_router",
        detail_context=_voucher_context,
        nav_order=10,
    )
)

register(
    RecordType(
        model=VoucherLine,
        slug="voucher-lines",
        icon="list-ol",
        **FINANCE,
        parent_field="voucher",
        list_display=["voucher", "category", "amount", "summary", "purpose", "persons"],
        list_filters=["category", "purpose", "voucher__year"],
        search_fields=["summary", "voucher__description"],
        form_fields=["voucher", "category", "amount", "summary", "purpose", "persons"],
        ordering=["-voucher__date", "voucher", "pk"],
        select_related=["voucher"],
        org_types=BOOKKEEPERS,
        create=ledger.line_create,
        update=ledger.line_update,
        delete=ledger.line_delete,
        warnings=ledger.line_warnings,
        locked=ledger.line_lock_reason,
        detail_template="finance/_line_panel.html",
        nav_order=15,
        detail_context=_line_context,
    )
)

register(
    RecordType(
        model=Budget,
        slug="budgets",
        icon="bar-chart",
        **FINANCE,
        list_display=["year", "category", "amount", "note", "organization__name"],
        list_filters=["year", "category"],
        search_fields=["note"],
        form_fields=["year", "category", "amount", "note"],
        ordering=["-year", "category"],
        select_related=["organization"],
        org_types=BOOKKEEPERS,
        nav_order=20,
    )
)

register(
    RecordType(
        model=DuesRecord,
        slug="dues-records",
        period_field="paid_on",
        icon="coin",
        **FINANCE,
        list_display=["year", "month", "member", "wage", "amount", "exempt", "paid_on", "organization__name"],
        list_filters=["year", "month", "exempt"],
        search_fields=["member__name"],
        form_fields=["member", "year", "month", "wage", "paid_on"],
        detail_fields=["member", "year", "month", "wage", "amount", "exempt", "paid_on"],
        api_fields=["id", "member", "year", "month", "wage", "amount", "exempt", "paid_on"],
        ordering=["-year", "-month", "member__name", "pk"],
        select_related=["member", "organization"],
        org_types=BOOKKEEPERS,
        create=dues.dues_record_create,
        update=dues.dues_record_update,
        nav_order=30,
        api_router="gonghui.finance.api.dues_router",
    )
)

REMITTANCE_FORM = [
    "kind",
    "period_start",
    "period_end",
    "employees",
    "payroll",
    "base_amount",
    "remitted_amount",
    "remitted_on",
    "note",
]
register(
    RecordType(
        model=Remittance,
        slug="remittances",
        period_field="remitted_on",
        icon="send",
        **FINANCE,
        list_display=[
            "year",
            "kind",
            "period_start",
            "period_end",
            "base_amount",
            "due_amount",
            "remitted_amount",
            Column("in_full", _("Remitted in full"), value=lambda r: r.in_full, sortable=False),
            "organization__name",
        ],
        list_filters=["year", "kind"],
        search_fields=["note"],
        form_fields=REMITTANCE_FORM,
        detail_fields=[
            *REMITTANCE_FORM[:6],
            "kept_share",
            "kept_amount",
            "due_amount",
            *REMITTANCE_FORM[6:],
        ],
        api_fields=["id", *REMITTANCE_FORM, "year", "kept_share", "kept_amount", "due_amount"],
        ordering=["-period_end", "kind", "-pk"],
        select_related=["organization"],
        org_types=BOOKKEEPERS,
        create=dues.remittance_create,
        update=dues.remittance_update,
        nav_order=35,
    )
)

register(
    RecordType(
        model=FundsRule,
        slug="funds-rules",
        icon="percent",
        **RULES,
        list_display=[
            "organization__name",
            "valid_from",
            "valid_to",
            "kept_share",
            "funds_rate",
            "dues_rate",
            "dues_unit",
        ],
        search_fields=["note", "upward_levels"],
        form_fields=[
            "valid_from",
            "valid_to",
            "kept_share",
            "upward_levels",
            "funds_rate",
            "dues_rate",
            "dues_unit",
            "wage_base",
            "note",
        ],
        ordering=["organization__path", "-valid_from"],
        select_related=["organization"],
        org_types=[OrgType.FEDERATION],
        validators=[validators.no_overlap],
        nav_order=80,
        owner_label=_("Federation"),
    )
)

register(
    RecordType(
        model=SpendingCap,
        slug="spending-caps",
        icon="sign-stop",
        **RULES,
        list_display=["organization__name", "purpose", "per_person_year", "valid_from", "valid_to", "source"],
        list_filters=["purpose"],
        search_fields=["source"],
        form_fields=["purpose", "per_person_year", "valid_from", "valid_to", "source"],
        ordering=["organization__path", "purpose", "-valid_from"],
        select_related=["organization"],
        org_types=[OrgType.FEDERATION],
        validators=[validators.no_overlap],
        nav_order=85,
        owner_label=_("Federation"),
    )
)

register(
    RecordType(
        model=AuditPlan,
        slug="audit-plans",
        icon="calendar-check",
        **AUDIT,
        list_display=["year", "title", "adopted_on", "organization__name"],
        list_filters=["year"],
        search_fields=["title", "content"],
        form_fields=["year", "title", "content", "adopted_on"],
        ordering=["-year", "-pk"],
        select_related=["organization"],
        org_types=BOOKKEEPERS,
        nav_order=50,
    )
)

AUDIT_FORM = [
    "plan",
    "kind",
    "audit_date",
    "period_start",
    "period_end",
    "scope",
    "auditors",
    "findings",
    "rectification",
    "rectified_on",
    "reported_on",
]
register(
    RecordType(
        model=Audit,
        slug="audits",
        period_field="audit_date",
        icon="search",
        **AUDIT,
        parent_field="plan",
        list_display=["audit_date", "kind", "scope", "auditors", "rectified_on", "organization__name"],
        list_filters=["kind"],
        search_fields=["scope", "findings", "auditors"],
        form_fields=AUDIT_FORM,
        ordering=["-audit_date", "-pk"],
        select_related=["organization"],
        org_types=BOOKKEEPERS,
        nav_order=55,
    )
)

ASSET_FORM = [
    "name",
    "category",
    "quantity",
    "value",
    "acquired_on",
    "funding_source",
    "funding_detail",
    "voucher",
    "custodian",
    "location",
    "status",
    "disposed_on",
    "disposal_reason",
    "disposal_approval",
]
register(
    RecordType(
        model=Asset,
        slug="assets",
        icon="box-seam",
        **FINANCE,
        list_display=[
            "name",
            "category",
            "quantity",
            "value",
            "acquired_on",
            "funding_source",
            "custodian",
            "status",
            "organization__name",
        ],
        list_filters=["category", "status", "funding_source"],
        search_fields=["name", "custodian", "location"],
        form_fields=ASSET_FORM,
        ordering=["category", "name", "pk"],
        select_related=["organization"],
        org_types=BOOKKEEPERS,
        nav_order=60,
    )
)

register(
    RecordType(
        model=FinancePolicy,
        slug="finance-policies",
        icon="file-earmark-ruled",
        **FINANCE,
        list_display=["kind", "title", "adopted_on", "organization__name"],
        list_filters=["kind"],
        search_fields=["title", "content"],
        form_fields=["kind", "title", "adopted_on", "content"],
        ordering=["kind", "-adopted_on", "pk"],
        select_related=["organization"],
        org_types=BOOKKEEPERS,
        nav_order=70,
    )
)

register_nav(
    NavLink("finance", _("Ledger report"), "finance:ledger", Perm.FINANCE_VIEW, icon="table", order=5)
)
register_nav(
    NavLink(
        "finance",
        _("Dues calculator"),
        "finance:dues-calculator",
        Perm.FINANCE_VIEW,
        icon="calculator",
        order=32,
    )
)
register_panel("orgs", DetailPanel("finance/_org_panel.html", panels.union_panel, order=70))
