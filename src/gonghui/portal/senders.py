"""Where one-time codes go: pluggable by ``GONGHUI_CODE_SENDER`` (a dotted path).

Development and the demo use ``DevSender`` (the log, and the page shows the code); production
names an SMS provider through ``HttpSmsSender``'s settings. A sender raises ``SendError`` with
a sentence for the person when the code could not go out.
"""

from __future__ import annotations

import json
import logging
import urllib.request
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

log = logging.getLogger("gonghui.portal")


class SendError(Exception):
    """The code could not be sent; the message is for the person waiting for it."""


class CodeSender(Protocol):
    # True: the sign-in page shows the code itself (development and the demo only).
    shows_code: bool

    def send(self, mobile: str, code: str) -> None: ...


class DevSender:
    """Development and the demo: the code goes to the log and to the page."""

    shows_code = True

    def send(self, mobile: str, code: str) -> None:
        # The log's filters mask the mobile number's digits; the code is short-lived.
        log.info("sign-in code for %s: %s", mobile, code)


class HttpSmsSender:
    """An SMS provider's HTTP endpoint: POSTs JSON {mobile, sign, template, params: {code}}.

    Settings: GONGHUI_SMS_URL, GONGHUI_SMS_TOKEN (a bearer token), GONGHUI_SMS_SIGN (签名),
    GONGHUI_SMS_TEMPLATE (模板编号). Most providers' gateways take this shape, or a small relay does.
    """

    shows_code = False

    def send(self, mobile: str, code: str) -> None:
        url = getattr(settings, "GONGHUI_SMS_URL", "")
        if not url:
            raise SendError(_("Text messages are not set up yet: ask the union to sign you in."))
        body = json.dumps(
            {
                "mobile": mobile,
                "sign": getattr(settings, "GONGHUI_SMS_SIGN", ""),
                "template": getattr(settings, "GONGHUI_SMS_TEMPLATE", ""),
                "params": {"code": code},
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310  (the URL is the operator's setting)
            url,
            data=body,
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {getattr(settings, 'GONGHUI_SMS_TOKEN', '')}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                if response.status >= 300:
                    raise SendError(_("The text message could not be sent; try again in a minute."))
        except OSError as exc:
            log.warning("SMS provider unreachable: %s", exc)
            raise SendError(_("The text message could not be sent; try again in a minute.")) from exc


@cache
def code_sender() -> CodeSender:
    sender: CodeSender = import_string(settings.GONGHUI_CODE_SENDER)()
    return sender
