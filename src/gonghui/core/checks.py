"""System checks that keep the record machinery and production settings honest."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from gonghui.core.records import registry


@register()
def record_types_are_scoped_and_historied(app_configs: Any, **kwargs: Any) -> list[Any]:
    errors = []
    for rt in registry:
        manager = rt.model._default_manager
        if not hasattr(manager, "unscoped"):
            errors.append(Error(f"{rt.model._meta.label} has no scoped default manager", id="gonghui.E001"))
        if not hasattr(rt.model, "history"):
            errors.append(Error(f"{rt.model._meta.label} keeps no change history", id="gonghui.E002"))
        if rt.validators and (rt.create is not None or rt.update is not None):
            errors.append(  # the generic save runs them; a type's own services would skip them
                Error(f"{rt.slug} declares validators but saves through its own services", id="gonghui.E003")
            )
    return errors


@register(Tags.security, deploy=True)
def secret_key_is_set(app_configs: Any, **kwargs: Any) -> list[Any]:
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Warning("SECRET_KEY is the development default: set it in the environment.", id="gonghui.W001")
        ]
    return []
