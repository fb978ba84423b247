"""The REST API under schemathesis: every operation of /api/v1/openapi.json, as an officer and as a viewer.

The schema is read from the WSGI app itself (no server) and each operation gets a few derandomized
examples: generated input, the same with the id of a record that exists, and for a create the
complete data of a new record. Every answer must be no server error and match what the schema
declares (status code, content type, body). A viewer's calls must change nothing at all.

It runs on SQLite only (the CI's SQLite pass): the PostgreSQL pass would only double the minutes.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
import schemathesis
from django.apps import apps
from django.core.wsgi import get_wsgi_application
from django.db import connection
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.api import api
from gonghui.core.records import registry
from gonghui.core.scope import unscoped
from gonghui.core.tests.record_factories import api_json, make_record, record_values

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="API fuzzing runs in the SQLite pass of CI only (keeps CI short)"
)

EXAMPLES = 4  # per operation and role: a bound that keeps the module at a few minutes
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
UNSAFE = {"post", "put", "patch", "delete"}
# Rows a viewer's request may write: the token's last use (the middleware's own bookkeeping) and
# the audit log, which records a refused attempt on a hardship file or a transfer by design.
NOT_UNION_DATA = {"accounts.apitoken", "sessions.session", "core.auditevent"}
# Counts derived from the roster, rebuilt by whichever read finds them stale (a viewer's too):
# they hold nothing a user wrote.
DERIVED = {"members.tallystate", "members.membertally", "members.snapshotstate", "members.membersnapshot"}

OPERATIONS = sorted(
    (path, method) for path, ops in api.get_openapi_schema()["paths"].items() for method in ops
)


@pytest.fixture(scope="module")
def api_schema(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


def _slug(path: str) -> str:
    return path.removeprefix("/api/v1/").split("/", 1)[0]


def _known_pk(path: str, tree: Any) -> int | None:
    """The id of an object the caller can reach, for an operation on ``{pk}`` (None: none seeded)."""
    slug = _slug(path)
    if "{pk}" not in path:
        return None
    if slug in registry:
        return make_record(slug, tree.union_a).pk
    return None


def _valid_body(path: str, method: str, tree: Any) -> dict[str, Any] | None:
    """The complete data of a new record of the union, for a generic create."""
    slug = _slug(path)
    if method != "post" or path != f"/api/v1/{slug}/" or slug not in registry:
        return None
    rt = registry.get(slug)
    return {**api_json(slug, record_values(slug, tree.union_a)), rt.owner_api_name: tree.union_a.pk}


def _snapshot() -> dict[str, str]:
    """A digest of every row of every table of the project's apps (union data, grants, jobs ...)."""
    out = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_UNION_DATA | DERIVED or not model._meta.managed:
            continue
        with unscoped("the digest reads every union's rows to see that none changed"):
            rows = list(model._default_manager.order_by("pk").values_list())
        out[label] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def _strategy(operation: Any, pk: int | None, body: dict[str, Any] | None) -> Any:
    options = [operation.as_strategy()]
    if pk is not None:
        options.append(operation.as_strategy(path_parameters={"pk": pk}))
    if body is not None:
        options.append(operation.as_strategy(body=body, media_type="application/json"))
    return st.one_of(options)


def _fuzz(operation: Any, strategy: Any, headers: dict[str, str], seen: list[int]) -> None:
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case: Any) -> None:
        response = case.call_and_validate(headers=headers, checks=CHECKS)
        seen.append(response.status_code)

    run()


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
@pytest.mark.parametrize("role", [Role.CHAIR, Role.VIEWER])
def test_operation_holds_under_fuzzing(
    api_schema: Any, tree: Any, make_user: Any, role: str, path: str, method: str
) -> None:
    user = make_user(role, tree.union_a)
    _token, raw = token_create(user=user, name="fuzz")
    headers = {"Authorization": f"Bearer {raw}"}
    operation = api_schema[path][method.upper()]
    strategy = _strategy(operation, _known_pk(path, tree), _valid_body(path, method, tree))
    before = _snapshot() if role == Role.VIEWER else None
    seen: list[int] = []
    _fuzz(operation, strategy, headers, seen)
    assert seen, "no example was run"
    if before is not None:
        changed = [label for label, digest in _snapshot().items() if before.get(label) != digest]
        assert changed == [], f"a viewer's {method.upper()} {path} changed {changed} (answers {seen})"
        if method in UNSAFE:
            assert all(code >= 400 for code in seen), seen
