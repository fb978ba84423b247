"""Writes of democratic management from the member pages: a representative's proposal (提案)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.democracy.models import Congress, Proposal, ProposalStatus, Representative
from gonghui.members.models import Member


def submit_proposal(
    *,
    member: Member,
    congress: Congress,
    title: str,
    category: str,
    content: str,
    today: dt.date | None = None,
) -> Proposal:
    """A representative of ``congress`` submits a proposal while the session collects them.

    The proposal awaits review (the officers' proposal pages), is the member's own
    (``submitter_member``) and is marked as submitted online.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        session = Congress.objects.filter(pk=congress.pk).first()  # inside the member's union
        if session is None:
            raise ValidationError({"congress": _("Choose a congress session.")})
        if not Representative.objects.filter(congress=session, member=member).exists():
            raise ValidationError({"congress": _("You are not a representative of this session.")})
        if not session.proposals_open_on(today):
            raise ValidationError({"congress": _("This session is not collecting proposals now.")})
        proposal = Proposal(
            organization_id=session.organization_id,
            congress=session,
            title=title.strip(),
            category=category,
            content=content.strip(),
            submitter=member.name,
            submitter_member=member,
            status=ProposalStatus.PENDING,
            submitted_online=True,
        )
        proposal.full_clean()
        proposal.save()
    return proposal
