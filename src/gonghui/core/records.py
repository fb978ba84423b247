"""The record machinery: a record type is a model plus one registration.

``register(RecordType(...))`` gives the model scoped list, filter, search,
detail, form, history, attachments, export pages and REST endpoints; the
generic services here do the writes with explicit transactions and the
permission checks that pages and API share.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from gonghui.core.errors import DomainError
from gonghui.core.precheck import Precheck, Warnings, trial
from gonghui.core.scoping import subtree_q
from gonghui.core.sensitivity import sensitive_fields
from gonghui.core.services import save_validated

if TYPE_CHECKING:
    from django import forms
    from django_filters import FilterSet
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Column:
    """A list or export column: a field path or a callable of the row."""

    name: str
    label: str = ""
    value: Callable[[Any], Any] | None = None
    sortable: bool = True
    # Shown on the record's card on a phone, under the first column (its title). A type that
    # flags none shows its next PHONE_FIELDS columns.
    phone: bool = False


# Columns on a record's phone card besides its title, when the type flags none.
PHONE_FIELDS = 3


@dataclass
class RecordType:
    model: type[models.Model]
    slug: str
    module: str = "records"
    list_display: Sequence[str | Column] = ()
    list_filters: Sequence[str] = ()
    search_fields: Sequence[str] = ()
    form_fields: Sequence[str] = ()
    detail_fields: Sequence[str] = ()
    export_fields: Sequence[str | Column] = ()
    api_fields: Sequence[str] = ()
    # Path from the record to its organization; "" when the record IS the organization.
    org_field: str = "organization"
    # A child record (a proposal of a congress, a seat of a committee): the foreign key to
    # its parent record. The parent's page lists its children with an "add" button, and
    # a child always belongs to its parent's organization.
    parent_field: str = ""
    view_perm: str = "records.view"
    edit_perm: str = "records.edit"
    ordering: Sequence[str] = ("-pk",)
    select_related: Sequence[str] = ()
    # The date that places a record in a period, for counts and sums a scoring standard
    # writes over this type (``count: activities``); "" counts every record there is.
    period_field: str = ""
    # Organization types a record of this kind may belong to (empty: any).
    org_types: Sequence[str] = ()
    # Use-case hooks; defaults are the generic services below.
    create: Callable[..., Any] | None = None
    update: Callable[..., Any] | None = None
    delete: Callable[..., Any] | None = None
    can_delete: Callable[[Any, Any], bool] | None = None
    # Why a record can no longer be changed (a posted voucher), or "": edit and delete are
    # refused with this message, and the detail page offers neither.
    locked: Callable[[Any], str] | None = None
    # Rules that read other rows (seats already filled, an overlapping validity): fn(obj) raising
    # ValidationError, run by the generic save in its transaction once the row itself is valid.
    validators: Sequence[Callable[[Any], None]] = ()
    # Checks before commit (core/precheck.py): fn(candidate, stored or None) -> {field: [warnings]}
    # about the row as it would be saved; said before the save, which then needs a confirmation.
    warnings: Callable[[Any, Any], Warnings] | None = None
    detail_template: str = ""
    actions: Sequence[tuple[StrOrPromise, str, str]] = ()  # (label, url name, perm) shown on the detail page
    icon: str = "journal-text"
    # Masking is not declared here: a model's ``sensitive_fields`` (core/sensitivity.py) decide
    # what every page, export and endpoint shows of it.

    # ---- options a type may set (a misspelt one is a TypeError at registration) ----
    # Menu: where the type sits in its module's menu; nav=False for a child type reached only
    # through its parent's page.
    nav: bool = True
    nav_order: int = 60
    # False: no "add" button on the list (rows come from elsewhere).
    creatable: bool = True
    # The owner field: its label on the form ("上级组织") and its name in the API payload.
    owner_label: StrOrPromise = ""
    owner_api_name: str = "organization"
    # The type's own classes instead of the generated ones.
    form_class: type[forms.ModelForm] | None = None
    filterset: type[FilterSet] | Callable[[], type[FilterSet]] | None = (
        None  # a function: built at first use, in scope
    )
    # fn(rt, queryset, request) -> an exporter with csv_response()/xlsx_response() (the roster's 花名册).
    exporter: Callable[..., Any] | None = None
    # fn(request, obj, access) -> context for ``detail_template``.
    detail_context: Callable[[Any, Any, Any], dict[str, Any]] | None = None
    # fn(form, access, obj or None): narrows the form for the person editing.
    prepare_form: Callable[[Any, Any, Any], None] | None = None
    # The detail page brings its own "show personal data" button instead of the generic one.
    own_reveal: bool = False
    # Dotted path of a ninja Router mounted beside the generic endpoints.
    api_router: str = ""

    # ---- naming ----------------------------------------------------------
    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return str(capfirst(self.model._meta.verbose_name_plural))

    def field_label(self, name: str) -> str:
        # A column through a relation ("organization__name") shows one attribute of the
        # related row: it is labelled by the relation ("组织"), not by "名称".
        f = self.resolve_field(name.split("__")[0] if "__" in name else name)
        return str(capfirst(f.verbose_name)) if f is not None else name

    def resolve_field(self, path: str) -> Any:
        model: Any = self.model
        f = None
        for part in path.split("__"):
            try:
                f = model._meta.get_field(part)
            except Exception:
                return None
            model = getattr(f, "related_model", None) or model
        return f

    def columns(self, spec: Sequence[str | Column] | None = None) -> list[Column]:
        cols = []
        for c in spec if spec is not None else self.list_display:
            if isinstance(c, Column):
                cols.append(
                    c if c.label else Column(c.name, self.field_label(c.name), c.value, c.sortable, c.phone)
                )
            else:
                cols.append(Column(c, self.field_label(c)))
        return cols

    def phone_columns(self, cols: Sequence[Column]) -> list[int]:
        """Positions of the columns a phone's card shows under its title (the first column)."""
        flagged = [i for i, c in enumerate(cols) if i and c.phone]
        return flagged or list(range(1, min(len(cols), 1 + PHONE_FIELDS)))

    def export_columns(self) -> list[Column]:
        return self.columns(self.export_fields or [*self.list_display, *self.detail_fields_or_form()])

    def detail_fields_or_form(self) -> list[str]:
        return list(self.detail_fields or self.form_fields)

    # ---- organization and scope -----------------------------------------
    def org_of(self, obj: Any) -> Any:
        if not self.org_field:
            return obj
        for part in self.org_field.split("__"):
            obj = getattr(obj, part)
        return obj

    def path_lookup(self) -> str:
        return f"{self.org_field}__path" if self.org_field else "path"

    def queryset(self, access: Any, within: Any = None) -> QuerySet:
        """Records the user may read, inside the ambient scope, in list order.

        ``within``: only those in that organization's subtree.
        """
        qs = cast(Any, self.model).objects.all()
        if self.view_perm:
            qs = qs.filter(access.org_q(self.view_perm, self.path_lookup()))
        if within is not None:
            qs = self.in_subtree(qs, within)
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs.order_by(*self.ordering)

    def in_subtree(self, qs: QuerySet, org: Any) -> QuerySet:
        return qs.filter(subtree_q(org.path, self.path_lookup()))

    def search(self, qs: QuerySet, text: str, access: Any = None) -> QuerySet:
        """Rows with ``text`` in one of the search fields (``search_field_q``)."""
        text = text.strip()
        if not text or not self.search_fields:
            return qs
        q = Q()
        for f in self.search_fields:
            q |= self.search_field_q(f, text, access)
        return qs.filter(q)

    def search_field_q(self, path: str, text: str, access: Any = None) -> Q:
        """``text`` anywhere in the field; in a field the sensitivity policy declares, anywhere
        only where ``access`` holds the permission that reveals it, elsewhere the whole value
        typed exactly: a masked value must not be read back by searching its parts."""
        part = Q(**{f"{path}__icontains": text})
        *hops, name = path.split("__")
        owner = getattr(self.resolve_field("__".join(hops)), "related_model", None) if hops else self.model
        if owner is None:
            return part
        declared = sensitive_fields(owner).get(name)
        if declared is None:
            return part
        whole = Q(**{f"{path}__iexact": text})
        if access is None:
            return whole
        # The permission counts on the union of the row that holds the value (a member's).
        has_org = any(f.name == "organization" for f in owner._meta.get_fields())
        org_path = f"{'__'.join(hops)}__organization__path" if hops and has_org else self.path_lookup()
        return whole | (part & access.org_q(declared.perm, org_path))

    def parent_model(self) -> Any:
        return self.model._meta.get_field(self.parent_field).related_model if self.parent_field else None

    def owner_orgs(self, access: Any) -> QuerySet:
        """Organizations where the user may create a record of this type."""
        qs = access.orgs_with(self.edit_perm).filter(status="active")
        if self.org_types:
            qs = qs.filter(org_type__in=self.org_types)
        return qs


class Registry:
    def __init__(self) -> None:
        self._types: dict[str, RecordType] = {}

    def register(self, rt: RecordType) -> RecordType:
        if rt.slug in self._types and self._types[rt.slug].model is not rt.model:
            raise ValueError(f"record type slug {rt.slug!r} registered twice")
        self._types[rt.slug] = rt
        return rt

    def get(self, slug: str) -> RecordType:
        return self._types[slug]

    def for_model(self, model: type[models.Model]) -> RecordType | None:
        for rt in self._types.values():
            if rt.model is model:
                return rt
        return None

    def children_of(self, model: type[models.Model]) -> list[RecordType]:
        """Record types whose parent is ``model``, in registration order."""
        return [rt for rt in self._types.values() if rt.parent_field and rt.parent_model() is model]

    def __iter__(self) -> Iterator[RecordType]:
        return iter(self._types.values())

    def __contains__(self, slug: object) -> bool:
        return slug in self._types


registry = Registry()
register = registry.register


@dataclass(frozen=True)
class DetailPanel:
    """A panel an app adds to another record type's detail page (member statistics on a union's page).

    ``context(request, obj, access)`` returns the template's ``panel`` dict, or None to show nothing.
    """

    template: str
    context: Callable[[Any, Any, Any], dict[str, Any] | None]
    order: int = 50


_panels: dict[str, list[DetailPanel]] = {}


def register_panel(slug: str, panel: DetailPanel) -> None:
    panels = _panels.setdefault(slug, [])
    if panel not in panels:
        panels.append(panel)
        panels.sort(key=lambda p: p.order)


def panels_for(slug: str) -> list[DetailPanel]:
    return _panels.get(slug, [])


# ---- permission checks shared by pages and API ---------------------------
def require(access: Any, perm: str, org: Any) -> None:
    if not access.can(perm, org):
        raise PermissionDenied(_("You do not have the right to do this here."))


def lock_reason(rt: RecordType, obj: Any) -> str:
    return rt.locked(obj) if rt.locked is not None else ""


def refuse_locked(rt: RecordType, obj: Any) -> None:
    reason = lock_reason(rt, obj)
    if reason:
        raise DomainError(reason)


def _delete_right(rt: RecordType, access: Any, obj: Any) -> bool:
    if rt.can_delete is not None:
        return rt.can_delete(access, obj)
    return access.can(rt.edit_perm, rt.org_of(obj))


def may_delete(rt: RecordType, access: Any, obj: Any) -> bool:
    """Whether the page offers deletion: the right to, and nothing locks the record."""
    return _delete_right(rt, access, obj) and not lock_reason(rt, obj)


# ---- generic services ----------------------------------------------------
def split_m2m(model: type[models.Model], data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Separate many-to-many values, which are set after the row is saved."""
    names = {f.name for f in model._meta.many_to_many}
    return {k: v for k, v in data.items() if k not in names}, {k: v for k, v in data.items() if k in names}


def record_create(rt: RecordType, *, access: Any, organization: Any, data: dict[str, Any]) -> Any:
    require(access, rt.edit_perm, organization)
    if rt.org_types and organization.org_type not in rt.org_types:
        raise DomainError(
            _("This kind of record does not belong to a %(type)s.")
            % {"type": organization.get_org_type_display()}
        )
    if not organization.is_active:
        raise DomainError(_("%(org)s is dissolved.") % {"org": organization.name})
    if rt.parent_field:
        parent = data.get(rt.parent_field)
        if parent is not None and rt.org_of(parent) != organization:
            raise DomainError(
                {rt.parent_field: _("%(parent)s belongs to another organization.") % {"parent": parent}}
            )
    with transaction.atomic():
        if rt.create is not None:
            return rt.create(actor=access.user, organization=organization, data=data)
        fields, m2m = split_m2m(rt.model, data)
        obj = rt.model(**fields)
        setattr(obj, rt.org_field, organization)
        save_validated(obj, actor=access.user, m2m=m2m, validators=rt.validators)
        return obj


def record_update(rt: RecordType, *, access: Any, obj: Any, data: dict[str, Any]) -> Any:
    require(access, rt.edit_perm, rt.org_of(obj))
    refuse_locked(rt, obj)
    with transaction.atomic():
        if rt.update is not None:
            return rt.update(actor=access.user, obj=obj, data=data)
        fields, m2m = split_m2m(rt.model, data)
        for k, v in fields.items():
            setattr(obj, k, v)
        save_validated(obj, actor=access.user, m2m=m2m, validators=rt.validators)
        return obj


def candidate(rt: RecordType, *, data: dict[str, Any], organization: Any = None, obj: Any = None) -> Any:
    """The row as saving ``data`` would make it, not saved: a new one in ``organization``, or a
    copy of ``obj`` with the data set (``obj`` itself is left as it is)."""
    names = {f.name for f in rt.model._meta.concrete_fields}
    fields = {k: v for k, v in data.items() if k in names}
    if obj is not None:
        row = copy.copy(obj)
        for k, v in fields.items():
            setattr(row, k, v)
        return row
    row = rt.model(**fields)
    if rt.org_field and "__" not in rt.org_field:
        setattr(row, rt.org_field, organization)
    return row


def record_warnings(
    rt: RecordType, *, data: dict[str, Any], organization: Any = None, obj: Any = None
) -> Warnings:
    """What the type warns of about saving ``data`` (nothing is saved)."""
    if rt.warnings is None:
        return {}
    return rt.warnings(candidate(rt, data=data, organization=organization, obj=obj), obj)


def record_precheck(
    rt: RecordType, *, access: Any, data: dict[str, Any], organization: Any = None, obj: Any = None
) -> Precheck:
    """The errors and warnings saving ``data`` would give, with nothing saved.

    The errors come from a trial of the real save (``record_create`` / ``record_update``,
    rolled back), so they are the save's own; a refusal of the right to act is raised.
    """
    if obj is None:
        errors = trial(lambda: record_create(rt, access=access, organization=organization, data=data))
    else:
        copied = copy.copy(obj)  # a trial sets the data on the row: the caller's stays as it was
        errors = trial(lambda: record_update(rt, access=access, obj=copied, data=data))
    return Precheck(errors, record_warnings(rt, data=data, organization=organization, obj=obj))


def record_trial_errors(
    rt: RecordType, *, access: Any, data: dict[str, Any], organization: Any = None, obj: Any = None
) -> dict[str, list[str]]:
    """The errors a save of the fields that passed the form would raise (nothing is saved):
    a form that refuses some fields shows the record's own rules' errors in the same round.

    Best effort: a service may need a field the form refused (a task's assessment) and fail
    another way; then there is nothing more to say this round.
    """
    if obj is None and organization is None:
        return {}
    try:
        return record_precheck(rt, access=access, data=data, organization=organization, obj=obj).errors
    except (ObjectDoesNotExist, AttributeError, TypeError, ValueError, KeyError, PermissionDenied):
        return {}


def delete_or_explain(obj: models.Model) -> None:
    """Delete ``obj`` or refuse, naming what still depends on it."""
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as e:
        kinds = sorted({str(o._meta.verbose_name) for o in e.protected_objects})
        raise DomainError(
            _("%(obj)s cannot be deleted: %(kinds)s still refer to it.")
            % {"obj": obj, "kinds": _(", ").join(kinds)}
        ) from e


def record_delete(rt: RecordType, *, access: Any, obj: Any) -> None:
    if not _delete_right(rt, access, obj):
        raise PermissionDenied(_("You do not have the right to do this here."))
    refuse_locked(rt, obj)
    obj._history_user = access.user
    if rt.delete is not None:
        rt.delete(actor=access.user, obj=obj)
    else:
        delete_or_explain(obj)


def error_messages(exc: ValidationError) -> dict[str, list[str]]:
    """A ValidationError as {field or "__all__": [messages]}."""
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}
