"""Navigation by module: record types and registered pages, shown when the user may open them.

A link is listed when the user holds its permission on the current organization (the one the
pages open on), not merely somewhere: a page would answer 403 otherwise. The link of the page
being shown is the one whose address is the longest prefix of the path; its module is unfolded.
"""

from __future__ import annotations

from collections.abc import Callable
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
    # A page that needs more than ``perm`` on the current organization (a kind of union):
    # fn(access, org) -> whether the page opens there.
    applies: Callable[[Any, Any], bool] | None = None


_links: list[NavLink] = []


def register_nav(link: NavLink) -> None:
    if link not in _links:
        _links.append(link)


def _may_open(access: Any, perm: str, org: Any) -> bool:
    return access.is_superuser if org is None else access.can(perm, org)


def active_url(path: str, urls: list[str]) -> str:
    """The link of the page at ``path``: the longest address that is a prefix of it.

    Home ("/") is a prefix of every path: it is the page's link only on itself.
    """
    found = ""
    for url in urls:
        matches = path == url if url == "/" else path.startswith(url)
        if matches and len(url) > len(found):
            found = url
    return found


def _entries(access: Any, org: Any) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    items: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for link in _links:
        if not _may_open(access, link.perm, org):
            continue
        if link.applies is not None and not link.applies(access, org):
            continue
        items.setdefault(link.module, []).append(
            (link.order, {"label": link.label, "url": reverse(link.url_name), "icon": link.icon})
        )
    for rt in registry:
        # A child type reached only through its parent's page says nav=False.
        if rt.nav and _may_open(access, rt.view_perm, org):
            items.setdefault(rt.module, []).append(
                (rt.nav_order, {"label": rt.verbose_name_plural, "url": f"/{rt.slug}/", "icon": rt.icon})
            )
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    access = getattr(request, "access", None)
    if access is None or not access.is_authenticated:
        return {}
    org = current_org(request)
    items = _entries(access, org)
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
    active = active_url(request.path, ["/", *(i["url"] for s in nav for i in s["items"])])
    for section in nav:
        for item in section["items"]:
            item["active"] = item["url"] == active
        section["open"] = any(i["active"] for i in section["items"])
    return {"nav": nav, "nav_home_active": active == "/", "current_org": org, "access": access}
