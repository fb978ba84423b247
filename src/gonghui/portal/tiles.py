"""The member home page's tiles: each app registers its own from its registration module."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.functional import Promise


@dataclass(frozen=True)
class Tile:
    label: str | Promise
    url_name: str  # a URL name without arguments, e.g. "portal:card"
    icon: str  # a Bootstrap Icons name without "bi-"
    order: int = 50
    # For members only (the default), or also for an applicant who is not a member yet.
    members_only: bool = True
    # A short line under the label (e.g. "2 pending"); computed per request, so keep it one query.
    note: Callable[[HttpRequest], str | None] | None = None


TILES: list[Tile] = []


def register_tile(tile: Tile) -> None:
    TILES.append(tile)
    TILES.sort(key=lambda t: (t.order, str(t.url_name)))


def tiles_for(request: HttpRequest, *, is_member: bool) -> list[tuple[Tile, str | None]]:
    return [(t, t.note(request) if t.note else None) for t in TILES if is_member or not t.members_only]
