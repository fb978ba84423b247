"""Login throttling: failures counted per address and per username-at-an-address, apart.

django-axes records each failure as (username, address, user agent). Its stock rule locks a
username together with an address, so one wrong password for each of many users from one
address is never slowed. This handler counts two things within the cool-off window:

- every failure from one address, whatever the username (ADDRESS limit, default 20): a
  password sprayer is refused after that many, for every username, even a right password;
- one username's failures from one address (the per-user AXES_FAILURE_LIMIT, default 5):
  that username is refused *from that address only*.

No count is ever "a username from anywhere", so an attacker who guesses someone's password
cannot lock that person out from their own desk (another address). Behind a reverse proxy the
address is the client's only when TRUSTED_PROXIES names the proxy (core.middleware); otherwise
every client shares the proxy's address and the address limit applies to them all.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def _sum(attempts: Any) -> int:
    return attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0


class LoginThrottle(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        """One number that axes compares with AXES_FAILURE_LIMIT: the username's failures from
        this address, or the address's failures scaled so that reaching the address limit
        reaches the per-user one (a ≥ A exactly when ⌊a·U/A⌋ ≥ U)."""
        recent = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address,  # type: ignore[attr-defined]
            attempt_time__gte=get_cool_off_threshold(request),
        )
        by_address = _sum(recent)
        username = get_client_username(request, credentials)
        by_user = _sum(recent.filter(username=username)) if username else 0
        per_user = get_failure_limit(request, credentials)
        per_address = max(settings.AXES_ADDRESS_FAILURE_LIMIT, per_user)
        return max(by_user, by_address * per_user // per_address)
