"""Members (会员花名册): one row per person and union membership period.

A person has one current record (``Member.is_current``; the ID number is unique among current
records). When another union takes a person over through an approved ``TransferRequest``, the
holding union's record is closed (no longer current) and stays with that union, with its own
events and history; the new union gets a new record of its own. Each record, its events and
its history carry one union: scoping stays a single indexed ``organization`` filter.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gonghui.accounts.roles import Perm
from gonghui.core.fields import BinaryPathField, IsNot
from gonghui.core.scope import OrgScopedManager
from gonghui.core.sensitivity import Mask, Sensitive
from gonghui.core.texts import shown
from gonghui.members.choices import (  # noqa: F401 (re-exported: other apps import them from here)
    COUNTED_STATUSES,
    WORKING_STATUSES,
    Education,
    EmploymentType,
    Ethnicity,
    Gender,
    IdType,
    MemberStatus,
    ModelWorkerLevel,
    PoliticalStatus,
)
from gonghui.members.pinyin import name_keys
from gonghui.members.validators import id_facts, normalize_id, normalize_mobile, validate_mobile
from gonghui.orgs.models import OrgType

# The condition of the roster's index of members not active; a query that filters on it, written
# the same, can use that index.
NOT_ACTIVE = models.Q(IsNot("status", MemberStatus.ACTIVE))


# A person's current record: the condition of the unique index of ID numbers.
CURRENT = models.Q(is_current=True)


# A transfer's events name the other union; a query for transfers states it to use their indexes.
TRANSFERS = models.Q(counterpart__isnull=False)


class Member(models.Model):
    """A union member. ``organization`` is the union that holds the membership now.

    ``status`` and ``organization`` are the current state; the membership events hold
    the whole story, so counts at any past date come from the events.
    """

    # Indexed through the composite index below that starts with it: fewer indexes to keep up
    # to date when 100,000 rows are imported.
    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,
    )
    union_group = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("union group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_members",
        db_index=False,
    )
    # Byte-ordered (BinaryPathField) so that a prefix search is one index range scan on both databases.
    name = BinaryPathField(pgettext_lazy("person", "name"), max_length=50)
    # Precomputed for search: full spelling ("zhangsan") and initials ("zs"), lower case.
    name_pinyin = BinaryPathField(max_length=200, blank=True, db_index=True, editable=False)
    name_initials = BinaryPathField(max_length=50, blank=True, db_index=True, editable=False)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True, choices=Ethnicity.choices)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    # Unique among current records (members_id_current_uniq): a person is a member of one
    # union at a time; the records of past periods at other unions keep the number too.
    id_number = models.CharField(_("ID number"), max_length=30)
    # The ID number reversed: "search by the last digits" becomes a prefix range scan.
    id_number_rev = BinaryPathField(max_length=30, blank=True, db_index=True, editable=False)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True, validators=[validate_mobile])
    education = models.CharField(_("education"), max_length=20, blank=True, choices=Education.choices)
    political_status = models.CharField(
        _("political status"), max_length=20, blank=True, choices=PoliticalStatus.choices
    )
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, default=EmploymentType.CONTRACT
    )
    job = models.CharField(_("job"), max_length=60, blank=True)
    join_date = models.DateField(_("join date"), null=True, blank=True)
    card_number = BinaryPathField(_("member card number"), max_length=30, blank=True, db_index=True)
    model_worker_level = models.CharField(
        _("model-worker title"), max_length=20, blank=True, choices=ModelWorkerLevel.choices
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.ACTIVE
    )
    # The person's current record (False: a past period, closed when another union took the
    # person over). A database default too: the importer's INSERTs leave the column out.
    is_current = models.BooleanField(_("current record"), default=True, db_default=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    # Personal data: masked for everyone, unmasked on demand by holders of the right (recorded).
    # The birth date is digits 7-14 of a resident ID: beside the masked number it would give
    # most of it away. (id_number_rev is the ID number reversed: never shown, never exported.)
    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
        "id_number_rev": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
        "birth_date": Sensitive(Perm.PERSONAL_DATA, Mask.DATE),
        "mobile": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE),
    }

    objects = OrgScopedManager(group_field="union_group")
    history = HistoricalRecords(
        excluded_fields=["name_pinyin", "name_initials", "id_number_rev", "updated_at", "is_current"],
        no_db_index=["organization", "union_group", "created_by", "card_number", "id_number"],  # read by id
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["organization", "name", "pk"]
        indexes = [
            # Members not active, filtered for across a federation (retained, left ...): an
            # import writes active members only, so it has nothing to add to this index.
            models.Index(
                fields=["organization", "status"], name="members_not_active_idx", condition=NOT_ACTIVE
            ),
            models.Index(fields=["organization", "name"], name="members_org_name_idx"),
            models.Index(fields=["name", "id"], name="members_name_idx"),
        ]
        constraints = [
            # One current record per person. Queries that look a person up state CURRENT as
            # written, so that SQLite too reads this index; the import's INSERT names it in
            # its ON CONFLICT clause.
            models.UniqueConstraint(fields=["id_number"], condition=CURRENT, name="members_id_current_uniq"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        # Search keys are derived data: keep them right whoever saves the row.
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """Normalize the ID number and phone and compute the search keys (also done by the importer)."""
        self.name = (self.name or "").strip()
        self.id_number = normalize_id(self.id_number)
        self.id_number_rev = self.id_number[::-1]
        self.mobile = normalize_mobile(self.mobile)
        self.name_pinyin, self.name_initials = name_keys(self.name)

    def clean(self) -> None:
        """Cross-check the ID number with the birth date and gender; derive them when left blank."""
        self.fill_derived()
        errors: dict[str, list[str]] = {}
        try:
            facts = id_facts(self.id_type, self.id_number)
        except ValidationError as e:
            errors["id_number"] = e.messages
            facts = None
        if facts is not None:
            if self.birth_date is None:
                self.birth_date = facts.birth_date
            elif self.birth_date != facts.birth_date:
                errors["birth_date"] = [
                    _("The ID number says the birth date is %(d)s.") % {"d": facts.birth_date.isoformat()}
                ]
            if not self.gender:
                self.gender = facts.gender
            elif self.gender != facts.gender:
                errors["gender"] = [
                    _("The ID number says the gender is %(g)s.") % {"g": Gender(facts.gender).label}
                ]
        today = timezone.localdate()
        for name in ("birth_date", "join_date"):
            if getattr(self, name) is not None and getattr(self, name) > today and name not in errors:
                errors[name] = [_("The date cannot be in the future.")]
        if self.birth_date and self.join_date and self.join_date < self.birth_date:
            errors["join_date"] = [_("The join date cannot be before the birth date.")]
        if not self.gender and "gender" not in errors:
            errors["gender"] = [_("Choose the gender.")]
        if self.union_group_id is not None and self.union_group.org_type != OrgType.GROUP:
            errors["union_group"] = [_("Choose a union group.")]
        if errors:
            raise ValidationError(errors)


class EventKind(models.TextChoices):
    JOIN = "join", _("Joined")
    TRANSFER_OUT = "transfer_out", _("Transferred out")
    TRANSFER_IN = "transfer_in", _("Transferred in")
    TRANSFER_CANCEL = "transfer_cancel", _("Transfer withdrawn or refused")
    RETAIN = "retain", _("Membership retained")
    LEAVE = "leave", _("Left")
    DEATH = "death", _("Died")


class EventReason(models.TextChoices):
    RETIREMENT = "retirement", _("Retirement")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    EMPLOYER_CLOSED = "employer_closed", _("Employer closed")
    VOLUNTARY = "voluntary", _("Written request")
    LAPSED = "lapsed", _("Six months without dues or union life")
    EXPELLED = "expelled", _("Expelled")
    REFUSED = "refused", _("Refused by the receiving union")
    WITHDRAWN = "withdrawn", _("Withdrawn by the releasing union")


class MembershipEvent(models.Model):
    """One step of a membership: the state (union, status) it starts, from ``on`` until ``ends_on``.

    ``ends_on`` is the date of the member's next event (None for the current state), so the
    members of any union at any past date are one range filter:
    ``on <= day < ends_on`` (or ``ends_on`` empty) and a counted status.
    """

    organization = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("union"),
        on_delete=models.PROTECT,
        related_name="membership_events",
        help_text=_("The union that holds the membership from this event on."),
        db_index=False,  # (organization, on) below
    )
    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("event"), max_length=20, choices=EventKind.choices)
    on = models.DateField(_("date"))
    status = models.CharField(_("status after"), max_length=20, choices=MemberStatus.choices)
    ends_on = models.DateField(_("until"), null=True, blank=True)
    # The other union of a transfer: the receiving one (out) or the releasing one (in).
    counterpart = models.ForeignKey(
        "orgs.Organization",
        verbose_name=_("other union"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # (counterpart, ends_on) below
    )
    reason = models.CharField(_("reason"), max_length=20, choices=EventReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )

    objects = OrgScopedManager(group_field="member__union_group")
    history = HistoricalRecords(no_db_index=["organization", "counterpart", "created_by", "member"])

    class Meta:
        verbose_name = _("membership event")
        verbose_name_plural = _("membership events")
        ordering = ["member", "on", "pk"]
        indexes = [
            # The JOIN events (all but a few) are read per union and day: (organization, on).
            models.Index(fields=["organization", "on"], name="members_evt_org_on_idx"),
            # Transfers only, by kind and day, and by the other union: nothing for an import to add.
            models.Index(fields=["kind", "on"], name="members_evt_transfer_idx", condition=TRANSFERS),
            models.Index(
                fields=["counterpart", "ends_on"], name="members_evt_counterpart_idx", condition=TRANSFERS
            ),
        ]

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.get_kind_display()}"


class TransferStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", pgettext_lazy("request status", "Approved")
    REFUSED = "refused", pgettext_lazy("request status", "Refused")
    CANCELLED = "cancelled", _("Withdrawn by the requesting union")


class TransferRequest(models.Model):
    """A union asks to take over a person whose record another union holds (转会申请).

    ``organization`` is the requesting union (the scope's field: its users see their requests);
    ``holder`` the union that held the record when the request was made. The holder's side
    reads the requests through ``selectors.transfer_requests`` (by ``holder``'s subtree and the
    permission to edit its members). The requesting side is never told which union holds the
    person: ``holder``, ``member`` and the decider are shown to the deciding side only.
    """

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("requesting union"), on_delete=models.PROTECT, related_name="+"
    )
    holder = models.ForeignKey(
        "orgs.Organization", verbose_name=_("holding union"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        Member, verbose_name=_("record held"), on_delete=models.PROTECT, related_name="transfer_requests"
    )
    # The requesting union's new record, once approved.
    joined = models.ForeignKey(
        Member,
        verbose_name=_("new membership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)  # as the requester typed it
    id_number = models.CharField(_("ID number"), max_length=30)
    join_date = models.DateField(_("join date"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING
    )
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
    }

    objects = OrgScopedManager()
    history = HistoricalRecords(no_db_index=["organization", "holder", "member", "joined"])

    class Meta:
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One open request per person and requesting union.
            models.UniqueConstraint(
                fields=["member", "organization"],
                condition=models.Q(status="pending"),
                name="members_transfer_request_open_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.organization_id}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    CHECKING = "checking", _("Checking")
    CHECKED = "checked", _("Checked, ready to import")
    INVALID = "invalid", _("Problems found")
    WRITING = "writing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


FINISHED_IMPORT_STATUSES = {
    ImportStatus.CHECKED,
    ImportStatus.INVALID,
    ImportStatus.DONE,
    ImportStatus.FAILED,
}


def import_file_path(instance: ImportJob, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"imports/{instance.organization_id}/{uuid.uuid4().hex}{suffix}"


class ImportJob(models.Model):
    """An uploaded roster file: checked, previewed, then written all at once (or not at all)."""

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=import_file_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new members"), default=0)
    updated = models.PositiveIntegerField(_("updated members"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged members"), default=0)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    # The first problems for the preview: [[row, column, message], ...]; the annotated
    # workbook lists them all.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    # The first warnings (unlikely ages), in the same form; they do not stop the import.
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    warnings = models.JSONField(_("warnings"), default=list, blank=True)
    message = models.CharField(_("message"), max_length=300, blank=True)
    commit_requested = models.BooleanField(default=False)
    # The process checking or writing the file (``core.processes``): a job whose runner died
    # half-way is ended by ``importer.jobs.reap_imports``.
    runner = models.CharField(max_length=100, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrgScopedManager()
    history = HistoricalRecords(excluded_fields=["progress", "problems", "warnings", "runner"])

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_IMPORT_STATUSES

    @property
    def problem_rows(self) -> list[tuple[Any, str, str]]:
        """The listed problems in the reader's language: kept as msgid and params
        (``core.texts``), a row stored before as the text it was saved with."""
        return [(row, column, shown(message)) for row, column, message in self.problems]

    @property
    def message_text(self) -> str:
        return shown(self.message)


class TallyState(models.Model):
    """Whether one union's ``MemberTally`` rows are current: built on ``built_on``, unchanged since.

    Every roster write sets ``dirty`` in its own transaction (``tallies.mark_dirty``); a rebuild
    claims the stale rows with ``token`` (an UPDATE, which on PostgreSQL locks them), counts,
    and clears both. A union without a row has never been counted: it is stale too.
    """

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    built_on = models.DateField(null=True, blank=True)
    dirty = models.BooleanField(default=True)
    token = models.CharField(max_length=32, blank=True, default="")
    # Counts every roster write of the union: a ``SnapshotState`` built from another is stale.
    generation = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.organization_id} {self.built_on} {'dirty' if self.dirty else 'clean'}"


class MemberTally(models.Model):
    """How many counted members one union holds, by status, by gender, by employment type, by age band.

    Derived data (``members/tallies.py``): one row per (dimension, value), so a union has about
    fifteen rows however varied its members; the age band is the age on ``TallyState.built_on``.
    The statistics of today add these rows up instead of reading every member.
    """

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    dimension = models.CharField(max_length=20)  # status, gender, employment_type or age_band
    value = models.CharField(max_length=20)  # the member field's value; an AgeBand code or ""
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organization", "dimension"], name="members_tally_org_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.dimension}={self.value}: {self.n}"


class SnapshotState(models.Model):
    """One union's ``MemberSnapshot`` rows of day ``as_of`` were counted at roster ``generation``.

    Current while the union's ``TallyState.generation`` (0 without a row) is the same.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    generation = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["as_of", "organization"], name="members_snapshot_state_uniq")
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.as_of} @{self.generation}"


class MemberSnapshot(models.Model):
    """``MemberTally`` for a year's end: one union's counted members on ``as_of`` from the events.

    Derived data (``members/snapshots.py``), so that the member figures of a year (the home
    page, the dashboards) add up a few rows per union instead of every membership event.
    Besides the tallies' dimensions: ``events`` (the union's membership events up to that day:
    it keeps a roster).
    """

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    as_of = models.DateField()
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=20)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["as_of", "organization", "dimension"], name="members_snapshot_idx")]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.as_of} {self.dimension}={self.value}: {self.n}"


class JoinStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    # A person whose ID number is on another union's roster: on approval, a transfer request.
    TRANSFER = "transfer", _("Already a member elsewhere: transfer to be arranged")
    APPROVED = "approved", pgettext_lazy("request status", "Approved")
    REJECTED = "rejected", pgettext_lazy("join status", "Not accepted")


# Applications that still wait for the union's decision (one per person and union).
OPEN_JOIN_STATUSES = [JoinStatus.PENDING, JoinStatus.TRANSFER]


class JoinApplication(models.Model):
    """入会申请: a person signed in on the phone asks a union (the QR code it prints) to join.

    The union's officers approve (a roster record with its JOIN event, the applicant's account
    bound to it; for a person another union holds, a ``TransferRequest``) or reject with a
    reason the applicant reads. ``member`` is the roster record made on approval: the JOIN
    events of these records are the online joins the statistics count apart.
    """

    organization = models.ForeignKey(
        "orgs.Organization", verbose_name=_("union"), on_delete=models.PROTECT, related_name="+"
    )
    account = models.ForeignKey(
        "portal.MemberAccount",
        verbose_name=_("applicant's account"),
        on_delete=models.PROTECT,
        related_name="join_applications",
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    id_type = models.CharField(_("ID type"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT)
    id_number = models.CharField(_("ID number"), max_length=30)
    mobile = models.CharField(_("mobile phone"), max_length=20)
    employer = models.CharField(_("employer"), max_length=100)
    employment_type = models.CharField(_("employment type"), max_length=20, choices=EmploymentType.choices)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=JoinStatus.choices, default=JoinStatus.PENDING
    )
    reason = models.CharField(pgettext_lazy("join", "reason for rejection"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("membership"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_applications",
    )
    transfer_request = models.ForeignKey(
        TransferRequest,
        verbose_name=_("transfer request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)

    sensitive_fields: ClassVar[dict[str, Sensitive]] = {
        "id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
        "mobile": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE),
        "birth_date": Sensitive(Perm.PERSONAL_DATA, Mask.DATE),
    }

    objects = OrgScopedManager()
    history = HistoricalRecords(no_db_index=["organization", "account", "member", "transfer_request"])

    class Meta:
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["organization", "status"], name="members_join_org_status_idx")]
        constraints = [
            # One open application per person and union.
            models.UniqueConstraint(
                fields=["organization", "id_number"],
                condition=models.Q(status__in=["pending", "transfer"]),
                name="members_join_open_uniq",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.organization_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_JOIN_STATUSES
