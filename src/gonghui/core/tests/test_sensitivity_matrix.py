"""The generated matrix: every registered record type × every role × every way out.

Generated from the registry (``core.records.registry``, with each type's factory) and the
policy (each model's ``sensitive_fields``), so that a new record type, a new sensitive field
or a new column reaching one through a relation is covered at once:

1. one record of the type is made in union A with its factory;
2. every row of every model that declares sensitive fields (the record, the member it names,
   the hardship file behind it, the users...) gets a recognisable value in each of them, saved
   so that the change is in its history;
3. each role, granted where it reaches union A, reads the record through every way out: list,
   detail, edit form, history, the parent's page, xlsx and CSV export, API list and detail
   (and the roster's annotated import file);
4. a value whose permission the role lacks must not be in any answer's bytes (xlsx decoded);
   an on-demand value (ID, phone, birth date) must not be on pages or in the API even for a
   holder, until asked.

A second test fails when a model field whose name looks personal is neither declared
sensitive nor on the commented allow-list below.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse

from gonghui.accounts.roles import ROLE_PERMS, Role
from gonghui.core.records import registry
from gonghui.core.scope import unscoped
from gonghui.core.sensitivity import Sensitive, sensitive_fields
from gonghui.core.tests.record_factories import make_record
from gonghui.members.models import ImportJob
from gonghui.members.validators import with_check_char

# Where each role is granted so that it reaches union A (a group leader on the union itself:
# on a group it would see none of the union's records, and prove nothing).
GRANTED_ON = {
    Role.FEDERATION_ADMIN: "city",
    Role.INSPECTOR: "city",
    Role.VIEWER: "city",
    Role.CHAIR: "union_a",
    Role.FINANCE: "union_a",
    Role.AUDITOR: "union_a",
    Role.GROUP_LEADER: "union_a",
}
PAGES = ("list", "detail", "edit", "history", "parent", "api-list", "api-detail")
EXPORTS = ("xlsx", "csv")


class Needle:
    """One planted value: the texts it may appear as, and who may read it where."""

    def __init__(self, obj: Any, field: str, rule: Sensitive, texts: list[str]) -> None:
        self.obj, self.field, self.rule, self.texts = obj, field, rule, texts

    def __repr__(self) -> str:
        return f"{type(self.obj).__name__}.{self.field}#{self.obj.pk}"

    def found_in(self, body: str) -> bool:
        return any(t in body for t in self.texts)


def _plant(n: int, obj: Any, name: str) -> list[str] | None:
    """Give ``obj.name`` a recognisable value; the texts it shows as (None: not plantable)."""
    f = obj._meta.get_field(name)
    if f.is_relation or f.choices:  # a link or a choice label: covered by the masks' own tests
        return None
    if isinstance(f, models.DateField):
        day = dt.date(1957, 3, 17) + dt.timedelta(days=n)
        setattr(obj, name, day)
        return [day.isoformat(), f"{day.year}年{day.month}月{day.day}日"]
    if isinstance(f, models.DecimalField):
        value = Decimal(f"864{n:02d}.37")
        setattr(obj, name, value)
        return [f"864{n:02d}.37", f"86,4{n:02d}.37"]
    if name == "id_number":
        value = with_check_char(f"11010119570317{n:03d}")
        setattr(obj, name, value)
        return [value]
    if name in ("mobile", "phone"):
        value = f"1375550{n:04d}"
        setattr(obj, name, value)
        return [value]
    if isinstance(f, models.CharField | models.TextField) and name != "id_number_rev":
        value = f"密{n:03d}{name[:8]}"
        setattr(obj, name, value[: f.max_length or None])
        return [value[: f.max_length or None]]
    return None


def plant_everywhere() -> list[Needle]:
    """A recognisable value in every declared field of every row that declares any."""
    needles: list[Needle] = []
    n = 0
    for model in apps.get_models():
        declared = sensitive_fields(model)
        if not declared or model.__name__.startswith("Historical"):
            continue
        with unscoped("every union's rows are planted"):
            rows = list(model._default_manager.all())
        for obj in rows:
            planted = []
            for name, rule in declared.items():
                n += 1
                texts = _plant(n, obj, name)
                if texts is not None:
                    planted.append((name, rule, texts))
            obj.save()
            for name, rule, texts in planted:
                needles.append(Needle(obj, name, rule, texts))
            if "id_number_rev" in declared:  # derived on save: the reversed number
                needles.append(Needle(obj, "id_number_rev", declared["id_number_rev"], [obj.id_number_rev]))
    return needles


def _body(resp: Any) -> str:
    raw = b"".join(resp.streaming_content) if getattr(resp, "streaming", False) else resp.content
    if raw[:2] == b"PK":  # an xlsx: every cell's text
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
        return "\n".join(
            str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
        )
    return raw.decode("utf-8", errors="replace")


def ways_out(c: Client, api: Client, rt: Any, obj: Any, org: Any) -> dict[str, str]:
    slug = rt.slug
    out = {
        "list": _body(c.get(reverse("records:list", kwargs={"rt": slug}), {"org": org.pk})),
        "detail": _body(c.get(reverse("records:detail", kwargs={"rt": slug, "pk": obj.pk}))),
        "edit": _body(c.get(reverse("records:update", kwargs={"rt": slug, "pk": obj.pk}))),
        "history": _body(c.get(reverse("records:history", kwargs={"rt": slug, "pk": obj.pk}))),
        "parent": "",
        "api-list": _body(api.get(f"/api/v1/{slug}/", {"limit": 100})),
        "api-detail": _body(api.get(f"/api/v1/{slug}/{obj.pk}")),
    }
    for fmt in EXPORTS:
        out[fmt] = _body(
            c.get(reverse("records:export", kwargs={"rt": slug}), {"format": fmt, "org": org.pk})
        )
    if rt.parent_field:
        parent = getattr(obj, rt.parent_field)
        parent_rt = registry.for_model(type(parent))
        if parent_rt is not None:
            url = reverse("records:detail", kwargs={"rt": parent_rt.slug, "pk": parent.pk})
            out["parent"] = _body(c.get(url))
    return out


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return c


def _api(user: Any) -> Client:
    from gonghui.accounts.services import token_create

    _t, raw = token_create(user=user, name="matrix")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


@pytest.mark.parametrize("slug", [rt.slug for rt in registry])
def test_no_sensitive_value_reaches_a_role_without_its_permission(
    tree: Any, make_user: Any, slug: str
) -> None:
    rt = registry.get(slug)
    obj = make_record(slug, tree.union_a)
    users = {role: make_user(role, getattr(tree, where)) for role, where in GRANTED_ON.items()}
    needles = plant_everywhere()
    assert needles, "nothing to look for: the members' factory alone plants ID numbers"
    obj = type(obj).objects.unscoped("the record read again with its planted values").get(pk=obj.pk)
    leaks = []
    seen_by_chair = False
    for role, user in users.items():
        perms = ROLE_PERMS[role]
        answers = ways_out(_client(user), _api(user), rt, obj, tree.union_a)
        for needle in needles:
            holds = needle.rule.perm in perms and needle.obj.__class__.__name__ != "User"
            for way, body in answers.items():
                if not needle.found_in(body):
                    continue
                on_page = way in PAGES and way != "edit"
                if not holds or (needle.rule.on_demand and on_page):
                    leaks.append(f"{role} · {way} · {needle!r}")
                elif role == Role.CHAIR and needle.obj == obj:
                    seen_by_chair = True
    assert not leaks, f"{slug}: sensitive values reached readers without the right:\n" + "\n".join(leaks)
    # Control: a type that exports its own sensitive fields gives them in full to a holder, so
    # the search above does find values where they are allowed.
    exported = {c.name for c in rt.export_columns()}
    own = [n for n in needles if n.obj == obj and n.field in exported]
    if own and any(n.rule.perm in ROLE_PERMS[Role.CHAIR] for n in own):
        assert seen_by_chair, f"{slug}: the chair's export does not carry its own values"


@pytest.mark.parametrize("role", list(GRANTED_ON))
def test_the_annotated_import_file_follows_the_policy(tree: Any, make_user: Any, role: str) -> None:
    user = make_user(role, getattr(tree, GRANTED_ON[role]))
    c = _client(user)
    number = with_check_char("11010119570317123")
    upload = io.BytesIO(f"姓名,身份证号,出生日期,手机号码\n张三,{number},1957-03-17,13755501234\n".encode())
    upload.name = "roster.csv"
    resp = c.post(reverse("members:import"), {"organization": tree.union_a.pk, "file": upload})
    job = ImportJob.objects.filter(created_by=user).first()
    if job is None:  # a role that may not import at all never gets a file back
        assert resp.status_code in (400, 403)
        return
    body = _body(c.get(reverse("members:import-annotated", kwargs={"pk": job.pk})))
    values = [number, "1957-03-17", "13755501234"]
    from gonghui.accounts.roles import Perm

    if Perm.PERSONAL_DATA in ROLE_PERMS[role]:
        assert all(v in body for v in values)
    else:
        assert "张三" in body and not any(v in body for v in values)


# ---- fields that look personal ----------------------------------------------------------------
LOOKS_PERSONAL = re.compile(
    r"id_number|id_card|mobile|phone|address|income|wage|salary|birth|situation|health|medical|"
    r"diagnos|illness|disab",
    re.I,
)
# Fields whose names look personal but which hold no person's data, each with its reason.
NOT_PERSONAL = {
    # An organization's own office: its address, contact person and phone are how people reach
    # the union (published on its page), not facts about a member.
    "orgs.Organization.address",
    "orgs.Organization.contact_phone",
    # An employer's average yearly wage over all its employees (单位职工年平均工资), reported in
    # the union's annual statistics: a figure of the employer, no one's own pay.
    "orgs.EmployerYear.average_wage",
    # A voucher's total of income lines: the union's money, not a person's.
    "finance.Voucher.income_total",
    # A funds rule's description of the wage base (which wages count), not anyone's wage.
    "finance.FundsRule.wage_base",
}


def test_every_field_that_looks_personal_is_declared_or_explained() -> None:
    missing = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or not model.__module__.startswith("gonghui."):
            continue  # our models (a library's, such as the login throttle's, are its own business)
        declared = sensitive_fields(model)
        for f in model._meta.concrete_fields:
            key = f"{model._meta.label}.{f.name}"
            if LOOKS_PERSONAL.search(f.name) and f.name not in declared and key not in NOT_PERSONAL:
                missing.append(key)
    assert not missing, (
        "fields that look personal but are neither declared in the model's sensitive_fields "
        f"(core/sensitivity.py) nor explained in NOT_PERSONAL: {missing}"
    )


def test_every_declaration_names_a_field_and_a_known_permission() -> None:
    from gonghui.accounts.roles import Perm

    perms = {v for k, v in vars(Perm).items() if k.isupper()}
    for model in apps.get_models():
        for name, rule in sensitive_fields(model).items():
            model._meta.get_field(name)  # raises for a typo
            assert rule.perm in perms, (model, name)
