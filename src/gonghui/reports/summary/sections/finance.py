"""经费与经审: income and spending by category, budget execution, remittance to the higher
union, the funds review committee's audits, financial rules and assets."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from gonghui.finance.models import (
    EXPENDITURE_CATEGORIES,
    INCOME_CATEGORIES,
    Audit,
    Budget,
    Category,
    FinancePolicy,
    Remittance,
    VoucherLine,
    VoucherStatus,
)
from gonghui.reports.summary.sections import (
    Ctx,
    h1,
    listed,
    not_readable,
    p,
    pct,
    percentage,
    sentence,
    some,
    yuan,
)
from gonghui.reports.summary.text import Block, Figure

METRICS = ("remittance_due", "remittance_paid")


def blocks(ctx: Ctx) -> list[Block]:
    out = [h1("finance", "经费与经审")]
    if not ctx.can(VoucherLine):
        out.append(p("finance.funds", not_readable("工会经费收支、预算和经费审查")))
        return out
    funds, spent = _funds(ctx)
    return [*out, funds, _budget(ctx, spent), _audits(ctx)]


def _funds(ctx: Ctx) -> tuple[Block, Decimal]:
    """The paragraph of income and spending, and the year's spending (for the budget's execution)."""
    rows = dict(
        ctx.within(
            VoucherLine.objects.filter(
                voucher__status=VoucherStatus.POSTED, voucher__date__gte=ctx.start, voucher__date__lte=ctx.end
            )
        )
        .order_by()
        .values_list("category")
        .annotate(total=Sum("amount"))
    )
    if not rows:
        return p("finance.funds", f"{ctx.year}年度尚未录入已记账的经费收支凭证。"), Decimal(0)
    url = ctx.url(VoucherLine)
    income = sum((Decimal(rows.get(c) or 0) for c in INCOME_CATEGORIES), Decimal(0))
    spent = sum((Decimal(rows.get(c) or 0) for c in EXPENDITURE_CATEGORIES), Decimal(0))
    figures = [
        Figure("funds_income", "经费收入", yuan(income), url),
        Figure("funds_expenditure", "经费支出", yuan(spent), url),
        Figure("funds_balance", "收支结余", yuan(income - spent), url),
    ]

    def by_category(categories: tuple[str, ...] | list[str]) -> list[str]:
        found = [(c, rows[c]) for c in categories if rows.get(c)]
        found.sort(key=lambda r: -r[1])
        for c, v in found:
            figures.append(Figure(f"funds.{c}", str(Category(c).label), yuan(v), url))
        return [f"{Category(c).label}{yuan(v)}" for c, v in found]

    ins = by_category(INCOME_CATEGORIES)
    outs = by_category(EXPENDITURE_CATEGORIES)
    text = f"全年经费收入{yuan(income)}" + (f"（{listed(ins)}）" if ins else "")
    text += f"，经费支出{yuan(spent)}" + (f"（{listed(outs)}）" if outs else "")
    text += f"，收支结余{yuan(income - spent)}。"
    return p("finance.funds", text, figures), spent


def _budget(ctx: Ctx, spent: Decimal) -> Block:
    parts, figures = [], []
    budgeted = ctx.within(
        Budget.objects.filter(year=ctx.year, category__in=EXPENDITURE_CATEGORIES)
    ).aggregate(total=Sum("amount"))["total"]
    if budgeted:
        figures.append(Figure("budget.expenditure", "支出预算", yuan(budgeted), ctx.url(Budget)))
        text = f"年初编制经费预算，支出预算{yuan(budgeted)}"
        rate = percentage(spent, budgeted)
        if rate is not None:
            figures.append(Figure("budget_execution_rate", "预算执行率", pct(rate), ctx.url(Budget)))
            text += f"，预算执行率{pct(rate)}"
        parts.append(text)
    else:
        parts.append(f"{ctx.year}年度尚未录入经费预算")
    due, paid = ctx.m("remittance_due") or 0, ctx.m("remittance_paid") or 0
    if due:
        url = ctx.url(Remittance)
        figures.append(Figure("remittance_due", "应上缴上级工会", yuan(due), url))
        figures.append(Figure("remittance_paid", "已上缴上级工会", yuan(paid), url))
        parts.append(
            f"应上缴上级工会经费{yuan(due)}，"
            + ("已按下达的指标足额上缴" if paid >= due else f"已上缴{yuan(paid)}，尚欠{yuan(due - paid)}")
        )
    policies = list(
        ctx.within(FinancePolicy.objects.filter(adopted_on__lte=ctx.end))
        .order_by("adopted_on")
        .values_list("title", flat=True)
    )
    if policies:
        figures.append(Figure("finance_rules", "财务制度", f"{len(policies)}项", ctx.url(FinancePolicy)))
        parts.append(
            f"建立健全了{some('《' + t.strip('《》') + '》' for t in policies)}"
            f"等{len(policies)}项财务制度并严格执行"
        )
    return p("finance.budget", sentence(parts), figures)


def _audits(ctx: Ctx) -> Block:
    rows = list(
        ctx.within(Audit.objects.filter(audit_date__gte=ctx.start, audit_date__lte=ctx.end))
        .order_by("audit_date", "pk")
        .values_list("audit_date", "scope", "findings")
    )
    if not rows:
        return p("finance.audit", f"{ctx.year}年度尚未录入经费审查记录。")
    url = ctx.url(Audit)
    items = [f"{d.month}月{d.day}日{scope}" for d, scope, _f in rows]
    return p(
        "finance.audit",
        f"经费审查委员会全年组织经审人员对经费收支进行审查和监督{len(rows)}次（{listed(items)}），"
        "审查结果向会员（代表）大会报告，工会经费收支经过审计。",
        [Figure("audit_count", "经费审查", f"{len(rows)}次", url)],
    )
