"""Fixtures of the union work tests."""

from gonghui.skills.tests.conftest import api, make_member, post_record  # noqa: F401
