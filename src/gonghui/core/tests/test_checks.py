"""The system checks run (a function-local import once hid that the deploy check could not)."""

from __future__ import annotations

from django.conf import settings
from django.test import override_settings

from gonghui.core.checks import record_types_are_scoped_and_historied, secret_key_is_set


def test_the_deploy_check_warns_about_the_development_key() -> None:
    assert secret_key_is_set(None) == []
    with override_settings(SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY):
        assert [w.id for w in secret_key_is_set(None)] == ["gonghui.W001"]


def test_every_record_type_is_scoped_and_keeps_history() -> None:
    assert record_types_are_scoped_and_historied(None) == []
