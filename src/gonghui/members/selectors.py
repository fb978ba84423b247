"""Reads of the roster: search, the membership at any date, statistics. All set-based.

The members of a union at a date are the membership events whose state covers that date
(``on <= day < ends_on``) with a counted status, in the union's subtree: one indexed range
filter, grouped with ``per_org`` for many unions at once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.lookups import In
from django.utils import timezone

from gonghui.accounts.roles import Perm
from gonghui.core.metrics import per_org, per_org_each, rate
from gonghui.core.scope import group_q, subtree_q, unscoped
from gonghui.core.sensitivity import sensitive_fields
from gonghui.members import tallies
from gonghui.members.choices import AGE_BANDS, AgeBand, years_before
from gonghui.members.models import (
    COUNTED_STATUSES,
    OPEN_JOIN_STATUSES,
    TRANSFERS,
    WORKING_STATUSES,
    EmploymentType,
    EventKind,
    Gender,
    JoinApplication,
    Member,
    MembershipEvent,
    MemberStatus,
    TransferRequest,
    TransferStatus,
)
from gonghui.orgs.models import EmployerYear, Organization, OrgStatus, OrgType

JOINABLE_TYPES = [OrgType.GRASSROOTS, OrgType.JOINT]

# Above every UTF-8 sequence: "starts with P" is the range [P, P + TOP) in byte order.
TOP = "\U0010ffff"
_ID_TAIL = re.compile(r"^[0-9]+X?$|^[0-9]*$")


def prefix_q(field: str, text: str) -> Q:
    """Rows whose ``field`` starts with ``text``: an index range scan on a byte-ordered column."""
    return Q(**{f"{field}__gte": text, f"{field}__lt": text + TOP})


def id_number_perm() -> str:
    """The permission that reveals an ID number, as the sensitivity policy declares it."""
    declared = sensitive_fields(Member).get("id_number")
    return declared.perm if declared is not None else Perm.PERSONAL_DATA


def id_tail_members(access: Any, view_perm: str = Perm.MEMBERS_VIEW) -> Q | None:
    """The members whose ID numbers ``access`` may search by a part (their last digits).

    ``Q()``: every member the user can list (they hold the reveal permission wherever they
    hold ``view_perm``: a chair, the superuser; the search stays as fast as it was);
    ``None``: none (a viewer, a finance officer, a federation admin); else the members of
    the unions where they hold it. Anyone else finds an ID number only typed in full:
    searching by parts would read a masked number back digit by digit (issue 13, finding 1).
    No query: the grants are already loaded.
    """
    if access is None:
        return None
    perm = id_number_perm()
    if access.is_superuser:
        return Q()
    if not access.has_anywhere(perm):
        return None
    if all(perm in g.perms for g in access.grants if view_perm in g.perms):
        return Q()
    revealing = (
        Organization.objects.unscoped("access.org_q names the unions allowed")
        .filter(access.org_q(perm))
        .values("pk")
    )
    # "organization_id + 0": a test on each row the ID tail's index range found, never an index
    # of its own (SQLite would rather read every member of those unions by the organization index).
    return Q(In(F("organization_id") + 0, revealing))


def search_q(text: str, id_tail: Q | None = None) -> Q | None:
    """Name (prefix), pinyin spelling or initials ("zs" finds 张三), card number, ID number.

    An ID number matches when typed in full; by its last digits only among the members
    ``id_tail`` allows (``id_tail_members``; None: nobody's).
    """
    t = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if not t:
        return None
    upper = t.upper()
    q = prefix_q("card_number", upper) | Q(id_number=upper)
    if id_tail is not None and len(t) >= 4 and _ID_TAIL.match(upper):
        q |= prefix_q("id_number_rev", upper[::-1]) & id_tail
    if t.isascii():
        if t.isalpha():
            lower = t.lower()
            q |= prefix_q("name_pinyin", lower) | prefix_q("name_initials", lower)
    else:
        q |= prefix_q("name", t)
    return q


def search(qs: QuerySet, text: str, access: Any = None) -> QuerySet:
    """``qs`` narrowed to the search's matches, found first through the search indexes.

    ``access``: the searching user's, for the ID numbers they may search by a part
    (``id_tail_members``; without it, only a full ID number matches).

    The matches go in as ``pk IN (subquery)``: each prefix is then one index range scan
    (several OR-ed together), whatever the scope. Written as a plain filter, a federation's
    scope (a million members) would be read row by row to test the OR.

    The matches are then ordered among themselves: ``name NULLS FIRST`` is the same order
    (names are never empty) but not the name index's, so no planner walks a million names
    in order hoping to meet 25 matches soon (PostgreSQL did, for "zs": the matches cluster
    under 张, far into the index).
    """
    q = search_q(text, id_tail_members(access))
    if q is None:
        return qs
    matched = qs.filter(
        pk__in=Member.objects.unscoped("narrowed by the scoped queryset it filters").filter(q).values("pk")
    )
    if tuple(qs.query.order_by) == ("name", "pk"):  # the roster's own order, not a chosen sort
        matched = matched.order_by(F("name").asc(nulls_first=True), "pk")
    return matched


# ---- the members of an organization ----------------------------------------
def org_members_q(org: Organization, member: str = "") -> Q:
    """The members of ``org``'s subtree; ``member``: the path to them ("member__" for events).

    Members belong to their union (``organization``); a union group holds none and only has
    members pointing at it (``union_group``): a group's members are those. A union's subtree
    is one subquery over its path range, so its groups' members are in it already.
    """
    if org.org_type == OrgType.GROUP:
        return Q(**{f"{member}union_group": org})
    under = (
        Organization.objects.unscoped("a subtree the caller already reached")
        .filter(subtree_q(org.path))
        .values("pk")
    )
    return Q(organization__in=under)


def readable_members_q(access: Any, perm: str, within: Organization | None = None) -> Q:
    """The members ``access`` may read with ``perm`` (in ``within``'s subtree if given).

    Their unions' members, and the members of the union groups they hold ``perm`` on alone
    (a group leader's: only the group's, not the rest of its union).
    """
    if within is not None and within.org_type == OrgType.GROUP:
        return readable_members_q(access, perm) & org_members_q(within)
    allowed = Organization.objects.unscoped("access.org_q names the unions allowed").filter(
        access.org_q(perm)
    )
    if within is not None:
        allowed = allowed.filter(subtree_q(within.path))
    q = Q(organization__in=allowed.values("pk"))
    groups = access.group_ids(perm)
    if groups:
        if within is not None:
            groups = list(
                Organization.objects.unscoped("the granted groups, narrowed to the chosen subtree")
                .filter(subtree_q(within.path), pk__in=groups)
                .values_list("pk", flat=True)
            )
        q |= group_q(groups)
    return q


# ---- ages -------------------------------------------------------------------
def age_band_range(band: str, day: dt.date) -> Q:
    """Members (``birth_date``) whose age on ``day`` falls in ``band``."""
    for code, low, high in AGE_BANDS:
        if code == band:
            q = Q(birth_date__lte=years_before(day, low))
            if high is not None:
                q &= Q(birth_date__gt=years_before(day, high + 1))
            return q
    return Q(pk__in=[])


def age_band_case(day: dt.date, field: str = "member__birth_date") -> Case:
    whens = []
    for code, _low, high in AGE_BANDS:
        if high is not None:
            whens.append(When(**{f"{field}__gt": years_before(day, high + 1)}, then=Value(str(code))))
        else:
            whens.append(When(**{f"{field}__isnull": False}, then=Value(str(code))))
    return Case(*whens, default=Value(""), output_field=CharField())


# ---- membership at a date -----------------------------------------------------
def states_at(day: dt.date) -> QuerySet[MembershipEvent]:
    """The membership state of every member on ``day`` (one event each, at most)."""
    return MembershipEvent.objects.filter(on__lte=day).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))


def members_at(day: dt.date, statuses: list[str] | None = None) -> QuerySet[MembershipEvent]:
    return states_at(day).filter(status__in=statuses or COUNTED_STATUSES)


def status_at(member: Member, day: dt.date) -> tuple[str, Organization] | None:
    """(status, union) of one member on ``day``; None before they joined."""
    with unscoped("the member's whole story, also the part held by earlier unions"):
        event = states_at(day).filter(member=member).select_related("organization").first()
    return (event.status, event.organization) if event is not None else None


def member_events(member: Member) -> list[MembershipEvent]:
    """The member's events the caller's scope holds: each union sees the events it recorded
    (a member transferred in does not bring the releasing union's reasons and notes along);
    a federation above both sees the whole story."""
    return list(
        MembershipEvent.objects.filter(member=member)
        .select_related("organization", "counterpart", "created_by")
        .order_by("on", "pk")
    )


def incoming_transfers(access: Any) -> QuerySet[MembershipEvent]:
    """Pending transfers into unions where the user may edit members (sent by unions they cannot see)."""
    return (
        MembershipEvent.objects.unscoped("transfers sent by unions the receiver cannot see")
        .filter(TRANSFERS, kind=EventKind.TRANSFER_OUT, ends_on__isnull=True)
        .filter(member__status=MemberStatus.TRANSFERRING)
        .filter(access.org_q(Perm.MEMBERS_EDIT, "counterpart__path"))
        .select_related("member", "organization", "counterpart")
        .order_by("on", "pk")
    )


def transfer_requests(access: Any, side: str = "any") -> QuerySet[TransferRequest]:
    """Transfer requests the user's unions made (``side="made"``), may decide (``"decide"``:
    members.edit on the holding union, a federation above it included) or either (``"any"``).

    A request has two unions: the scope's field is the requesting one, so the holder's side
    is read here, by its own subtree ranges, with the scopes' filter off.
    """
    made = access.org_q(Perm.MEMBERS_EDIT, "organization__path")
    decide = access.org_q(Perm.MEMBERS_EDIT, "holder__path")
    where = {"made": made, "decide": decide}.get(side, made | decide)
    return (
        TransferRequest.objects.unscoped("requests made to or by the user's unions")
        .filter(where)
        .select_related("organization", "holder")
        .order_by("-requested_at", "-pk")
    )


def pending_requests(access: Any, side: str) -> QuerySet[TransferRequest]:
    return transfer_requests(access, side).filter(status=TransferStatus.PENDING)


# ---- statistics -------------------------------------------------------------
def _label(choices: Any, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "—")


# The statistics' plain counts (the rest are a rate, breakdowns and the units' lines).
COUNT_FIGURES = (
    "members",
    "working",
    "retained",
    "women",
    "migrant",
    "employees",
    "new_members",
    "new_migrant_members",
)


def statistics(org: Organization, day: dt.date, *, use_tallies: bool = True) -> dict[str, Any]:
    """The roster figures of ``org``'s subtree on ``day``: totals, rates and breakdowns.

    Today: the per-union tallies (``tallies.py``), the stale ones rebuilt first, added up.
    Another day: grouped from the membership events (not pre-aggregated, exact at any date).
    ``use_tallies=False`` counts today's roster row by row (the tallies' reference, in tests).
    A handful of grouped queries whatever the number of members or units.
    """
    in_org = org_members_q(org)
    under = (
        Organization.objects.unscoped("a subtree the caller already reached")
        .filter(subtree_q(org.path))
        .values("pk")
    )
    today = timezone.localdate()
    # The tallies count per union: a group's figures are counted from its members.
    if day == today and use_tallies and org.org_type != OrgType.GROUP:
        tallies.refresh(org, day)
        counts = tallies.counts(org)
        statuses = tallies.tally_rows(org).filter(dimension="status")
        units: tuple[QuerySet, str, str | None] = (statuses, "value", "n")
        roster, m = Member.objects.filter(organization__in=under, status__in=COUNTED_STATUSES), ""
    else:
        if day >= today:  # today's (or a later day's) state is the roster itself
            roster, m = Member.objects.filter(in_org, status__in=COUNTED_STATUSES), ""
        else:
            roster, m = members_at(day).filter(org_members_q(org, "member__")), "member__"
        counts = _counts(roster, m, day)
        units = (roster, "status", None)
    by_status, by_gender, by_employment, by_band = (counts[d] for d in tallies.MEMBER_DIMENSIONS)
    total = sum(by_status.values())
    working = sum(n for status, n in by_status.items() if status in WORKING_STATUSES)
    retained = by_status.get(MemberStatus.RETAINED, 0)
    women = by_gender.get(Gender.FEMALE, 0)
    migrant = by_employment.get(EmploymentType.MIGRANT, 0)
    new = counts.get("joined")  # the tallies count the JOIN events of the year up to today too
    if new is None:
        joined = (
            MembershipEvent.objects.filter(
                org_members_q(org, "member__"),
                kind=EventKind.JOIN,
                on__gte=dt.date(day.year, 1, 1),
                on__lte=day,
            )
            .values_list("member__employment_type")
            .annotate(n=Count("pk"))
            .order_by()
        )
        new = dict(joined)
    employees = (
        EmployerYear.objects.filter(organization__in=under, year=day.year).aggregate(n=Sum("employees"))["n"]
        or 0
    )
    bands = [(str(label), by_band.get(code, 0)) for code, label in AgeBand.choices]
    if by_band.get(""):
        bands.append(("—", by_band[""]))
    return {
        "org": org,
        "day": day,
        "members": total,
        "working": working,
        "retained": retained,
        "women": women,
        "migrant": migrant,
        "employees": employees,
        "enrollment_rate": rate({0: working}, {0: employees})[0],
        "new_members": sum(new.values()),
        "new_migrant_members": new.get(EmploymentType.MIGRANT, 0),
        "by_gender": [(_label(Gender, k), v) for k, v in sorted(by_gender.items())],
        "by_employment": [
            (_label(EmploymentType, k), v) for k, v in sorted(by_employment.items(), key=lambda kv: -kv[1])
        ],
        "by_age_band": bands,
        "by_group": _by_group(roster, m)
        if org.org_type not in (OrgType.FEDERATION, OrgType.TOWNSHIP)
        else [],
        "by_unit": _by_unit(*units, org, day),
    }


def _counts(base: QuerySet, m: str, day: dt.date) -> dict[str, dict[str, int]]:
    """{dimension: {value: members}} of the roster rows ``base``, one grouped query (as the tallies)."""
    grouped = (
        base.annotate(band=age_band_case(day, f"{m}birth_date"))
        .values_list("status", f"{m}gender", f"{m}employment_type", "band")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[str, dict[str, int]] = {d: {} for d in tallies.MEMBER_DIMENSIONS}
    for row in grouped:
        for dimension, value in zip(tallies.MEMBER_DIMENSIONS, row[:4], strict=True):
            out[dimension][value] = out[dimension].get(value, 0) + row[4]
    return out


def _by_group(base: QuerySet, m: str) -> list[tuple[str, int]]:
    rows = (
        base.values_list(f"{m}union_group__name")
        .annotate(n=Count("pk"))
        .order_by("-n", f"{m}union_group__name")[:200]
    )
    return [(name or "—", n) for name, n in rows]


def _by_unit(
    base: QuerySet, status: str, n: str | None, org: Organization, day: dt.date
) -> list[dict[str, Any]]:
    """Members and enrollment of each unit directly under ``org`` (two grouped queries).

    ``base`` holds roster rows (``n`` None: each row counts one) or tally rows (``n``: the
    field to add up); ``status`` is their status field.
    """
    children = Organization.objects.filter(subtree_q(org.path), depth=org.depth + 1).exclude(
        org_type=OrgType.GROUP
    )
    units = list(children.order_by("path").only("pk", "name", "path", "depth", "org_type")[:300])
    if not units:
        return []

    def total(only: Q | None = None) -> Any:
        return Sum(n, filter=only) if n else Count("pk", filter=only)

    working_q = Q(**{f"{status}__in": WORKING_STATUSES})
    counts = per_org_each(base, units, {"members": total(), "working": total(working_q)})
    members, working = counts["members"], counts["working"]
    employees = per_org(EmployerYear.objects.filter(year=day.year), units, Sum("employees"))
    rates = rate(working, {u.pk: employees.get(u.pk, 0) for u in units})
    return [
        {
            "org": u,
            "members": members.get(u.pk) or 0,
            "working": working.get(u.pk) or 0,
            "employees": employees.get(u.pk, 0),
            "enrollment_rate": rates.get(u.pk),
        }
        for u in units
    ]


# ---- online joining ----------------------------------------------------------
JOIN_FIND_LIMIT = 20


def joinable_unions(text: str) -> list[Organization]:
    """Active unions that take online applications whose name holds ``text`` (a public page:
    names and codes only), at most ``JOIN_FIND_LIMIT``."""
    text = (text or "").strip()
    if not text:
        return []
    with unscoped("a public page finds a union to join by its name"):
        return list(
            Organization.objects.filter(
                org_type__in=JOINABLE_TYPES, status=OrgStatus.ACTIVE, name__contains=text
            )
            .order_by("name", "pk")
            .only("pk", "name", "code")[:JOIN_FIND_LIMIT]
        )


def joinable_union(code: str) -> Organization | None:
    """The union a joining QR code names, if it takes applications online."""
    with unscoped("a union's joining page is opened from its printed QR code"):
        org = Organization.objects.filter(code=code, org_type__in=JOINABLE_TYPES).first()
    return org if org is not None and org.is_active else None


def own_join_applications(account: Any) -> QuerySet[JoinApplication]:
    """The applicant's own applications, of every union they applied to (unions by name only)."""
    return (
        JoinApplication.objects.unscoped("an applicant reads their own applications to any union")
        .filter(account=account)
        .select_related("organization")
        .order_by("-created_at", "-pk")
    )


def join_applications(access: Any, perm: str = Perm.MEMBERS_VIEW) -> QuerySet[JoinApplication]:
    """Applications to the unions where the user holds ``perm``: open ones first, newest first."""
    return (
        JoinApplication.objects.filter(access.org_q(perm, "organization__path"))
        .select_related("organization", "member", "decided_by")
        .annotate(_open=Case(When(status__in=OPEN_JOIN_STATUSES, then=Value(0)), default=Value(1)))
        .order_by("_open", "-created_at", "-pk")
    )


def open_join_count(access: Any) -> int:
    """Applications waiting for a decision the user may take (the navigation's badge)."""
    return JoinApplication.objects.filter(
        access.org_q(Perm.MEMBERS_EDIT, "organization__path"), status__in=OPEN_JOIN_STATUSES
    ).count()
