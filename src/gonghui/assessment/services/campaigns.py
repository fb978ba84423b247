"""Campaigns: a federation assesses the unions of a subtree for a year against one standard."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gonghui.accounts.access import Access, load_grants
from gonghui.accounts.models import RoleGrant, User
from gonghui.accounts.roles import ROLE_PERMS, Perm
from gonghui.assessment import selectors
from gonghui.assessment.models import Assessment, Assignment, Campaign
from gonghui.assessment.services.scores import score_assessments
from gonghui.core.errors import DomainError
from gonghui.core.records import require
from gonghui.core.scoping import subtree_q
from gonghui.orgs.models import Organization, OrgStatus, OrgType

RUNNERS = (OrgType.FEDERATION, OrgType.TOWNSHIP)  # who runs campaigns
ASSESSED_TYPES = (OrgType.GRASSROOTS, OrgType.JOINT, OrgType.TOWNSHIP, OrgType.BRANCH)
DEFAULT_TYPES = [OrgType.GRASSROOTS, OrgType.JOINT]


def covered_unions(campaign: Campaign) -> QuerySet[Organization]:
    """The active unions of the campaign's subtree whose type it covers."""
    return Organization.objects.unscoped("a campaign covers the whole federation").filter(
        subtree_q(campaign.root.path), org_type__in=campaign.org_types, status=OrgStatus.ACTIVE
    )


def _check(organization: Organization, data: dict[str, Any]) -> None:
    errors: dict[str, str] = {}
    if organization.org_type not in RUNNERS:
        errors["organization"] = _("Campaigns are run by a federation or a township union.")
    standard = data.get("standard")
    if standard is not None and not selectors.standards_for(organization).filter(pk=standard.pk).exists():
        errors["standard"] = _("%(org)s cannot use this standard.") % {"org": organization.name}
    root = data.get("root") or organization
    if not root.path.startswith(organization.path):
        errors["root"] = _("The covered unions must lie under %(org)s.") % {"org": organization.name}
    types = data.get("org_types") or []
    if not types or any(t not in ASSESSED_TYPES for t in types):
        errors["org_types"] = _("Choose the types of union the campaign covers.")
    start, end = data.get("self_deadline"), data.get("acceptance_deadline")
    if start and end and end < start:
        errors["acceptance_deadline"] = _("Acceptance cannot end before the self-assessment deadline.")
    if not (str(data.get("name") or "").strip()):
        errors["name"] = _("Give the campaign a name.")
    if errors:
        raise DomainError(errors)


def campaign_create(*, access: Any, organization: Organization, data: dict[str, Any]) -> Campaign:
    """Create the campaign with one assessment per covered union, scored from the records."""
    require(access, Perm.CAMPAIGN_MANAGE, organization)
    _check(organization, data)
    try:
        with transaction.atomic():
            campaign = Campaign(
                organization=organization,
                name=data["name"].strip(),
                year=data["year"],
                standard=data["standard"],
                root=data.get("root") or organization,
                org_types=list(data["org_types"]),
                self_deadline=data["self_deadline"],
                acceptance_deadline=data["acceptance_deadline"],
                created_by=access.user,
            )
            campaign._history_user = access.user  # type: ignore[attr-defined]
            campaign.full_clean(
                exclude=["organization", "root", "standard", "created_by"], validate_unique=False
            )
            campaign.save()
            _add_assessments(campaign)
            # Scored at once, in the same transaction: a failing metric leaves no half-made campaign.
            score_assessments(
                Assessment.objects.unscoped("a campaign's assessments span the federation").filter(
                    campaign=campaign
                )
            )
    except IntegrityError:
        raise DomainError(
            {
                "name": _("%(org)s already has a campaign of that name for %(year)s.")
                % {"org": organization.name, "year": data["year"]}
            }
        ) from None
    return campaign


def _add_assessments(campaign: Campaign) -> int:
    have = (
        Assessment.objects.unscoped("a campaign's assessments span the federation")
        .filter(campaign=campaign)
        .values("organization_id")
    )
    new = covered_unions(campaign).exclude(pk__in=have).values_list("pk", flat=True)
    rows = [Assessment(campaign=campaign, organization_id=pk) for pk in new]
    Assessment.objects.unscoped("a campaign's assessments span the federation").bulk_create(
        rows, batch_size=2000
    )
    return len(rows)


def campaign_sync(*, access: Any, campaign: Campaign) -> int:
    """Add the unions founded (or retyped) since the campaign began; returns how many."""
    require(access, Perm.CAMPAIGN_MANAGE, campaign.organization)
    with transaction.atomic():
        added = _add_assessments(campaign)
    score_assessments(
        Assessment.objects.unscoped("a campaign's assessments span the federation").filter(campaign=campaign)
    )
    return added


def review_roles() -> list[str]:
    return [role for role, perms in ROLE_PERMS.items() if Perm.ASSESS_REVIEW in perms]


def inspector_candidates(campaign: Campaign) -> QuerySet[User]:
    """Users whose grant to review reaches into the campaign: at, above or below its federation."""
    root = campaign.organization.path
    step = Organization.steplen
    above = [root[:i] for i in range(step, len(root) + 1, step)]
    grants = (
        RoleGrant.objects.unscoped("inspectors may come from above or below the federation")
        .filter(role__in=review_roles(), organization__status=OrgStatus.ACTIVE)
        .filter(Q(organization__path__in=above) | subtree_q(root, "organization__path"))
    )
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True).order_by("username")


@transaction.atomic
def assign_inspector(
    *, access: Any, campaign: Campaign, inspector: User, organizations: list[Organization] | None = None
) -> int:
    """Assign ``inspector`` to the given unions of the campaign (all they may review if None)."""
    require(access, Perm.CAMPAIGN_MANAGE, campaign.organization)
    theirs = Access(inspector, load_grants(inspector))
    assessments = (
        Assessment.objects.unscoped("a campaign's assessments span the federation")
        .filter(campaign=campaign)
        .select_related("organization")
    )
    if organizations is not None:
        assessments = assessments.filter(organization__in=[o.pk for o in organizations])
    chosen = list(assessments)
    if organizations is not None and len(chosen) != len(organizations):
        raise DomainError({"organizations": _("Some of the chosen unions are not covered by the campaign.")})
    allowed = [a for a in chosen if theirs.can(Perm.ASSESS_REVIEW, a.organization)]
    refused = [a.organization.name for a in chosen if a not in allowed]
    if organizations is not None and refused:
        raise DomainError(
            {
                "inspector": _("%(user)s may not review %(unions)s.")
                % {"user": inspector, "unions": "、".join(refused[:5])}
            }
        )
    if not allowed:
        raise DomainError(
            {"inspector": _("%(user)s may review none of the campaign's unions.") % {"user": inspector}}
        )
    existing = set(
        Assignment.objects.unscoped("a campaign's assignments span the federation")
        .filter(inspector=inspector, assessment__in=allowed)
        .values_list("assessment_id", flat=True)
    )
    rows = [
        Assignment(organization=a.organization, assessment=a, inspector=inspector, assigned_by=access.user)
        for a in allowed
        if a.pk not in existing
    ]
    Assignment.objects.unscoped("a campaign's assignments span the federation").bulk_create(
        rows, batch_size=2000
    )
    return len(rows)


@transaction.atomic
def unassign_inspector(*, access: Any, assignment: Assignment) -> None:
    if not access.can(Perm.CAMPAIGN_MANAGE, assignment.assessment.campaign.organization):
        raise PermissionDenied(_("You do not have the right to do this here."))
    assignment._history_user = access.user  # type: ignore[attr-defined]
    assignment.delete()
