"""One factory per registered record type: makes a valid record inside a given union.

The scoping tests call these for every record type in the registry, so a new
type without a factory fails the suite. Each app adds its own in
``<app>/tests/factories.py`` as ``RECORD_FACTORIES = {slug: callable(union)}``.

``record_values`` turns a factory's record into the complete data of a NEW record (what
a person would fill in on the create page); ``form_post`` and ``api_json`` write it for
the page and the API. The create-scoping tests post that data, so a refusal they see
comes from the owner, never from a missing field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import models

from gonghui.accounts.models import RoleGrant
from gonghui.accounts.roles import ROLE_PERMS, Role
from gonghui.conftest import make_org
from gonghui.core.discovery import app_modules
from gonghui.core.forms import form_class
from gonghui.core.records import registry
from gonghui.core.scope import unscoped
from gonghui.orgs.models import EmployerYear, Organization, OrgType


def _org(union: Organization) -> Organization:
    n = Organization.objects.filter(code__startswith=f"{union.code}-F").count() + 1
    return make_org(union, f"{union.code}-F{n}", OrgType.GROUP, name=f"{union.name}测试小组{n}")


def _employer_year(union: Organization) -> EmployerYear:
    year = 2000 + EmployerYear.objects.filter(organization=union).count()
    return EmployerYear.objects.create(
        organization=union, year=year, employer_name=f"{union.name}单位", employees=100, women_employees=40
    )


RECORD_FACTORIES: dict[str, Callable[[Organization], Any]] = {
    "orgs": _org,
    "employer-years": _employer_year,
}
for _module in app_modules("tests.factories"):
    RECORD_FACTORIES.update(_module.RECORD_FACTORIES)


def make_record(slug: str, union: Organization) -> Any:
    return RECORD_FACTORIES[slug](union)


def record_values(slug: str, union: Organization) -> dict[str, Any]:
    """Complete, valid form values for a new ``slug`` record of ``union`` (the owner not included).

    A factory makes the record with everything it refers to (a member, a parent congress);
    its values are read through the type's own form, and the record itself is deleted again,
    so the same values can be created once more (its unique fields are free).
    """
    rt = registry.get(slug)
    with unscoped("build test data in any union"):
        obj = make_record(slug, union)
        form = form_class(rt)(instance=obj)
        values = {name: form[name].value() for name in form.fields}
        type(obj).objects.filter(pk=obj.pk).delete()
    return values


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def form_post(values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as a browser posts them (no value: an empty field)."""
    return {k: "" if v is None else _plain(v) for k, v in values.items()}


def api_json(slug: str, values: dict[str, Any]) -> dict[str, Any]:
    """``values`` as an API client sends them: no value left out, a foreign key as ``<name>_id``,
    several codes of one column as one text."""
    model = registry.get(slug).model
    out = {}
    for name, value in values.items():
        if value is None or value == "":
            continue
        field = next((f for f in model._meta.concrete_fields if f.name == name), None)
        if field is not None and isinstance(value, list):  # codes in one column: "illness,disability"
            value = ",".join(str(v) for v in value)
        out[field.attname if field is not None else name] = _plain(value)
    return out


# ---- who creates where: the cases of the create-scoping tests --------------------------
# A user holding the type's edit right either on union A ("union"), on the city above it
# ("federation"), or on union A and only the right to read on union C ("reader"). Each
# creates in its home union; the other tree's union is refused, and so is the sibling union C
# that the user holds no grant on ("union") or may only read ("reader").
CREATE_WHERE = ("union", "federation", "reader")
_UNION_ROLES = (Role.CHAIR, Role.FINANCE, Role.AUDITOR)
_CITY_ROLES = (Role.FEDERATION_ADMIN, *_UNION_ROLES)


def federation_only(rt: Any) -> bool:
    """A type that a grassroots union may not hold (a funds rule): created in the city itself."""
    return bool(rt.org_types) and OrgType.GRASSROOTS not in rt.org_types


def create_cases() -> list[tuple[str, str]]:
    """(slug, where) for every registered type; a federation-only type has only "federation"."""
    return [
        (rt.slug, where)
        for rt in registry
        for where in CREATE_WHERE
        if where == "federation" or not federation_only(rt)
    ]


def create_places(slug: str, where: str, tree: Any) -> tuple[Organization, dict[str, Organization]]:
    """The home union where the user may create ``slug``, and the unions where it must be refused."""
    rt = registry.get(slug)
    if federation_only(rt):
        if OrgType.FEDERATION in rt.org_types:
            return tree.city, {"other tree": tree.county}
        # A type of joint unions only (covered employers): one of that type under each root.
        kind = rt.org_types[0]
        ours = make_org(tree.city, "CITY-OWN", kind, name="甲市测试联合工会")
        return ours, {"other tree": make_org(tree.county, "COUNTY-OWN", kind, name="乙县测试联合工会")}
    refused = {"other tree": tree.union_b}
    if where != "federation":  # for the city's user, union C is its own
        refused["sibling"] = tree.union_c
    return tree.union_a, refused


def creator(slug: str, where: str, tree: Any, make_user: Callable[..., Any]) -> Any:
    """A user who may create ``slug`` records in its home union (see ``create_places``)."""
    perm = registry.get(slug).edit_perm
    at_city = where == "federation" or federation_only(registry.get(slug))
    role = next(r for r in (_CITY_ROLES if at_city else _UNION_ROLES) if perm in ROLE_PERMS[r])
    org = tree.city if at_city else tree.union_a
    user = make_user(role, org)
    if where == "reader":
        RoleGrant.objects.create(user=user, organization=tree.union_c, role=Role.VIEWER)
    return user
