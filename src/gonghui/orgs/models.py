# treebeard is untyped: the plugin does not see Organization (an MP_Node) as a model.
# mypy: disable-error-code="var-annotated"
from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager

from gonghui.core.fields import BinaryPathField
from gonghui.core.scope import OrgScopedManager
from gonghui.orgs.validators import validate_credit_code


class OrgType(models.TextChoices):
    FEDERATION = "federation", _("Federation")
    TOWNSHIP = "township", _("Township / street union")
    GRASSROOTS = "grassroots", _("Grassroots union")
    JOINT = "joint", _("Joint grassroots union")
    BRANCH = "branch", _("Branch union")
    GROUP = "group", _("Union group")


class UnitKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    AGENCY = "agency", _("Government agency")
    INSTITUTION = "institution", _("Public institution")
    VILLAGE = "village", _("Village / community")
    OTHER = "other", _("Other")


class JointKind(models.TextChoices):
    """What a joint union gathers (联合基层工会 and its kinds): the employers it covers differ."""

    ENTERPRISES = "enterprises", _("Joint union of small employers")  # 联合工会
    REGIONAL = "regional", _("Regional union")  # 区域性工会联合会
    SECTOR = "sector", _("Sector union")  # 行业性工会联合会
    VILLAGE = "village", _("Village or community union")  # 村/社区联合工会
    PARK = "park", _("Industrial park union")  # 园区
    BUILDING = "building", _("Office building union")  # 楼宇


class OrgStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISSOLVED = "dissolved", _("Dissolved")


# Which parent types each organization type may sit under (None: may be a root).
ALLOWED_PARENTS: dict[str, set[str | None]] = {
    OrgType.FEDERATION: {None, OrgType.FEDERATION},
    OrgType.TOWNSHIP: {OrgType.FEDERATION},
    OrgType.GRASSROOTS: {OrgType.FEDERATION, OrgType.TOWNSHIP},
    OrgType.JOINT: {OrgType.FEDERATION, OrgType.TOWNSHIP},
    OrgType.BRANCH: {OrgType.GRASSROOTS, OrgType.JOINT, OrgType.BRANCH},
    OrgType.GROUP: {OrgType.GRASSROOTS, OrgType.JOINT, OrgType.BRANCH},
}

phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$",
    _("Enter a mobile number (11 digits) or a landline such as 0755-12345678."),
)
code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]{1,39}$",
    _("Use 2 to 40 letters, digits, '-' or '_'."),
)


class OrganizationManager(MP_NodeManager):
    pass


class Organization(MP_Node):
    """A node of the union tree: a federation, a union, a branch or a group."""

    path = BinaryPathField(max_length=255, unique=True)
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    org_type = models.CharField(_("type"), max_length=20, choices=OrgType.choices)
    unit_kind = models.CharField(_("unit kind"), max_length=20, choices=UnitKind.choices, blank=True)
    joint_kind = models.CharField(_("joint union kind"), max_length=20, choices=JointKind.choices, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=20, blank=True, validators=[phone_validator]
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    legal_person_cert_no = models.CharField(_("legal-person certificate number"), max_length=40, blank=True)
    legal_person_registered_on = models.DateField(_("legal-person registration date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=OrgStatus.choices, default=OrgStatus.ACTIVE, db_index=True
    )
    dissolved_on = models.DateField(_("dissolution date"), null=True, blank=True)
    dissolved_reason = models.CharField(_("dissolution reason"), max_length=200, blank=True)

    objects = OrgScopedManager("pk", base=OrganizationManager)
    history = HistoricalRecords(excluded_fields=["depth", "numchild"])

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        # A kind says what a joint union gathers; on any other type it would be a stray label.
        # A joint union without one is allowed (older records never said).
        if self.joint_kind and self.org_type != OrgType.JOINT:
            raise ValidationError(
                {"joint_kind": _("Only a joint grassroots union has a joint union kind: leave it empty.")}
            )

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    @property
    def parent_path(self) -> str | None:
        return self.path[: -self.steplen] or None


class EmployerYear(models.Model):
    """The employer's facts for one year (所在单位): the base of every rate."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="employer_years"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1949)])
    employer_name = models.CharField(_("employer name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    employees = models.PositiveIntegerField(_("employees"))
    women_employees = models.PositiveIntegerField(_("women employees"), default=0)
    migrant_workers = models.PositiveIntegerField(_("migrant workers"), default=0)
    dispatched_workers = models.PositiveIntegerField(_("dispatched workers"), default=0)
    above_scale = models.BooleanField(
        _("above-scale enterprise"),
        default=False,
        help_text=_(
            "An industrial enterprise with a yearly main business income of 20 million yuan or more."
        ),
    )
    average_wage = models.DecimalField(
        _("average yearly wage (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    sector = models.CharField(_("sector"), max_length=60, blank=True)
    ownership = models.CharField(_("ownership"), max_length=60, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employer facts")
        verbose_name_plural = _("employer facts")
        ordering = ["organization__path", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="uniq_employer_year"),
            models.CheckConstraint(
                condition=models.Q(women_employees__lte=models.F("employees")),
                name="employer_women_lte_employees",
            ),
            models.CheckConstraint(
                condition=models.Q(migrant_workers__lte=models.F("employees")),
                name="employer_migrants_lte_employees",
            ),
            models.CheckConstraint(
                condition=models.Q(dispatched_workers__lte=models.F("employees")),
                name="employer_dispatched_lte_employees",
                violation_error_message=_("Dispatched workers cannot exceed employees."),
            ),
            models.CheckConstraint(
                condition=models.Q(average_wage__isnull=True) | models.Q(average_wage__gte=0),
                name="employer_average_wage_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employer_name} {self.year}"

    def clean(self) -> None:
        errors = {}
        if self.employees is not None:
            if self.women_employees and self.women_employees > self.employees:
                errors["women_employees"] = _("Women employees cannot exceed employees.")
            if self.migrant_workers and self.migrant_workers > self.employees:
                errors["migrant_workers"] = _("Migrant workers cannot exceed employees.")
            if self.dispatched_workers and self.dispatched_workers > self.employees:
                errors["dispatched_workers"] = _("Dispatched workers cannot exceed employees.")
        if errors:
            raise ValidationError(errors)


class CoveredEmployer(models.Model):
    """An employer a joint, regional or sector union covers (覆盖单位): its workers are members
    through that union, and a regional or sector collective contract can list it."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("union"), on_delete=models.CASCADE, related_name="covered_employers"
    )
    name = models.CharField(_("employer name"), max_length=100)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    employees = models.PositiveIntegerField(_("employees"), default=0)
    women_employees = models.PositiveIntegerField(_("women employees"), default=0)
    migrant_workers = models.PositiveIntegerField(_("migrant workers"), default=0)
    joined_on = models.DateField(_("covered since"))
    left_on = models.DateField(_("covered until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("covered employer")
        verbose_name_plural = _("covered employers")
        ordering = ["organization__path", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "credit_code"],
                condition=~models.Q(credit_code=""),
                name="uniq_covered_employer_code",
                violation_error_message=_("This union already covers an employer with this credit code."),
            ),
            models.CheckConstraint(
                condition=models.Q(women_employees__lte=models.F("employees")),
                name="covered_women_lte_employees",
            ),
            models.CheckConstraint(
                condition=models.Q(migrant_workers__lte=models.F("employees")),
                name="covered_migrants_lte_employees",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="covered_left_after_joined",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.employees is not None:
            if self.women_employees and self.women_employees > self.employees:
                errors["women_employees"] = _("Women employees cannot exceed employees.")
            if self.migrant_workers and self.migrant_workers > self.employees:
                errors["migrant_workers"] = _("Migrant workers cannot exceed employees.")
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            errors["left_on"] = _("The end of coverage cannot be before its start.")
        if errors:
            raise ValidationError(errors)


class AreaYear(models.Model):
    """A township's or street's facts for one year (乡镇/街道基本情况): the ground its unions cover."""

    organization = models.ForeignKey(
        Organization, verbose_name=_("union"), on_delete=models.CASCADE, related_name="area_years"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1949)])
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    villages = models.PositiveIntegerField(_("administrative villages"), default=0)
    communities = models.PositiveIntegerField(_("communities"), default=0)
    employers = models.PositiveIntegerField(_("enterprises and other employers in the area"), default=0)
    employees_in_area = models.PositiveIntegerField(_("employees in the area"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = OrgScopedManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("area facts")
        verbose_name_plural = _("area facts")
        ordering = ["organization__path", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                name="uniq_area_year",
                violation_error_message=_("The facts of this area for this year are already entered."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.year}"
