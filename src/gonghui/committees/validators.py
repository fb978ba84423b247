"""Rules of an election that read other rows: run by the generic save, in its transaction.

A model's ``clean()`` checks the row itself; these count the other candidates, so they are
declared on the record types (``RecordType(validators=...)``) and run once, on every write
through the pages and the API, after the row's own fields have passed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from gonghui.committees.models import Candidate, Election


def ballots_cover_candidates(election: Election) -> None:
    """Ballots cast cannot fall below the votes a recorded candidate already has."""
    if election.pk is None or election.votes_cast is None:
        return
    top = election.candidates.order_by("-votes").values_list("votes", flat=True).first()
    if top is not None and top > election.votes_cast:
        message = _("A candidate already has %(votes)s votes, more than the ballots cast.")
        raise ValidationError({"votes_cast": message % {"votes": top}})


def seats_left(candidate: Candidate) -> None:
    """No more candidates elected than the election has seats."""
    if not candidate.elected or candidate.election_id is None:
        return
    election = candidate.election
    others = election.candidates.filter(elected=True).exclude(pk=candidate.pk).count()
    if others >= election.seats:
        message = _("All %(seats)s seats of this election are already filled.")
        raise ValidationError({"elected": message % {"seats": election.seats}})
