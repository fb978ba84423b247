"""The REST API: /api/v1, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.log import log_response
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.defaults import page_not_found
from ninja import NinjaAPI, Schema, Swagger
from ninja.errors import ValidationError as SchemaError
from ninja.openapi.docs import _csrf_needed
from ninja.security import HttpBearer, django_auth

from gonghui.core.api import record_router, validation_error_body
from gonghui.core.bounds import parameter_errors
from gonghui.core.records import registry
from gonghui.core.requestid import error_detail
from gonghui.core.typing import AuthedRequest
from gonghui.orgs.models import Organization


class TokenAuth(HttpBearer):
    """Accepts the token the middleware already resolved (and so scoped) for this request."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = getattr(request, "api_token", None)
        return api_token.user if api_token is not None else None


class LocalSwagger(Swagger):
    """Swagger UI from our own static files (swagger-ui-dist, pinned in package.json), started by
    static/gonghui/swagger-init.js: ninja's own template loads it from a public CDN when ninja
    is not an installed app, which an intranet cannot reach and our CSP does not allow."""

    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": self.settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)


class ApiError(Schema):
    """Any refusal: the sentence to show, and the messages by field where there are some."""

    detail: str
    errors: dict[str, list[str]] = {}


class BodyError(Schema):
    """A request body the schema refuses (ninja's own answer): where and why, one item per fault."""

    detail: list[dict[str, Any]]


# The refusals every operation can give besides those it declares itself, so that a client (and
# the fuzz test, core/tests/fuzz) finds each answer it may get in the document.
_ANSWERS = {
    401: (ApiError, "Not signed in, or the API token is not valid"),
    403: (ApiError, "The caller's role may not do this here"),
    404: (ApiError, "Not found within the caller's organizations"),
    400: (ApiError, "A parameter or a field is not valid (a Chinese message, and the messages by field)"),
    422: (BodyError, "The request body does not match its schema"),
}


def _refusals(operation: dict[str, Any]) -> list[int]:
    params = operation.get("parameters", [])
    codes = [401, 403]
    if params or "requestBody" in operation:
        codes += [400, 404]
    if "requestBody" in operation:
        codes.append(422)
    return codes


class GonghuiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for error in (ApiError, BodyError):
            components[error.__name__] = error.model_json_schema(ref_template="#/components/schemas/{model}")
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code in _refusals(operation):
                    model, description = _ANSWERS[code]
                    ref = {"$ref": f"#/components/schemas/{model.__name__}"}
                    responses.setdefault(
                        code, {"description": description, "content": {"application/json": {"schema": ref}}}
                    )
        return schema


api = GonghuiAPI(
    title="gonghui API",
    version="1",
    description="工会标准化建设平台 REST API. Every endpoint sees only the caller's organizations.",
    auth=[TokenAuth(), django_auth],
    urls_namespace="api",
    # validatorUrl: Swagger UI would fetch a badge from swagger.io for every page.
    docs=LocalSwagger(settings={"validatorUrl": None}),
)


@api.exception_handler(ValidationError)
def on_validation_error(request: AuthedRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, validation_error_body(exc), status=400)


@api.exception_handler(SchemaError)
def on_schema_error(request: AuthedRequest, exc: SchemaError) -> HttpResponse:
    """A query parameter out of its bounds (core/bounds.py): 400 with a Chinese message."""
    body = parameter_errors(list(exc.errors))
    if body is None:  # the request's body: the schema's own answer, as before
        return api.create_response(request, {"detail": exc.errors}, status=422)
    return api.create_response(request, body, status=400)


@api.exception_handler(Http404)
def on_not_found(request: AuthedRequest, exc: Http404) -> HttpResponse:
    """Nothing by that id, or not in the caller's organizations: the same answer (no hint which)."""
    return api.create_response(request, {"detail": _("Not found within your organizations.")}, status=404)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: AuthedRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, {"detail": str(exc) or _("You do not have the right to do this here.")}, status=403
    )


@api.exception_handler(Exception)
def on_server_error(request: AuthedRequest, exc: Exception) -> HttpResponse:
    """An unexpected error: logged like a page's (traceback, request id, user id), answered in JSON
    with the request id to quote. ninja's own errors (404, 401, 422 ...) keep their handlers."""
    if settings.DEBUG:
        raise exc  # Django's debug page, as ninja does
    response = api.create_response(request, error_detail(getattr(request, "request_id", "")), status=500)
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 (urls.handler404): JSON under /api/, where a path no operation matches (an id
    that is not a number, a negative one) would otherwise get the HTML page; the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found within your organizations.")}, status=404)
    return page_not_found(request, exception)


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
def me(request: AuthedRequest) -> Any:
    access = request.access
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
    for rt in registry:
        router = record_router(rt)
        if rt.api_router:  # a type's own endpoints beside the generic ones
            router.add_router("", import_string(rt.api_router))
        api.add_router(f"/{rt.slug}", router)


_mount()
api.add_router("/assessment", "gonghui.assessment.api.router")  # the assessment engine (issue 4)
api.add_router("/reports", "gonghui.reports.api.router")  # documents, packs, charts, statistics (issue 14)
