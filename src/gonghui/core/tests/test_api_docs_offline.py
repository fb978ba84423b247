"""/api/v1/docs works offline: Swagger UI, its styles, its start script and the schema all come
from our own host, under our strict CSP (issue 18, item 11g)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders

from gonghui.accounts.roles import Role

EXTERNAL = re.compile(r"(?:https?:)?//(?!www\.w3\.org)[\w.-]+\.[a-z]{2,}", re.I)


def _docs(client: Any) -> Any:
    resp = client.get("/api/v1/docs")
    assert resp.status_code == 200
    return resp


def test_the_docs_page_names_no_external_host(make_user: Any, login: Any, tree: Any) -> None:
    resp = _docs(login(make_user(Role.CHAIR, tree.union_a)))
    page = resp.content.decode()
    assert not EXTERNAL.search(page), EXTERNAL.search(page)
    settings = json.loads(re.search(r'id="swagger-settings"[^>]*>(.*?)</script>', page, re.S).group(1))
    assert settings["url"] == "/api/v1/openapi.json" and settings["validatorUrl"] is None
    policy = resp["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy
    for name in ("gonghui/swagger-init.js", "vendor/swagger-ui/swagger-ui-bundle.js"):
        assert finders.find(name), name  # served by us (swagger-ui-dist from npm)
    init = Path(str(finders.find("gonghui/swagger-init.js"))).read_text(encoding="utf-8")
    assert not EXTERNAL.search(init)


def test_the_docs_page_loads_for_anyone_and_the_schema_is_ours(client: Any, db: Any) -> None:
    page = _docs(client).content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page and "cdn" not in page.lower()
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200 and not re.search(r'"(?:https?:)?//', schema.content.decode())
