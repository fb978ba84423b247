"""Ledger sets: which ledgers a pack holds, under which names, in which order.

A set is data, one YAML file in ``sets/`` (``code``, ``name``, ``description``, ``ledgers``: a
list of ``{code, name}`` naming a ledger kind of ``ledgers.KINDS`` and its display name). The
files are read and checked once; a broken file stops the application at first use with the
file and the reason. A federation chooses a set for the unions below it (``PackSetting``);
the nearest choice above a union applies, else the default set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from gonghui.accounts.roles import Perm
from gonghui.orgs.models import OrgType
from gonghui.reports.pack.ledgers import KINDS
from gonghui.reports.pack.models import PackSetting

SETS_DIR = Path(__file__).parent / "sets"
DEFAULT_SET = "default"
CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
NAME_MAX = 60
# The organizations that choose a set for the units below them.
CHOOSERS = (OrgType.FEDERATION, OrgType.TOWNSHIP)


@dataclass(frozen=True)
class SetEntry:
    code: str  # a ledger kind
    name: str  # its name in this set


@dataclass(frozen=True)
class LedgerSet:
    code: str
    name: str
    description: str
    entries: tuple[SetEntry, ...]


def parse_set(data: Any, source: str = "") -> LedgerSet:
    """A set from its data, or ``ValueError`` naming what is wrong."""
    where = f"{source}: " if source else ""
    if not isinstance(data, dict):
        raise ValueError(f"{where}a ledger set is a mapping")
    code, name = data.get("code"), data.get("name")
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise ValueError(f"{where}code must be lower-case letters, digits and '-' (at most 50)")
    if not isinstance(name, str) or not name.strip() or len(name) > NAME_MAX:
        raise ValueError(f"{where}name must be text of 1 to {NAME_MAX} characters")
    items = data.get("ledgers")
    if not isinstance(items, list) or not items:
        raise ValueError(f"{where}ledgers must be a non-empty list")
    entries, seen = [], set()
    for i, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ValueError(f"{where}ledger {i} must be a mapping of code and name")
        kind, label = item.get("code"), item.get("name")
        if kind not in KINDS:
            raise ValueError(f"{where}ledger {i}: unknown ledger code {kind!r} (known: {', '.join(KINDS)})")
        if kind in seen:
            raise ValueError(f"{where}ledger {i}: {kind!r} listed twice")
        if label is None:
            label = KINDS[kind].name
        if not isinstance(label, str) or not label.strip() or len(label) > NAME_MAX:
            raise ValueError(f"{where}ledger {i}: name must be text of 1 to {NAME_MAX} characters")
        seen.add(kind)
        entries.append(SetEntry(kind, label.strip()))
    description = data.get("description") or ""
    return LedgerSet(code, name.strip(), str(description).strip(), tuple(entries))


@lru_cache(maxsize=1)
def all_sets() -> dict[str, LedgerSet]:
    """The shipped sets by code, the default first, then by file name."""
    out: dict[str, LedgerSet] = {}
    for path in sorted(SETS_DIR.glob("*.yaml"), key=lambda p: (p.stem != DEFAULT_SET, p.name)):
        try:
            ls = parse_set(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)
        except (ValueError, yaml.YAMLError) as e:
            raise ImproperlyConfigured(f"ledger set {path}: {e}") from e
        if ls.code in out:
            raise ImproperlyConfigured(f"ledger set {path}: code {ls.code!r} used twice")
        out[ls.code] = ls
    if DEFAULT_SET not in out:
        raise ImproperlyConfigured(f"no default ledger set ({SETS_DIR / (DEFAULT_SET + '.yaml')})")
    return out


def get_set(code: str) -> LedgerSet:
    """The set ``code``; ``ValidationError`` in Chinese for one that does not exist."""
    found = all_sets().get(code)
    if found is None:
        raise ValidationError(
            _("There is no ledger set “%(code)s”.") % {"code": code[:50]}, code="unknown_set"
        )
    return found


def _ancestor_paths(org: Any) -> list[str]:
    step = org.steplen
    return [org.path[:i] for i in range(step, len(org.path) + 1, step)]


def chosen_setting(org: Any) -> PackSetting | None:
    """The nearest choice at or above ``org`` (one query; the federations above may be outside
    the reader's scope, their choice applies all the same)."""
    return (
        PackSetting.objects.unscoped("the choice of the federations above")
        .filter(organization__path__in=_ancestor_paths(org))
        .select_related("organization")
        .order_by("-organization__depth")
        .first()
    )


def effective_set(org: Any) -> LedgerSet:
    """The set that applies to ``org``: the nearest federation's choice, else the default.
    A choice naming a set no longer shipped falls back to the default."""
    setting = chosen_setting(org) if org is not None else None
    sets = all_sets()
    if setting is not None and setting.ledger_set in sets:
        return sets[setting.ledger_set]
    return sets[DEFAULT_SET]


def may_choose(access: Any, org: Any) -> bool:
    return org is not None and org.org_type in CHOOSERS and access.can(Perm.ORG_MANAGE, org)


def choose_set(*, access: Any, organization: Any, code: str) -> PackSetting:
    """The federation ``organization`` chooses set ``code`` for the units below it."""
    if not may_choose(access, organization):
        raise PermissionDenied
    get_set(code)
    setting, _created = PackSetting.objects.update_or_create(
        organization=organization, defaults={"ledger_set": code, "updated_by": access.user}
    )
    return setting
