"""A record type's options are typed fields: a misspelt one fails when the type is declared."""

from __future__ import annotations

import pytest

from gonghui.core.records import RecordType, registry
from gonghui.orgs.models import EmployerYear


def test_a_misspelt_option_is_refused_at_registration() -> None:
    with pytest.raises(TypeError, match="nav_ordr"):
        RecordType(model=EmployerYear, slug="employer-years-x", nav_ordr=30)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="extra"):  # the old untyped dict is gone
        RecordType(model=EmployerYear, slug="employer-years-x", extra={"nav_order": 30})  # type: ignore[call-arg]


def test_registered_types_keep_their_options() -> None:
    members = registry.get("members")
    assert (
        members.nav_order == 10 and members.own_reveal and members.api_router == "gonghui.members.api.router"
    )
    assert members.exporter is not None and members.form_class is not None and members.filterset is not None
    orgs = registry.get("orgs")
    assert (
        orgs.owner_api_name == "parent" and orgs.prepare_form is not None and orgs.detail_context is not None
    )
