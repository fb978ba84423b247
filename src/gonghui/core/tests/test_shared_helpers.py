"""The shared helpers that replaced copies in the apps: one behaviour each, tested once here."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.core.downloads import file_response
from gonghui.core.errors import DomainError
from gonghui.core.forms import errors_to_form
from gonghui.core.models import AuditEvent
from gonghui.core.services import save_validated
from gonghui.members.tests.factories import make_member
from gonghui.skills.models import Training
from gonghui.voice.models import Activist


# ---- save_validated ------------------------------------------------------------------------
def _training(org: Any, **kw: Any) -> Training:
    return Training(
        organization=org, course="安全培训", audience="all_staff", started_on=dt.date(2025, 3, 1), **kw
    )


def test_save_validated_saves_sets_many_to_many_and_names_the_actor(tree: Any, make_user: Any) -> None:
    user = make_user()
    people = [make_member(tree.union_a), make_member(tree.union_a)]
    t = _training(tree.union_a)
    save_validated(t, actor=user, m2m={"attendees": people})
    t.refresh_from_db()
    assert set(t.attendees.all()) == set(people) and t.attendee_count == 2  # clean_many_to_many ran
    assert t.history.latest().history_user == user


def test_save_validated_writes_nothing_when_a_check_fails(tree: Any, make_user: Any) -> None:
    user = make_user()
    with pytest.raises(DomainError) as refused:  # a member of the other tree
        save_validated(_training(tree.union_a), actor=user, m2m={"attendees": [make_member(tree.union_b)]})
    assert "attendees" in refused.value.message_dict
    with pytest.raises(ValidationError) as invalid:  # model and many-to-many errors come together
        save_validated(
            _training(tree.union_a, ended_on=dt.date(2025, 1, 1), attendee_count=0),
            actor=user,
            m2m={"attendees": [make_member(tree.union_a)]},
        )
    assert {"ended_on", "attendee_count"} <= set(invalid.value.message_dict)
    assert not Training.objects.exists()


# ---- errors_to_form ------------------------------------------------------------------------
class _Form(forms.Form):
    name = forms.CharField(required=False)
    on = forms.DateField(required=False)


def _form() -> _Form:
    form = _Form({})
    assert form.is_valid()
    return form


def test_errors_to_form_keeps_the_field_when_the_form_has_it() -> None:
    form = _form()
    errors_to_form(form, ValidationError({"name": ["太长"], "other": ["别处"], "approved_on": ["日期"]}))
    assert form.errors["name"] == ["太长"]
    assert form.non_field_errors() == ["别处", "日期"]
    form = _form()
    errors_to_form(form, ValidationError({"approved_on": ["日期"]}), rename={"approved_on": "on"})
    assert form.errors["on"] == ["日期"] and not form.non_field_errors()
    form = _form()
    errors_to_form(form, ValidationError(["一", "二"]))
    assert form.non_field_errors() == ["一", "二"]


# ---- file_response -------------------------------------------------------------------------
def test_file_response_is_always_a_sandboxed_download() -> None:
    for body, kind in ((b"PK..", HttpResponse), (io.BytesIO(b"PK.."), FileResponse)):
        resp = file_response(body, filename="名册.xlsx", content_type="application/octet-stream")
        assert isinstance(resp, kind)
        assert (
            resp["Content-Disposition"].startswith("attachment;")
            and "filename*=" in resp["Content-Disposition"]
        )
        assert resp["X-Content-Type-Options"] == "nosniff"
        assert resp["Content-Security-Policy"] == "sandbox"


# ---- requested_org: one list page and one app view -----------------------------------------
def _denied() -> int:
    return AuditEvent.objects.filter(action="scope.denied").count()


def test_a_list_page_reads_org_one_way(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    mine = make_member(tree.union_a)
    url = reverse("records:list", kwargs={"rt": "members"})
    assert c.get(url).status_code == 200  # absent: the current organization
    page = c.get(url, {"org": tree.union_a.pk})  # in scope: that one
    assert page.status_code == 200 and f"/{mine.pk}/" in page.content.decode()
    before = _denied()
    assert c.get(url, {"org": tree.union_b.pk}).status_code == 404  # out of scope: 404, audited
    assert _denied() == before + 1
    assert c.get(url, {"org": "1x"}).status_code == 404  # malformed: 404


def test_an_app_view_reads_org_the_same_way(tree: Any, make_user: Any, login: Any) -> None:
    c = login(make_user(Role.CHAIR, tree.union_a))
    url = reverse("care:overview")
    assert c.get(url, {"year": 2025}).status_code == 200
    assert c.get(url, {"org": tree.union_a.pk, "year": 2025}).status_code == 200
    before = _denied()
    assert c.get(url, {"org": tree.union_b.pk, "year": 2025}).status_code == 404
    assert c.get(url, {"org": "-3", "year": 2025}).status_code == 404
    assert _denied() == before + 1
    # In scope but without the permission the view asks for: 404 and audited, like outside.
    leader = login(make_user(Role.GROUP_LEADER, tree.group_a1))
    assert leader.get(url, {"org": tree.union_a.pk, "year": 2025}).status_code == 404
    assert _denied() == before + 2


# ---- PersonRef -----------------------------------------------------------------------------
def test_person_ref_takes_the_member_or_asks_for_a_name(tree: Any) -> None:
    m = make_member(tree.union_a)
    typed = Activist(organization=tree.union_a, year=2025, area="organization", name="张三")
    assert typed.person_errors() == {} and typed.person == "张三"
    chosen = Activist(organization=tree.union_a, year=2025, area="organization", member=m)
    assert chosen.person == m.name  # shown before it is saved
    assert chosen.person_errors() == {} and chosen.name == m.name  # filled on validation
    neither = Activist(organization=tree.union_a, year=2025, area="organization", name="  ")
    assert list(neither.person_errors()) == ["name"]
    with pytest.raises(ValidationError):
        neither.full_clean()
