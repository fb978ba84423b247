"""Fixtures of the honours tests."""

from gonghui.skills.tests.conftest import api, make_member, post_record  # noqa: F401
