"""THE sensitivity policy: which fields carry personal data, and who may read them in full.

A model declares its sensitive fields where it is made::

    class Member(models.Model):
        sensitive_fields: ClassVar[dict[str, Sensitive]] = {
            "id_number": Sensitive(Perm.PERSONAL_DATA, Mask.ID),
            "mobile": Sensitive(Perm.PERSONAL_DATA, Mask.PHONE),
        }

Every way data leaves the system (list, detail, edit form, history, export, API, search,
annotated import, logs and audit details) reads this one declaration through the functions
of this module; none decides masking on its own.

Two kinds of mask:

- *On demand* (ID, PHONE, DATE: the mask keeps a recognisable part): everyone reads the value
  masked; a holder of the permission on the record's union unmasks it by asking (the *Show*
  button, ``?reveal=1`` on a detail or history page, an export, the edit form), and every such
  reveal is written to the audit log.
- *Restricted* (TEXT, AMOUNT: the mask hides everything): a holder reads the value in full
  wherever the record is shown (a hardship officer needs the situation to decide); anyone else
  reads （受限信息）.

The permission check is ``access.can(perm, org)`` over the grants the request loaded once: it
does no query. The record's organization comes with the row (``select_related``) or, for a
list page, from one query for the whole page (``Viewer.prepare``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

from django.db import models
from django.utils.translation import gettext_lazy as _

from gonghui.core.scope import org_model

RESTRICTED = _("(restricted)")
HIDDEN_DATE = "****-**-**"


class Mask(StrEnum):
    ID = "id"  # 110***********123X
    PHONE = "phone"  # 138****5678
    TEXT = "text"  # （受限信息）
    DATE = "date"  # a birth date that identifies: ****-**-**
    AMOUNT = "amount"  # household income: （受限信息）


_UNSET: Any = object()
ON_DEMAND = frozenset({Mask.ID, Mask.PHONE, Mask.DATE})
# What ``Viewer.hint`` keeps of an on-demand value for a holder: the year, the last four characters.
HINTS: dict[Mask, Any] = {
    Mask.DATE: lambda value: str(getattr(value, "year", "")),
    Mask.ID: lambda value: str(value)[-4:],
    Mask.PHONE: lambda value: str(value)[-4:],
}


@dataclass(frozen=True)
class Sensitive:
    """One sensitive field: the permission (held on the record's union) that reveals it, and its mask."""

    perm: str
    mask: Mask = Mask.TEXT

    @property
    def on_demand(self) -> bool:
        """Masked for everyone until a holder asks (see the module's docstring)."""
        return self.mask in ON_DEMAND


def sensitive_fields(model: Any) -> dict[str, Sensitive]:
    """The model's declared sensitive fields (an empty dict when it declares none)."""
    return dict(getattr(model, "sensitive_fields", {}) or {})


def policy_of(model: Any, name: str) -> Sensitive | None:
    """The declaration of one field, or None when the field is not sensitive."""
    declared = getattr(model, "sensitive_fields", None)
    return declared.get(name) if declared else None


# ---- masks ----------------------------------------------------------------------------
def mask_id(value: str) -> str:
    """110***********123X: the region and the check digits stay, the birth date goes."""
    if not value:
        return ""
    if len(value) <= 6:
        return value[0] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678."""
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask(value: Any, how: Mask) -> str:
    """``value`` as someone without the permission reads it ("" stays "")."""
    if value is None or value == "" or value == []:
        return ""
    if how == Mask.ID:
        return mask_id(str(value))
    if how == Mask.PHONE:
        return mask_phone(str(value))
    if how == Mask.DATE:
        return HIDDEN_DATE
    return str(RESTRICTED)


# ---- who reads --------------------------------------------------------------------------
def _org_id(obj: Any) -> int | None:
    if isinstance(obj, org_model()):
        return obj.pk
    return getattr(obj, "organization_id", None)


class Viewer:
    """One reader of records: their Access, whether they asked to reveal, decisions by union.

    ``Viewer(access)`` shows what the policy allows without asking; ``Viewer(access,
    reveal=True)`` also unmasks the on-demand fields the reader holds the permission for
    (the caller audits that, see ``audit_reveal``). ``access`` None (no request) masks all.
    """

    def __init__(self, access: Any, *, reveal: bool = False) -> None:
        self.access = access
        self.reveal = reveal
        self._paths: dict[int, str] = {}
        self._holds: dict[tuple[str, int], bool] = {}

    # The record's union, without a query when the row came with it or the page was prepared.
    def _path(self, obj: Any) -> str | None:
        if isinstance(obj, org_model()):
            return obj.path
        org_id = _org_id(obj)
        if org_id is None:
            return None
        cached = obj._state.fields_cache.get("organization") if hasattr(obj, "_state") else None
        if cached is not None:
            return cached.path
        if org_id not in self._paths:
            self.prepare([obj])
        return self._paths.get(org_id)

    def prepare(self, objs: Iterable[Any]) -> None:
        """Load the unions of a page of records in one query (rows without ``organization`` loaded)."""
        Organization = org_model()  # noqa: N806
        missing = set()
        for obj in objs:
            org_id = _org_id(obj)
            if org_id is None or org_id in self._paths or isinstance(obj, Organization):
                continue
            if not (hasattr(obj, "_state") and "organization" in obj._state.fields_cache):
                missing.add(org_id)
        if missing:
            rows = (
                Organization.objects.unscoped("paths of the records' own unions, already read")
                .filter(pk__in=missing)
                .values_list("pk", "path")
            )
            self._paths.update(dict(rows))

    def holds(self, perm: str, obj: Any) -> bool:
        """Whether the reader holds ``perm`` on the union ``obj`` belongs to (no query per call)."""
        if self.access is None:
            return False
        if getattr(self.access, "is_superuser", False):
            return True
        path = self._path(obj)
        if path is None:  # a row of no union (a user account): only a superuser
            return False
        key = (perm, _org_id(obj) or 0)
        if key not in self._holds:
            self._holds[key] = self.access.can(perm, SimpleNamespace(path=path))
        return self._holds[key]

    def sees(self, obj: Any, name: str) -> bool:
        """Whether the field ``name`` of ``obj`` reaches this reader in full."""
        rule = policy_of(type(obj), name)
        if rule is None:
            return True
        return self.holds(rule.perm, obj) and (self.reveal or not rule.on_demand)

    def may_reveal(self, obj: Any, names: Iterable[str] | None = None) -> list[str]:
        """The on-demand fields of ``obj`` (with a value) masked now that this reader may unmask."""
        declared = sensitive_fields(type(obj))
        out = []
        for name in declared if names is None else names:
            rule = declared.get(name)
            if rule is None or not rule.on_demand or _raw(obj, name) in (None, ""):
                continue
            if not obj._meta.get_field(name).editable:  # a derived key (the reversed ID): never shown
                continue
            if self.holds(rule.perm, obj) and not self.reveal:
                out.append(name)
        return out

    def hint(self, obj: Any, name: str) -> str:
        """The part of an on-demand field that tells two people apart (a birth year, an ID
        number's or a phone's last four characters), for a reader who holds the permission that
        reveals it; "" for anyone else, and for a field the policy does not declare.

        A member picker shows it beside namesakes. The holder may unmask the whole value anyway
        and may already search by the ID number's tail (``members.selectors.id_tail_members``):
        this part is shown without asking and is not a reveal to audit. The rest stays on demand.
        """
        rule = policy_of(type(obj), name)
        raw = _raw(obj, name)
        if rule is None or rule.mask not in HINTS or raw in (None, "") or not self.holds(rule.perm, obj):
            return ""
        return HINTS[rule.mask](raw)

    def value(self, obj: Any, name: str, shown: Any = _UNSET) -> Any:
        """The field as this reader gets it: ``shown`` (default: the stored value) or its mask."""
        rule = policy_of(type(obj), name)
        if shown is _UNSET:
            shown = getattr(obj, name, None)
        if rule is None or self.sees(obj, name):
            return shown
        return mask(_raw(obj, name), rule.mask)

    def path_value(self, obj: Any, path: str, shown: Any) -> Any:
        """A column through relations (``member__id_number``): masked by the related row's policy."""
        if rule_at(type(obj), path) is None:  # type: ignore[arg-type]  # decided on the model: no row is touched
            return shown
        parts = path.split("__")
        owner = obj
        for part in parts[:-1]:
            owner = getattr(owner, part, None)
            if owner is None:
                return shown
        rule = policy_of(type(owner), parts[-1])
        if rule is None or self.sees(owner, parts[-1]):
            return shown
        return mask(_raw(owner, parts[-1]), rule.mask)


@lru_cache(maxsize=1024)
def rule_at(model: Any, path: str) -> Sensitive | None:
    """The declaration a field path (``member__id_number``) ends on, read from the models."""
    parts = path.split("__")
    for part in parts[:-1]:
        try:
            model = model._meta.get_field(part).related_model
        except Exception:
            return None
        if model is None:
            return None
    return policy_of(model, parts[-1])


def _raw(obj: Any, name: str) -> Any:
    """The stored value; a foreign key's id (no query to load the row it names)."""
    try:
        f = obj._meta.get_field(name)
    except Exception:
        return getattr(obj, name, None)
    if isinstance(f, models.ForeignKey):
        return getattr(obj, f.attname, None)
    value = getattr(obj, name, None)
    return value


VIEWER_ATTR = "_gonghui_viewer"


def viewer_for(request: Any, *, reveal: bool = False) -> Viewer:
    """The request's reader (one per request and reveal flag, so decisions are cached)."""
    access = getattr(request, "access", None) if request is not None else None
    if request is None:
        return Viewer(None)
    attr = f"{VIEWER_ATTR}_{int(reveal)}"
    viewer = getattr(request, attr, None)
    if viewer is None:
        viewer = Viewer(access, reveal=reveal)
        setattr(request, attr, viewer)
    return viewer


def value_for(request_or_access: Any, obj: Any, name: str, *, reveal: bool = False) -> Any:
    """One field of one record as the reader may get it (masked unless held and revealed)."""
    if hasattr(request_or_access, "can"):  # an Access
        return Viewer(request_or_access, reveal=reveal).value(obj, name)
    return viewer_for(request_or_access, reveal=reveal).value(obj, name)


def wants_reveal(request: Any) -> bool:
    """The reader asked for the full values (``?reveal=1`` on a detail, history or export)."""
    return request is not None and getattr(request, "GET", {}).get("reveal") == "1"


def revealed_fields(viewer: Viewer, obj: Any, names: Iterable[str]) -> list[str]:
    """Which of ``names`` (with a value) this reader gets in full although they are sensitive."""
    out = []
    for name in names:
        if (
            policy_of(type(obj), name) is not None
            and viewer.sees(obj, name)
            and _raw(obj, name) not in ("", None)
        ):
            out.append(name)
    return out


# ---- free text: logs and audit details -------------------------------------------------
# A digit as it reaches a log: ASCII, full-width (NFKC would fold it), full-width
# percent-encoded in a URL ("１" is %EF%BC%91) or escaped by Django's request log (\uff11).
_DIGIT = r"(?:[0-9\uff10-\uff19]|%EF%BC%9[0-9]|\\uff1[0-9])"
_CHECK_X = r"(?:[Xx\uff38\uff58]|%EF%BC%B8|%EF%BD%98|\\uff38|\\uff58)"  # an ID number's last character
# Between digits a person or a form may put a space ("138 1234 5678"), "+" or "%20" (a space in
# a URL). Not "-": dates ("2025-01-01") and times stay readable.
_SEP = r"(?:[ +]|%20)"
_DIGIT_RUN = re.compile(rf"{_DIGIT}(?:{_SEP}?{_DIGIT}){{6,}}{_CHECK_X}?", re.IGNORECASE)
_CHAR = re.compile(rf"{_DIGIT}|{_CHECK_X}", re.IGNORECASE)


def _plain(token: str) -> str:
    """One digit or X of a run, however it was written: "%EF%BC%91", "\\uff11", "１" → "1"."""
    if token.startswith("\\"):
        token = chr(int(token[2:], 16))
    return unicodedata.normalize("NFKC", unquote(token)).upper()


def _mask_run(match: re.Match[str]) -> str:
    chars = [_plain(t) for t in _CHAR.findall(match.group(0))]
    if len(chars) >= 11:  # a mobile or an ID number: as every page masks it, 138****5678
        return "".join(chars[:3]) + "*" * (len(chars) - 7) + "".join(chars[-4:])
    return "*" * len(chars)  # a birth date, a landline, part of a number: nothing kept


def mask_digits(text: str) -> str:
    """``text`` with every run of 7 or more digits masked: what logs and audit details keep.

    A run of 11 or more (a mobile, an ID number) keeps its first 3 and last 4 characters,
    as the pages show it; a shorter one (a birth date, a landline, digits of a number typed
    into a search) keeps none. Separators a person types between digits (spaces, ``+``,
    ``%20``), full-width, percent-encoded and escaped digits and an ID number's final X count
    as part of the run. Shorter numbers (years, dates with dashes, page numbers, ids up to
    999,999) stay readable; masked text is left as it is, so masking twice changes nothing.
    """
    return _DIGIT_RUN.sub(_mask_run, text) if text else text
