"""Assessment: standards (criteria trees loaded from files), campaigns, assessments, scores, tasks.

A standard is a published document shared by the federations that use it: it is not
union-owned, so it carries an optional publisher instead of the scoped ``organization``
of union records; its visibility is decided in ``selectors.visible_standards``. Everything
a campaign produces (the campaign itself, each union's assessment, item scores, inspector
assignments, rectification tasks) belongs to an organization and is scoped as usual.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.core.opinions import WithOpinions
from gonghui.core.scope import OrgScopedManager

POINTS = {"max_digits": 7, "decimal_places": 2}


class Standard(models.Model):
    """One version of a scoring standard (考核评分标准). Immutable once loaded."""

    # The federation that published it; empty for the standards shipped with gonghui.
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("publisher"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    code = models.CharField(_("code"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    total_points = models.DecimalField(_("total points"), **POINTS)
    bonus_max = models.DecimalField(_("bonus points at most"), default=Decimal(0), **POINTS)
    grades = models.JSONField(_("grades"), default=list)  # [{"name": "优秀", "min": "90"}], best first
    # The best grade an assessment may take while a mandatory item is short ("" = the lowest).
    mandatory_cap = models.CharField(_("grade cap of a missed mandatory item"), max_length=30, blank=True)
    unit_types = models.JSONField(_("unit types"), default=list)
    definition = models.JSONField(_("definition"))  # the normalized file content
    content_hash = models.CharField(_("content hash"), max_length=64, db_index=True)
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("loaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("scoring standard")
        verbose_name_plural = _("scoring standards")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "code", "version"],
                condition=models.Q(organization__isnull=False),
                name="uniq_standard_version_published",
            ),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(organization__isnull=True),
                name="uniq_standard_version_shipped",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title}（v{self.version}）"


class CriterionKind(models.TextChoices):
    SECTION = "section", _("Section")
    ITEM = "item", _("Item")
    SUB = "sub", _("Sub-item")
    BONUS = "bonus", _("Bonus item")
    VETO = "veto", _("Veto item")


class Criterion(models.Model):
    """A node of a standard's criteria tree: section → item → sub-item; bonus and veto items."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="criteria")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    code = models.CharField(pgettext_lazy("standard item", "code"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    points = models.DecimalField(_("points"), default=Decimal(0), **POINTS)
    guidance = models.TextField(_("scoring guidance"), blank=True)
    evidence = models.TextField(_("evidence expected"), blank=True)
    rule = models.JSONField(_("rule"), default=dict, blank=True)
    # 必备: short of its full points, the assessment's grade is capped (Standard.mandatory_cap).
    mandatory = models.BooleanField(_("mandatory"), default=False)
    # Values the union reports with its self-assessment: [{key, label, type}] (see fields.py).
    fields = models.JSONField(_("reported fields"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["standard", "position"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="uniq_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_manual(self) -> bool:
        return self.rule.get("type") == "manual"


class Campaign(models.Model):
    """A federation's assessment campaign (考核活动) of the unions of a subtree for a year."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("federation"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000)])
    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.PROTECT, related_name="campaigns"
    )
    root = models.ForeignKey(
        "orgs.Organization", verbose_name=_("covered subtree"), on_delete=models.PROTECT, related_name="+"
    )
    org_types = models.JSONField(_("covered union types"), default=list)
    self_deadline = models.DateField(_("self-assessment deadline"))
    acceptance_deadline = models.DateField(_("acceptance deadline"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment campaign")
        verbose_name_plural = _("assessment campaigns")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "name"], name="uniq_campaign_name"),
            models.CheckConstraint(
                condition=models.Q(acceptance_deadline__gte=models.F("self_deadline")),
                name="campaign_acceptance_after_self",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    SELF_ASSESSING = "self_assessing", _("Self-assessing")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    UNDER_REVIEW = "under_review", _("Under review")
    ACCEPTED = "accepted", _("Accepted")


# Statuses in which the union scores itself and the scores follow the records.
SELF_EDITABLE = (Status.NOT_STARTED, Status.SELF_ASSESSING, Status.RETURNED)
REVIEW_EDITABLE = (Status.SUBMITTED, Status.UNDER_REVIEW)
# Statuses in which the inspector's column is the assessment's score.
REVIEW_SIDE = (Status.UNDER_REVIEW, Status.ACCEPTED)


class Assessment(WithOpinions):
    """One union's assessment in a campaign: computed item values, totals, workflow state.

    It is the union's application for acceptance (验收申请): it carries the opinions of the party
    organization, the administration and the higher union, as the paper form does."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    # {criterion code: [metric value, points]} from the records; frozen from submission on.
    computed = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    # {criterion code: points} on the side that counts now (the union's, then the inspector's).
    points = models.JSONField(default=dict, blank=True)
    self_total = models.DecimalField(_("self-assessment score"), default=Decimal(0), **POINTS)
    review_total = models.DecimalField(_("inspection score"), default=Decimal(0), **POINTS)
    score = models.DecimalField(_("score"), default=Decimal(0), **POINTS)
    grade = models.CharField(_("grade"), max_length=30, blank=True)
    vetoed = models.BooleanField(_("vetoed"), default=False)
    return_reason = models.TextField(_("reason for return"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrgScopedManager()
    history = HistoricalRecords(excluded_fields=["computed", "computed_at", "points"])

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["campaign", "organization__path"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="uniq_assessment_union")
        ]
        indexes = [models.Index(fields=["campaign", "status"]), models.Index(fields=["campaign", "score"])]

    def __str__(self) -> str:
        return f"{self.organization} · {self.campaign}"

    @property
    def review_editable(self) -> bool:
        return self.status in REVIEW_EDITABLE

    @property
    def inspected(self) -> bool:
        """The inspector has taken it up (scored an item or begun the review): until then its
        inspection column is only the computed default, shown nowhere as a 考核得分."""
        return self.status in REVIEW_SIDE

    @property
    def inspection_total(self) -> Decimal | None:
        return self.review_total if self.inspected else None


class ItemScore(models.Model):
    """The people's scores of one item: the union's self-score and the inspector's, with comments.

    Created when someone first scores the item or uploads evidence for it. ``version``
    grows with every save: a save that started from an older version is refused.
    """

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="item_scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    self_points = models.DecimalField(_("self-score"), null=True, blank=True, **POINTS)
    self_comment = models.TextField(_("self-assessment comment"), blank=True)
    review_points = models.DecimalField(_("inspection score"), null=True, blank=True, **POINTS)
    review_comment = models.TextField(_("inspection comment"), blank=True)
    # The numbers the union reports for the item ({field key: value as text}), declared by the
    # item's ``fields`` in the standard; a rule may read them where no record exists.
    reported = models.JSONField(_("reported values"), default=dict, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrgScopedManager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("item score")
        verbose_name_plural = _("item scores")
        constraints = [models.UniqueConstraint(fields=["assessment", "criterion"], name="uniq_item_score")]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.criterion.code}"


class Assignment(models.Model):
    """An inspector assigned to review one union's assessment."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="assignments")
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.CASCADE,
        related_name="assessment_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("inspector assignment")
        verbose_name_plural = _("inspector assignments")
        constraints = [models.UniqueConstraint(fields=["assessment", "inspector"], name="uniq_assignment")]

    def __str__(self) -> str:
        return f"{self.inspector} → {self.organization}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class RectificationTask(models.Model):
    """A gap turned into work (整改任务): one item, one owner, a due date, evidence of the fix."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="tasks"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("task"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="rectification_tasks",
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.OPEN, db_index=True
    )
    plan = models.TextField(_("measures"), blank=True)
    result = models.TextField(pgettext_lazy("rectification", "result"), blank=True)
    points_lost = models.DecimalField(
        _("points lost when opened"), default=Decimal(0), editable=False, **POINTS
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rectification task")
        verbose_name_plural = _("rectification tasks")
        ordering = ["status", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class Target(models.Model):
    """A target a federation sets for a campaign (目标任务数): per union, or per union type.

    A rule ``target: <metric>`` scores the union's value of the metric as a percentage of its
    target; the union's own target wins over the one of its type. Owned by the campaign's
    federation, which alone sets them.
    """

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("federation"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="targets"
    )
    metric = models.CharField(_("metric"), max_length=60)
    union = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("union"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    org_type = models.CharField(_("union type"), max_length=20, blank=True)
    value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrgScopedManager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["campaign", "metric", "union__path", "org_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "metric", "union"],
                condition=models.Q(union__isnull=False),
                name="uniq_target_union",
            ),
            models.UniqueConstraint(
                fields=["campaign", "metric", "org_type"],
                condition=models.Q(union__isnull=True),
                name="uniq_target_type",
            ),
            models.CheckConstraint(
                condition=(models.Q(union__isnull=False) & models.Q(org_type=""))
                | (models.Q(union__isnull=True) & ~models.Q(org_type="")),
                name="target_union_or_type",
            ),
            models.CheckConstraint(condition=models.Q(value__gt=0), name="target_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.metric}"
