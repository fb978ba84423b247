"""Starting a report job: who may, with which parameters, and only once at a time."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.access import get_access
from gonghui.core.bounds import ID_MAX, TEXT_MAX, YEAR_MAX, YEAR_MIN
from gonghui.core.scope import subtree_q
from gonghui.members.models import Member
from gonghui.orgs.models import Organization
from gonghui.reports.jobs.kinds import JobKind, get_kind
from gonghui.reports.jobs.models import ACTIVE_STATUSES, ReportJob
from gonghui.reports.jobs.runner import run_report_job

# A report over a subtree larger than this takes more than a couple of seconds: it runs as a job.
BACKGROUND_UNITS = 200
BACKGROUND_MEMBERS = 5_000
PARAMS_MAX_KEYS = 20
PARAMS_MAX_CHARS = 4000
LIST_MAX = 200
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def runs_in_background(organization: Any) -> bool:
    """Whether a report over ``organization``'s subtree should run as a background job (two
    bounded counts inside the request's scope: at most a few thousand index entries read)."""
    units = Organization.objects.filter(subtree_q(organization.path))[: BACKGROUND_UNITS + 1].count()
    if units > BACKGROUND_UNITS:
        return True
    members = Member.objects.filter(subtree_q(organization.path, "organization__path"))
    return members[: BACKGROUND_MEMBERS + 1].count() > BACKGROUND_MEMBERS


def find_kind(name: str) -> JobKind:
    """The registered kind called ``name``, or a Chinese ``ValidationError``."""
    try:
        return get_kind(name)
    except KeyError:
        raise ValidationError({"kind": _("There is no such report.")}) from None


def _scalar(value: Any) -> bool:
    if value is None or isinstance(value, bool | str):
        return not isinstance(value, str) or (len(value) <= TEXT_MAX and "\x00" not in value)
    if isinstance(value, int):
        return -ID_MAX <= value <= ID_MAX
    return False


def clean_params(params: Any) -> dict[str, Any]:
    """A kind's parameters as the service accepts them: an object of at most 20 short keys whose
    values are numbers, text of at most 200 characters, true/false, null or lists of those; a
    ``year`` within 1900–2100. The kind's writer checks what they mean."""
    invalid = ValidationError({"params": _("The report's parameters are not valid.")})
    if not isinstance(params, dict) or len(params) > PARAMS_MAX_KEYS:
        raise invalid
    for key, value in params.items():
        if not isinstance(key, str) or not _KEY.match(key):
            raise invalid
        items = value if isinstance(value, list) else [value]
        if len(items) > LIST_MAX or not all(_scalar(v) for v in items):
            raise invalid
    if len(json.dumps(params, ensure_ascii=False)) > PARAMS_MAX_CHARS:
        raise invalid
    year = params.get("year")
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX
    ):
        raise ValidationError(
            {
                "params": _("The year must be between %(low)d and %(high)d.")
                % {"low": YEAR_MIN, "high": YEAR_MAX}
            }
        )
    return params


def may_start(access: Any, organization: Any, kind: JobKind) -> bool:
    """Whether ``access`` may start ``kind`` for ``organization`` (to show a button)."""
    return access.can(kind.perm, organization)


def start_job(*, access: Any, organization: Any, kind: str, params: dict[str, Any]) -> ReportJob:
    """Queue a report of ``kind`` for ``organization`` written as ``access`` sees it.

    The same report with the same parameters already waiting or running for this person is
    returned instead of a second one. The task is queued once the job's row is committed.
    """
    found = find_kind(kind)
    if not may_start(access, organization, found):
        raise PermissionDenied
    params = clean_params(params)
    user = access.user
    with transaction.atomic():
        for job in ReportJob.objects.filter(
            organization=organization, kind=found.name, created_by=user, status__in=ACTIVE_STATUSES
        ):
            if job.params == params:
                return job
        job = ReportJob.objects.create(
            organization=organization, kind=found.name, params=params, created_by=user
        )
        job_id = job.pk
        transaction.on_commit(lambda: run_report_job.enqueue(job_id))
    return job


def _kind_perm(job: ReportJob) -> str | None:
    try:
        return get_kind(job.kind).perm
    except KeyError:
        return None


def sees_at_least(access: Any, starter: Any, organization: Any) -> bool:
    """Whether ``access`` may read, within ``organization``'s subtree, everything ``starter``
    may: each of the starter's grants at, above or below the organization is matched by the
    same permissions on the node it reaches (a file written as the starter saw it, with the
    personal data the starter may reveal, goes to nobody who sees less)."""
    if access.is_superuser:
        return True
    if starter.is_superuser:
        return False
    for grant in starter.grants:
        if grant.path.startswith(organization.path):
            node = grant.path  # below (or at) the organization: what the grant reaches there
        elif organization.path.startswith(grant.path):
            node = organization.path
        else:
            continue
        if not grant.perms <= access.perms_on(_Node(node)):
            return False
    return True


class _Node:
    """An organization as ``Access.perms_on`` reads it: by its path."""

    def __init__(self, path: str) -> None:
        self.path = path


def may_view(access: Any, job: ReportJob) -> bool:
    """The job's page: its starter, or whoever may make this report for its union."""
    perm = _kind_perm(job)
    return job.created_by_id == access.user.pk or (perm is not None and access.can(perm, job.organization))


def may_download(access: Any, job: ReportJob) -> bool:
    """The job's file: someone who holds the kind's permission on the union now and is its
    starter or sees at least what the starter saw."""
    perm = _kind_perm(job)
    if perm is None or not job.downloadable or not access.can(perm, job.organization):
        return False
    if job.created_by_id == access.user.pk:
        return True
    return job.created_by is not None and sees_at_least(access, get_access(job.created_by), job.organization)
