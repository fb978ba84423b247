"""What the fuzz test found in the OpenAPI document, kept fixed on every database.

One name per answer schema: the document keeps one component per name, so two schemas of one
name documented every operation of the first with the second's fields (all generic record
answers were the last record type's). An address no operation matches answers in JSON.
"""

from __future__ import annotations

import typing
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.test import Client
from pydantic import BaseModel

from gonghui.accounts.roles import Role
from gonghui.accounts.services import token_create
from gonghui.api import api
from gonghui.core.records import registry

NINJA_OWN = {"NinjaResponseSchema", "QueryParams", "BodyParams", "PathParams", "FormParams", "FileParams"}


def _routers(router: Any) -> Iterator[Any]:
    yield router
    for _prefix, child, *_rest in router._routers:
        yield from _routers(child)


def _models(annotation: Any, found: dict[str, set[type]], seen: set[int]) -> None:
    if annotation is None or id(annotation) in seen:
        return
    seen.add(id(annotation))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found[annotation.__name__].add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found, seen)
    for arg in typing.get_args(annotation):
        _models(arg, found, seen)


def test_every_schema_of_the_api_has_a_name_of_its_own() -> None:
    found: dict[str, set[type]] = defaultdict(set)
    seen: set[int] = set()
    for _prefix, top in api._routers:
        for router in _routers(top):
            for view in router.path_operations.values():
                for operation in view.operations:
                    for model in [*(operation.response_models or {}).values(), *operation.models]:
                        _models(model, found, seen)
    shared = {name: sorted(m.__module__ for m in models) for name, models in found.items() if len(models) > 1}
    assert {k: v for k, v in shared.items() if k not in NINJA_OWN} == {}


def test_a_record_is_documented_as_its_own_type() -> None:
    paths = api.get_openapi_schema()["paths"]
    for rt in registry:
        name = rt.model.__name__
        read = paths[f"/api/v1/{rt.slug}/{{pk}}"]["get"]["responses"][200]
        assert read["content"]["application/json"]["schema"]["$ref"].endswith(f"/{name}Out"), rt.slug


def test_an_address_no_operation_matches_answers_json(tree: Any, make_user: Any) -> None:
    _token, raw = token_create(user=make_user(Role.CHAIR, tree.union_a), name="test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    for path in ("/api/v1/orgs/-5/move", "/api/v1/accidents/abc", "/api/v1/accidents/99999999"):
        post = "move" in path
        resp = client.post(path, {}, content_type="application/json") if post else client.get(path)
        assert resp.status_code == 404 and resp["Content-Type"].startswith("application/json"), path
        assert "未找到" in resp.json()["detail"], path
    assert "text/html" in client.get("/no-such-page/").headers["Content-Type"]  # pages keep the page
