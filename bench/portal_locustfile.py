# ruff: noqa: S311 (load test randomness, not security)
"""Members on their phones (run by ``bench/portal_load.py``; loopback only, bounded in time and count).

``MemberUser``: a member signs in by code (asks for it, reads it off the page, as the server's
``DevSender`` shows it, and enters it), then, as on a phone during the day, opens the home page,
the card, the card's renewed QR code and — as the person checking the card — its verify page.
Each simulated phone comes from an address of its own (``X-Forwarded-For``; the server trusts
loopback as its proxy), so the per-address code limit holds as for real phones.

Request names: ``sign-in:ask``, ``sign-in:code``, ``home``, ``card``, ``card-qr``, ``verify``.
The loopback check and the request bound are ``bench/locustfile.py``'s (imported, not copied).
"""

from __future__ import annotations

import itertools
import os
import random
import re
import sys
from pathlib import Path

from locust import FastHttpUser, between, task
from locust.exception import StopUser

sys.path.insert(0, str(Path(__file__).resolve().parent))
import locustfile as base  # its listeners: loopback only, bounded request count

MOBILES = Path(os.environ["PORTAL_MOBILES"]).read_text(encoding="utf-8").split()
_next_mobile = itertools.count(random.randrange(len(MOBILES)))
CODE = re.compile(r'data-testid="dev-code">(\d{6})<')
SURVEY = re.compile(r'href="(/m/surveys/\d+/)"')
QUESTION = re.compile(r'name="(q\d+)"')
VERIFY = re.compile(r'data-verify-url="https?://[^/"]+(/m/card/verify/[^"]+)"')


class MemberUser(FastHttpUser):
    # Seconds between a phone's pages ("1,3" by default: busier than a person reading their card).
    wait_time = between(*(float(s) for s in os.environ.get("PORTAL_WAIT", "1,3").split(",")))

    def on_start(self) -> None:
        n = next(_next_mobile)
        self.mobile = MOBILES[n % len(MOBILES)]
        # The user agent's own default headers (a copy per user): every request of this phone.
        self.client.client.default_headers["X-Forwarded-For"] = (
            f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        )
        self.verify_path = ""
        self.answered = False
        self.sign_in()

    def sign_in(self) -> None:
        page = self.client.get("/m/sign-in/", name="sign-in:page")
        token = base.csrf_token(page.text)
        with self.client.post(
            "/m/sign-in/", {"csrfmiddlewaretoken": token, "mobile": self.mobile, "next": "/m/"},
            name="sign-in:ask", catch_response=True,
        ) as asked:  # fmt: skip
            found = CODE.search(asked.text)
            if not found:
                asked.failure("no code on the page")
                raise StopUser
        token = base.csrf_token(asked.text)
        data = {"csrfmiddlewaretoken": token, "mobile": self.mobile, "code": found.group(1), "next": "/m/"}
        with self.client.post(
            "/m/sign-in/", data, name="sign-in:code", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302:
                answer.failure(f"sign-in refused ({answer.status_code})")
                raise StopUser

    @task(3)
    def home(self) -> None:
        self.client.get("/m/", name="home")

    @task(4)
    def card(self) -> None:
        with self.client.get("/m/card/", name="card", catch_response=True) as page:
            found = VERIFY.search(page.text)
            if page.status_code != 200 or not found:
                page.failure("no card")
                return
            self.verify_path = found.group(1)

    @task(2)
    def survey(self) -> None:
        """The open rounds, the questionnaire, and (once) the answers: everyone satisfied."""
        listing = self.client.get("/m/surveys/", name="surveys")
        found = SURVEY.search(listing.text)
        if not found:
            return
        path = found.group(1)
        page = self.client.get(path, name="survey")
        if self.answered or 'name="q1"' not in page.text:
            return
        data = {"csrfmiddlewaretoken": base.csrf_token(page.text)}
        data.update({q: "satisfied" for q in set(QUESTION.findall(page.text))})
        with self.client.post(
            path, data, name="survey:answer", allow_redirects=False, catch_response=True
        ) as a:
            if a.status_code != 302:
                a.failure(f"answer refused ({a.status_code})")
        self.answered = True

    @task(2)
    def card_qr(self) -> None:
        self.client.get("/m/card/qr/", name="card-qr")

    @task(2)
    def verify(self) -> None:
        if not self.verify_path:
            return
        with self.client.get(self.verify_path, name="verify", catch_response=True) as page:
            if 'class="verify-result verify-valid"' not in page.text:
                page.failure("card not valid")
