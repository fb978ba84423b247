"""Logging filters attached to every handler of ``settings.LOGGING``.

``RequestContext`` stamps each record with the request's id and user id (``-`` outside a
request); ``MaskPersonalData`` masks ID and phone digits in the message, its arguments and
the traceback (``core.sensitivity.mask_digits``), whichever logger wrote them: Django's
request and runserver logs, ninja's, ours. A request line or a query string typed into a
search reaches the log only masked.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.functional import SimpleLazyObject, empty

from gonghui.core.requestid import current_request
from gonghui.core.sensitivity import mask_digits

_MASKED = "_gonghui_masked"


class MaskPersonalData(logging.Filter):
    """Render the record's message with its arguments, then mask digits in it and its traceback.

    The message is rendered here (``args`` emptied) because an argument may be any object
    whose text carries a number (a request, a dict of lookups). Masking twice changes
    nothing, so a record passing several handlers is masked once in effect.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, _MASKED, False):
            return True
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what there is rather than lose the record
            message = f"{record.msg} {record.args!r}"
        record.msg, record.args = mask_digits(message), ()
        if record.exc_info and not record.exc_text:
            # Formatters use the cached text when it is set: the traceback is masked once, here.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_digits(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_digits(record.stack_info)
        setattr(record, _MASKED, True)
        return True


def _user_id(request: Any) -> str:
    """The request's user id if the request has already resolved its user (never a query here)."""
    user = getattr(request, "__dict__", {}).get("user")
    if isinstance(user, SimpleLazyObject):
        user = user._wrapped  # type: ignore[attr-defined]
        if user is empty:
            return "-"
    pk = getattr(user, "pk", None)
    return str(pk) if pk is not None else "-"


class RequestContext(logging.Filter):
    """Add ``request_id`` and ``user_id`` to every record (``-`` when there is no request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None) or current_request()
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None) or "-"
        if not hasattr(record, "user_id"):
            record.user_id = _user_id(request) if request is not None else "-"
        return True
