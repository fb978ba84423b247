"""REST endpoints generated for every record type, over the same forms and services as the pages."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.orm import create_schema
from ninja.pagination import paginate

from gonghui.core.bounds import Id, SearchText
from gonghui.core.forms import form_class, protect_sensitive
from gonghui.core.records import (
    RecordType,
    error_messages,
    record_create,
    record_delete,
    record_precheck,
    record_trial_errors,
    record_update,
    record_warnings,
)
from gonghui.core.scope import org_model
from gonghui.core.scoping import get_in_scope
from gonghui.core.sensitivity import policy_of, viewer_for
from gonghui.core.typing import AuthedRequest

CONFIRM_NOTE = (
    "A save the record's checks warn of (a spending cap, a past due date, an unlikely age) is not "
    "made: the answer is 409 with the warnings by field; send it again with confirm=true to save anyway."
)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def file_answer(media_type: str, description: str) -> dict[str, Any]:
    """``openapi_extra`` of an operation answering a file: its 200 documented as that file."""
    schema = {"type": "string", "format": "binary"}
    return {"responses": {200: {"description": description, "content": {media_type: {"schema": schema}}}}}


def _defaults(model: Any, fields: list[str]) -> dict[str, Any]:
    """A new record's model defaults (votes against: 0), as the page's form starts with them."""
    out = {}
    for name in fields:
        try:
            f = model._meta.get_field(name)
        except FieldDoesNotExist:  # a field of the type's own form only
            continue
        if getattr(f, "has_default", lambda: False)():
            out[name] = f.get_default()
    return out


def validated_data(
    rt: RecordType,
    payload: dict[str, Any],
    instance: Any = None,
    access: Any = None,
    organization: Any = None,
) -> dict[str, Any]:
    """Run the record's form over API input so that both doors validate alike.

    As on the page, a refused form's answer also holds the errors of the record's own rules
    over the fields that passed (a trial save, nothing kept): every error in one answer.

    As on the page, a sensitive field the caller may not see keeps its stored value; sending a
    new value for it is refused (the caller could not have read what it replaces).
    """
    fields = list(rt.form_fields)
    data = model_to_dict(instance, fields=fields) if instance is not None else _defaults(rt.model, fields)
    data.update({k: v for k, v in payload.items() if k in fields})
    data = {k: ("" if v is None else v) for k, v in data.items()}
    form = form_class(rt)(data=data, instance=instance)
    for name in protect_sensitive(form, access, instance):
        if name not in payload:
            continue
        stored = model_to_dict(instance, fields=[name]).get(name)
        kept = {form.fields[name].shown, "" if stored is None else str(stored)}
        if ("" if payload[name] is None else str(payload[name])) not in kept:
            raise ValidationError({name: [_("You may not see this value, so you cannot change it.")]})
    if not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        if access is not None:
            data = dict(form.cleaned_data)
            trial = record_trial_errors(rt, access=access, data=data, organization=organization, obj=instance)
            errors.update({k: v for k, v in trial.items() if k in form.fields and k not in errors})
        raise ValidationError({k: v for k, v in errors.items()})
    return form.cleaned_data


class WarningsOut(Schema):
    detail: str
    warnings: dict[str, list[str]]


def unconfirmed(
    rt: RecordType,
    *,
    access: Any,
    data: dict[str, Any],
    confirm: bool,
    organization: Any = None,
    obj: Any = None,
) -> Any:
    """A 409 answer naming the warnings a save would give, unless the caller confirmed them
    (None: go on and save). Errors still come first, as a 400, with nothing saved."""
    warnings = record_warnings(rt, data=data, organization=organization, obj=obj)
    if not warnings or confirm:
        return None
    check = record_precheck(rt, access=access, data=data, organization=organization, obj=obj)
    if check.errors:
        raise ValidationError(check.errors)
    detail = _("Confirm the warnings to save anyway (confirm=true).")
    return Status(409, {"detail": detail, "warnings": warnings})


def _out_value(obj: Any, name: str, context: Any) -> str | None:
    """A sensitive field in an API answer: as the caller may see it, as text."""
    f = obj._meta.get_field(name)
    stored = getattr(obj, f.attname)
    value = viewer_for(context["request"]).value(obj, name, shown=stored)
    return None if value is None else str(value)


def record_router(rt: RecordType) -> Router:
    model = rt.model
    name = model.__name__
    owner = rt.owner_api_name
    out_fields = list(rt.api_fields or ["id", *rt.form_fields])
    # Sensitive fields leave through the policy (masked unless the caller sees them): a masked
    # value is text whatever the column's type, so they are declared as text.
    secret = [f for f in out_fields if policy_of(model, f) is not None]
    plain = [f for f in out_fields if f not in secret]
    # The answer's schema is made under its final name in one go: a class renamed afterwards kept
    # pydantic's first name, so every type's answers were documented as the last type's.
    Plain = create_schema(model, name=f"{name}Stored", fields=plain)  # noqa: N806
    base_in = create_schema(model, name=f"{name}Fields", fields=list(rt.form_fields))
    Patch = create_schema(model, name=f"{name}Patch", fields=list(rt.form_fields), optional_fields="__all__")  # type: ignore[arg-type]  # noqa: N806
    In = type(f"{name}In", (base_in,), {"__annotations__": {owner: int}})  # noqa: N806

    def resolve_organization_id(obj: Any) -> int | None:
        org = rt.org_of(obj)
        return org.pk if org is not None and org is not obj else None

    attrs: dict[str, Any] = {
        "__annotations__": {"organization_id": int | None, **{f: str | None for f in secret}},
        "organization_id": None,
        "resolve_organization_id": staticmethod(resolve_organization_id),
    }
    for f in secret:
        attrs[f] = None
        attrs[f"resolve_{f}"] = staticmethod(lambda obj, context, f=f: _out_value(obj, f, context))
    OutWithOrg: Any = type(f"{name}Out", (Plain,), attrs)  # noqa: N806
    op = rt.slug.replace("-", "_")
    router = Router(tags=[name])

    def get_obj(request: AuthedRequest, pk: int) -> Any:
        return get_in_scope(rt.queryset(request.access), request, pk=pk)

    @router.get("/", response=list[OutWithOrg], summary=f"List {name}", operation_id=f"{op}_list")
    @paginate
    def list_records(request: AuthedRequest, org: Id | None = None, q: SearchText = "") -> Any:
        within = get_in_scope(org_model().objects.all(), request, pk=org) if org is not None else None
        return rt.search(rt.queryset(request.access, within), q, request.access)

    @router.get("/{int:pk}", response=OutWithOrg, summary=f"Read {name}", operation_id=f"{op}_read")
    def read_record(request: AuthedRequest, pk: int) -> Any:
        return get_obj(request, pk)

    @router.post(
        "/",
        response={201: OutWithOrg, 400: ErrorOut, 403: ErrorOut, 409: WarningsOut},
        summary=f"Create {name}",
        description=CONFIRM_NOTE,
        operation_id=f"{op}_create",
    )
    def create_record(request: AuthedRequest, payload: In, confirm: bool = False) -> Any:  # type: ignore[valid-type]
        body = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]
        organization = get_in_scope(org_model().objects.all(), request, pk=body.pop(owner))
        data = validated_data(rt, body, access=request.access, organization=organization)
        warned = unconfirmed(rt, access=request.access, data=data, confirm=confirm, organization=organization)
        if warned is not None:
            return warned
        return Status(201, record_create(rt, access=request.access, organization=organization, data=data))

    @router.patch(
        "/{int:pk}",
        response={200: OutWithOrg, 400: ErrorOut, 403: ErrorOut, 409: WarningsOut},
        summary=f"Update {name}",
        description=CONFIRM_NOTE,
        operation_id=f"{op}_update",
    )
    def update_record(request: AuthedRequest, pk: int, payload: Patch, confirm: bool = False) -> Any:  # type: ignore[valid-type]
        obj = get_obj(request, pk)
        sent = payload.dict(exclude_unset=True)  # type: ignore[attr-defined]  # a schema built at run time
        data = validated_data(rt, sent, instance=obj, access=request.access)
        warned = unconfirmed(rt, access=request.access, data=data, confirm=confirm, obj=obj)
        if warned is not None:
            return warned
        return record_update(rt, access=request.access, obj=obj, data=data)

    @router.delete(
        "/{int:pk}",
        response={204: None, 400: ErrorOut, 403: ErrorOut},
        summary=f"Delete {name}",
        operation_id=f"{op}_delete",
    )
    def delete_record(request: AuthedRequest, pk: int) -> Any:
        record_delete(rt, access=request.access, obj=get_obj(request, pk))
        return Status(204, None)

    return router


def validation_error_body(exc: ValidationError) -> dict[str, Any]:
    errors = error_messages(exc)
    first = next((m for msgs in errors.values() for m in msgs), "")
    return {"detail": first, "errors": errors}
