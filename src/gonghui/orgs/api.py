"""Organization endpoints beyond the generic ones: the tree, move, dissolve."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from gonghui.accounts.roles import Perm
from gonghui.core.bounds import Id
from gonghui.core.scoping import get_in_scope
from gonghui.core.typing import AuthedRequest
from gonghui.orgs import selectors, services
from gonghui.orgs.models import Organization

router = Router(tags=["Organization"])


class TreeNode(Schema):
    id: int
    code: str
    name: str
    org_type: str
    status: str
    depth: int
    parent_id: int | None
    units: int
    groups: int


class MoveIn(Schema):
    new_parent: int


class DissolveIn(Schema):
    on: dt.date
    reason: str = ""


@router.get("/tree", response=list[TreeNode], summary="The visible tree, flat in path order")
def tree(request: AuthedRequest, root: Id | None = None, max_depth: int = 3) -> Any:
    """Visible organizations under ``root`` (default: the user's top nodes), ``max_depth`` levels deep."""
    access = request.access
    roots = (
        [get_in_scope(Organization.objects.all(), request, pk=root)]
        if root is not None
        else list(selectors.visible_roots(access))
    )
    max_depth = max(1, min(max_depth, 10))
    nodes: list[Organization] = []
    for r in roots:
        nodes.extend(
            Organization.objects.filter(selectors.subtree_q(r.path), depth__lt=r.depth + max_depth).order_by(
                "path"
            )
        )
    counts = selectors.subtree_counts(nodes)
    ids = {n.path: n.pk for n in nodes}
    return [
        {
            "id": n.pk,
            "code": n.code,
            "name": n.name,
            "org_type": n.org_type,
            "status": n.status,
            "depth": n.depth,
            "parent_id": ids.get(n.parent_path or ""),
            **selectors.count_summary(counts[n.pk]),
        }
        for n in nodes
    ]


def _org_from_above(request: AuthedRequest, pk: int) -> Organization:
    org = get_in_scope(Organization.objects.all(), request, pk=pk)
    if not request.access.can_above(Perm.ORG_MANAGE, org):
        raise PermissionDenied
    return org


@router.post("/{int:pk}/move", response={200: TreeNode}, summary="Move an organization with its subtree")
def move(request: AuthedRequest, pk: int, payload: MoveIn) -> Any:
    org = _org_from_above(request, pk)
    target = get_in_scope(Organization.objects.all(), request, pk=payload.new_parent)
    if not request.access.can(Perm.ORG_MANAGE, target):
        raise PermissionDenied
    org = services.org_move(access=request.access, org=org, new_parent=target)
    return _node(org)


@router.post(
    "/{int:pk}/dissolve", response={200: TreeNode}, summary="Dissolve an organization and its subtree"
)
def dissolve(request: AuthedRequest, pk: int, payload: DissolveIn) -> Any:
    org = _org_from_above(request, pk)
    access = request.access
    return _node(services.org_dissolve(access=access, org=org, on=payload.on, reason=payload.reason))


def _node(org: Organization) -> dict[str, Any]:
    parent = services.parent_of(org)
    counts = selectors.count_summary(selectors.subtree_counts([org])[org.pk])
    return {
        "id": org.pk,
        "code": org.code,
        "name": org.name,
        "org_type": org.org_type,
        "status": org.status,
        "depth": org.depth,
        "parent_id": parent.pk if parent else None,
        **counts,
    }
