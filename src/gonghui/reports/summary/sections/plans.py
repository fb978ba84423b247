"""下一步打算: the union's open rectification tasks (of its assessments up to the year), with their
owners and due dates."""

from __future__ import annotations

from gonghui.assessment.models import RectificationTask, TaskStatus
from gonghui.reports.summary.sections import Ctx, day, h1, not_readable, ordinal, p
from gonghui.reports.summary.text import Block, Figure

METRICS: tuple[str, ...] = ()
CLOSING = (
    "在今后的工作中，我们将在党组织和上级工会的正确领导下，进一步加大工作力度，突出维护职能，"
    "勇于争先创优，不断提升工会工作的整体水平。"
)


def blocks(ctx: Ctx) -> list[Block]:
    return [h1("plans", "下一步打算"), _tasks(ctx), p("plans.closing", CLOSING)]


def _tasks(ctx: Ctx) -> Block:
    if not ctx.can(RectificationTask):
        return p("plans.tasks", not_readable("整改任务"))
    tasks = list(
        RectificationTask.objects.filter(
            organization=ctx.org,
            assessment__campaign__year__lte=ctx.year,
            status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS],
        )
        .select_related("responsible")
        .order_by("due_date", "pk")
    )
    if not tasks:
        return p("plans.tasks", "目前没有未完成的整改任务。")
    url = ctx.url(RectificationTask)
    items, figures = [], []
    for i, t in enumerate(tasks, start=1):
        title = t.title.removeprefix("整改：").removeprefix("整改:").rstrip("。")
        owner = str(t.responsible) if t.responsible_id else "（未指定责任人）"
        items.append(f"{ordinal(i)}是抓好“{title}”的整改，由{owner}负责，{day(t.due_date)}前完成")
        figures.append(Figure(f"tasks.{t.pk}", title, f"{owner}，{day(t.due_date)}前", url))
    text = f"针对考核中发现的问题，分工包干、责任到人，{len(tasks)}项整改任务正在推进：{'；'.join(items)}。"
    return p("plans.tasks", text, figures)
