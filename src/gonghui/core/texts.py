"""Messages kept now and read later, in the reader's language (an import's problems are stored
with its job, made in Chinese by a worker, and read in Chinese or English).

``text(msgid, **params)`` is a ``Text``: it is translated each time it is shown. ``dump`` makes
it plain data (JSON and marshal carry it: ``{"msgid": ..., "params": {...}}``), ``load`` makes
it a ``Text`` again, and ``shown`` reads whatever was stored: a dumped message in the current
language, or a text stored before (already translated), whose English a parameterless message
still finds through the Chinese catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, trans_real


@dataclass(frozen=True)
class Text:
    msgid: str
    params: tuple[tuple[str, Any], ...] = ()

    def __str__(self) -> str:
        message = gettext(self.msgid)
        if not self.params:
            return message
        return message % {k: shown(v) if isinstance(v, str | Text) else v for k, v in self.params}

    def dump(self) -> dict[str, Any]:
        return {"msgid": self.msgid, "params": {k: dump(v) for k, v in self.params}}


def text(msgid: str, **params: Any) -> Text:
    """A message to translate when read; ``msgid`` is marked where it is written (``gettext_noop``)."""
    return Text(msgid, tuple(sorted(params.items())))


def dump(message: Any) -> Any:
    return message.dump() if isinstance(message, Text) else message


def load(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("msgid"), str):
        params = value.get("params") or {}
        return Text(value["msgid"], tuple(sorted((k, load(v)) for k, v in params.items())))
    return value


def shown(value: Any) -> str:
    """A stored message as the reader reads it."""
    value = load(value)
    if isinstance(value, Text):
        return str(value)
    message = str(value)
    if translation.get_language() == settings.LANGUAGE_CODE:
        return message
    msgid = _msgids().get(message)
    return gettext(msgid) if msgid else message


@cache
def _msgids() -> dict[str, str]:
    """Chinese text → its msgid, for the messages stored translated (kept as they are)."""
    with translation.override(settings.LANGUAGE_CODE):
        # Django's merged catalogue of every app; reading it has no public API.
        catalog = trans_real.translation(settings.LANGUAGE_CODE)._catalog  # type: ignore[attr-defined]
        return {str(v): k for k, v in catalog.items() if isinstance(k, str) and "%(" not in k}
