"""The REST API: /api/v1, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import ValidationError as SchemaError
from ninja.security import HttpBearer, django_auth

from gonghui.core.api import record_router, validation_error_body
from gonghui.core.bounds import parameter_errors
from gonghui.core.records import registry


class TokenAuth(HttpBearer):
    """Accepts the token the middleware already resolved (and so scoped) for this request."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = getattr(request, "api_token", None)
        return api_token.user if api_token is not None else None


api = NinjaAPI(
    title="gonghui API",
    version="1",
    description="工会标准化建设平台 REST API. Every endpoint sees only the caller's organizations.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, validation_error_body(exc), status=400)


@api.exception_handler(SchemaError)
def on_schema_error(request: HttpRequest, exc: SchemaError) -> HttpResponse:
    """A query parameter out of its bounds (core/bounds.py): 400 with a Chinese message."""
    body = parameter_errors(list(exc.errors))
    if body is None:  # the request's body: the schema's own answer, as before
        return api.create_response(request, {"detail": exc.errors}, status=422)
    return api.create_response(request, body, status=400)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or _("You do not have the right to do this here.")}, status=403
    )


class GrantOut(Schema):
    organization_id: int
    organization: str
    role: str


class MeOut(Schema):
    id: int
    username: str
    display_name: str
    grants: list[GrantOut]


@api.get("/me", response=MeOut, tags=["Account"], summary="The caller and their role grants")
def me(request: HttpRequest) -> Any:
    from gonghui.orgs.models import Organization

    access = request.access  # type: ignore[attr-defined]
    names = dict(Organization.objects.filter(pk__in=access.home_org_ids).values_list("pk", "name"))
    return {
        "id": request.user.pk,
        "username": request.user.get_username(),
        "display_name": getattr(request.user, "display_name", ""),
        "grants": [
            {
                "organization_id": g.organization_id,
                "organization": names.get(g.organization_id, ""),
                "role": g.role,
            }
            for g in access.grants
        ],
    }


def _mount() -> None:
    from django.utils.module_loading import import_string

    for rt in registry:
        router = record_router(rt)
        if "api_router" in rt.extra:  # a type's own endpoints beside the generic ones
            router.add_router("", import_string(rt.extra["api_router"]))
        api.add_router(f"/{rt.slug}", router)


_mount()
api.add_router("/assessment", "gonghui.assessment.api.router")  # the assessment engine (issue 4)
