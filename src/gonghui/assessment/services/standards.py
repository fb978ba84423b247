"""Loading standards: checked whole, written whole, the same content never twice."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.assessment.loader import content_hash, read_definition
from gonghui.assessment.models import Criterion, CriterionKind, Standard
from gonghui.core.errors import DomainError


def may_manage(access: Any, organization: Any) -> bool:
    """Who publishes or deletes a standard: a shared one (no publisher) only a superuser, a
    federation's whoever runs its campaigns."""
    if organization is None:
        return bool(access.is_superuser)
    return bool(access.can(Perm.CAMPAIGN_MANAGE, organization))


def standard_publish(
    *, access: Any, content: bytes, filename: str, organization: Any = None
) -> tuple[Standard, bool]:
    """A person publishes a standard file (the page and the API): checked, then loaded."""
    if not may_manage(access, organization):
        raise PermissionDenied
    return standard_load(content=content, filename=filename, organization=organization, actor=access.user)


def standard_load(
    *, content: bytes, filename: str, organization: Any = None, actor: Any = None
) -> tuple[Standard, bool]:
    """Load a YAML or Excel standard file: (standard, created). Raises StandardFileError
    naming lines or cells."""
    definition = read_definition(content, filename)
    return standard_from_definition(
        definition=definition, organization=organization, actor=actor, source_name=filename
    )


def standard_from_definition(
    *, definition: dict[str, Any], organization: Any = None, actor: Any = None, source_name: str = ""
) -> tuple[Standard, bool]:
    """Store a checked definition. The same content loads once (its hash names it); changed
    content under the same code becomes the next version, so a standard that campaigns use
    never changes under them."""
    digest = content_hash(definition)
    same_code = Standard.objects.filter(organization=organization, code=definition["code"])
    existing = same_code.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            version = (same_code.aggregate(v=Max("version"))["v"] or 0) + 1
            standard = Standard.objects.create(
                organization=organization,
                code=definition["code"],
                version=version,
                title=definition["title"],
                description=definition.get("description", ""),
                total_points=Decimal(definition["total"]),
                bonus_max=Decimal(definition["bonus_max"]),
                grades=definition["grades"],
                mandatory_cap=definition.get("mandatory_cap", ""),
                unit_types=definition.get("unit_types", []),
                definition=definition,
                content_hash=digest,
                source_name=source_name[:255],
                created_by=actor,
            )
            _write_criteria(standard, definition)
    except IntegrityError:
        raise DomainError(
            _("Another version of %(code)s was loaded at the same moment; load the file again.")
            % {"code": definition["code"]}
        ) from None
    return standard, True


def _criterion(
    standard: Standard, kind: str, node: dict[str, Any], position: int, parent: Any = None
) -> Criterion:
    return Criterion(
        standard=standard,
        parent=parent,
        kind=kind,
        code=node["code"],
        title=node["title"],
        points=Decimal(node.get("points") or 0),
        guidance=node.get("guidance", ""),
        evidence=node.get("evidence", ""),
        rule=node.get("rule", {}),
        mandatory=bool(node.get("mandatory", False)),
        fields=node.get("fields", []),
        position=position,
    )


def _write_criteria(standard: Standard, definition: dict[str, Any]) -> None:
    """Three bulk inserts, one per level of the tree; positions follow the file's order."""
    order = iter(range(1, 100_000))
    placed: list[tuple[str, dict[str, Any], int, int | None]] = []  # kind, node, position, parent index
    for s in definition["sections"]:
        placed.append((CriterionKind.SECTION, s, next(order), None))
        section_index = len(placed) - 1
        for item in s["items"]:
            placed.append((CriterionKind.ITEM, item, next(order), section_index))
            item_index = len(placed) - 1
            for sub in item.get("sub_items", []):
                placed.append((CriterionKind.SUB, sub, next(order), item_index))
    for kind, key in ((CriterionKind.BONUS, "bonus"), (CriterionKind.VETO, "veto")):
        for node in definition.get(key, []):
            placed.append((kind, node, next(order), None))
    rows: list[Criterion | None] = [None] * len(placed)
    for level in (None, CriterionKind.SECTION, CriterionKind.ITEM):
        batch = []
        for i, (kind, node, position, parent) in enumerate(placed):
            parent_kind = placed[parent][0] if parent is not None else None
            if parent_kind == level:
                rows[i] = _criterion(
                    standard, kind, node, position, rows[parent] if parent is not None else None
                )
                batch.append(rows[i])
        Criterion.objects.bulk_create(batch)


def standard_delete(*, access: Any, standard: Standard) -> None:
    if not may_manage(access, standard.organization):
        raise PermissionDenied
    if standard.campaigns.exists():
        raise DomainError(
            _("%(standard)s is used by a campaign: it cannot be deleted.") % {"standard": standard}
        )
    standard.delete()
