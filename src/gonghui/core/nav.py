"""Navigation by module: record types and registered pages, shown when the user may use them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gonghui.core.current import current_org
from gonghui.core.records import registry

MODULES: list[tuple[str, Any, str]] = [
    ("orgs", _("Organizations"), "diagram-3"),
    ("members", _("Members"), "people"),
    ("records", _("Work records"), "journal-text"),
    ("care", _("Care for workers"), "heart"),
    ("finance", _("Finance"), "cash-coin"),
    ("assessment", _("Assessment"), "clipboard-check"),
    ("reports", _("Reports"), "file-earmark-word"),
    ("admin", _("Administration"), "gear"),
]


@dataclass(frozen=True)
class NavLink:
    module: str
    label: Any
    url_name: str
    perm: str
    icon: str = "dot"
    order: int = 50


_links: list[NavLink] = []


def register_nav(link: NavLink) -> None:
    if link not in _links:
        _links.append(link)


def navigation(request: HttpRequest) -> dict[str, Any]:
    access = getattr(request, "access", None)
    if access is None or not access.is_authenticated:
        return {}
    items: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for link in _links:
        if access.has_anywhere(link.perm):
            items.setdefault(link.module, []).append(
                (link.order, {"label": link.label, "url": reverse(link.url_name), "icon": link.icon})
            )
    for rt in registry:
        # A child type reached only through its parent's page says nav=False.
        if rt.nav and access.has_anywhere(rt.view_perm):
            items.setdefault(rt.module, []).append(
                (
                    rt.nav_order,
                    {"label": rt.verbose_name_plural, "url": f"/{rt.slug}/", "icon": rt.icon},
                )
            )
    nav = [
        {
            "key": key,
            "label": label,
            "icon": icon,
            "items": [i for _o, i in sorted(items[key], key=lambda t: t[0])],
        }
        for key, label, icon in MODULES
        if items.get(key)
    ]
    return {"nav": nav, "current_org": current_org(request), "access": access}
