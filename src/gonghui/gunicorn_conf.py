"""gunicorn's settings for ``make serve-prod`` (``gunicorn -c python:gonghui.gunicorn_conf``).

The access log carries each request's id (the ``X-Request-ID`` our middleware sets) and
masks ID and phone digits in every field it writes: the request line and its query
string, the referring page's address, any header (``core.sensitivity.mask_digits``), as
Django's own log handlers do.
"""

from __future__ import annotations

from typing import Any

from gunicorn.glogging import Logger, SafeAtoms

from gonghui.core.sensitivity import mask_digits

accesslog = "-"
logger_class = "gonghui.gunicorn_conf.MaskedLogger"
# gunicorn's default plus the time taken (ms) and our request id.
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms id=%({x-request-id}o)s'
)


# Fields gunicorn measures itself (status, sizes, times, address, pid): never a person's number.
_MEASURED = frozenset("sbBDTMLpth")


class MaskedAtoms(SafeAtoms):
    """The access log's fields, masked as the format reads them (only the fields it uses)."""

    def __getitem__(self, key: str) -> Any:
        value = super().__getitem__(key)
        return mask_digits(value) if isinstance(value, str) and key not in _MEASURED else value


class MaskedLogger(Logger):
    atoms_wrapper_class = MaskedAtoms
