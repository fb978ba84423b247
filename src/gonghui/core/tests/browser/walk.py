"""What the walk checks on every page it opens, whoever the user and whatever the screen."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gonghui.accounts.demo import DEMO_PASSWORD

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclass
class Visit:
    """One user's browser tab: it logs in, opens pages and remembers what went wrong."""

    page: Any
    base: str
    problems: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # A CSP violation, a failed script or a 404 asset shows as a console error.
        self.page.on(
            "console",
            lambda m: (
                m.type == "error" and self.problems.append(f"console: {m.text} {m.location.get('url', '')}")
            ),
        )
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status}: {r.url}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"script: {e}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.problems.append(f"console: {message.text} {message.location.get('url', '')}")

    def login(self, username: str) -> None:
        self.page.goto(self.base + "/accounts/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("form button[type=submit]")
        self.page.wait_for_load_state()
        assert "/accounts/login/" not in self.page.url, f"{username} could not log in"

    def open(self, path: str) -> Any:
        """Open a page; it must answer 200 with no error in the console."""
        url = path if path.startswith("http") else self.base + path
        response = self.page.goto(url)
        assert response is not None and response.status == 200, f"{path}: {response and response.status}"
        self.page.wait_for_load_state("networkidle")
        return response

    def overflow(self) -> int:
        """How many pixels the page is wider than the screen (0 on a page fit for a phone)."""
        return int(self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))

    def nav_links(self) -> list[str]:
        hrefs = self.page.eval_on_selector_all(
            "#sidebar nav a[href]", "els => els.map(a => a.getAttribute('href'))"
        )
        return sorted({h for h in hrefs if h.startswith("/")})

    def forget_refusals(self) -> None:
        """A form sent back with its errors or warnings answers 400: expected where a test sends one."""
        self.problems = [p for p in self.problems if not p.startswith("400:") and "status of 400" not in p]

    def assert_clean(self) -> None:
        problems, self.problems = self.problems, []
        assert not problems, "\n".join(problems)
