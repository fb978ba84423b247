"""Issue 13, findings 10 and 15: errors are logged in production, and no log keeps ID digits.

A 500 (page or API) writes its traceback, the request's id and the user's id to stderr and
to the rotating file in the data directory; the error page and the API's answer show the
same id. Every handler masks ID and phone digits (``mask_digits``): runserver's request
lines, gunicorn's access log, the traceback, the audit log's details.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from gonghui.accounts.roles import Role
from gonghui.core.audit import audit_log
from gonghui.core.logging import MaskPersonalData, RequestContext
from gonghui.core.models import AuditEvent
from gonghui.core.requestid import HEADER
from gonghui.core.sensitivity import mask_digits
from gonghui.members.validators import with_check_char

ID_NUMBER = with_check_char("53010219800515123")  # 530102198005151234-like, ends in a digit or X
MOBILE = "13812345678"


def assert_no_personal_digits(text: str) -> None:
    """Neither the number nor a stretch of it that would give more than the masked form."""
    # A log line names its user's pk, which may happen to be the phone's 4 middle digits.
    text = re.sub(r"user=\d+", "user=", text)
    for secret in (ID_NUMBER, MOBILE):
        assert secret not in text and secret.lower() not in text
        assert secret[3:-4] not in text, secret  # the middle, which every page masks


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (
            f"GET /members/?q={ID_NUMBER} HTTP/1.1",
            f"GET /members/?q={ID_NUMBER[:3]}{'*' * 11}{ID_NUMBER[-4:]} HTTP/1.1",
        ),
        (f"q={ID_NUMBER[-13:]}", f"q={ID_NUMBER[-13:-10]}{'*' * 6}{ID_NUMBER[-4:]}"),  # a partial search
        ("q=" + "".join(f"%EF%BC%9{d}" for d in MOBILE), "q=138****5678"),  # full-width, percent-encoded
        ("１３８１２３４５６７８", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("\\uff11\\uff13\\uff18\\uff11\\uff12\\uff13\\uff14\\uff15\\uff16\\uff17\\uff18", "138****5678"),
        ("born 19800515", "born ********"),  # a birth date typed as digits
        ("0871-63100001", "0871-********"),
        # What stays: years, dates, times, page numbers, ids below a million, masked text.
        ("as_of=2025-01-01&page=2&year=2025", "as_of=2025-01-01&page=2&year=2025"),
        ("/members/123456/ 2026-12-04 22:23:50,123", "/members/123456/ 2026-12-04 22:23:50,123"),
        ("530***********123X", "530***********123X"),
    ],
)
def test_mask_digits(text: str, masked: str) -> None:
    assert mask_digits(text) == masked
    assert mask_digits(masked) == masked


def _configured_handlers() -> list[tuple[str, logging.Handler]]:
    names = ["", *settings.LOGGING["loggers"]]
    return [(n or "root", h) for n in names for h in logging.getLogger(n or None).handlers if h.name]


def test_every_configured_handler_masks_and_stamps_the_request() -> None:
    handlers = _configured_handlers()
    assert {h.name for _n, h in handlers} == set(settings.LOGGING["handlers"])
    for logger, h in handlers:
        kinds = {type(f) for f in h.filters}
        assert {MaskPersonalData, RequestContext} <= kinds, (logger, h.name)
    # Errors reach stderr and the rotating file in the data directory.
    for name in ("django.request", "django.security", "gonghui", "gonghui.security", "django"):
        logger = logging.getLogger(name)
        while not logger.handlers:
            logger = logger.parent  # type: ignore[assignment]
        kinds = {type(h).__name__ for h in logger.handlers}
        assert kinds >= {"StreamHandler", "RotatingFileHandler"}, name
        assert logging.getLogger(name).getEffectiveLevel() <= logging.ERROR


@pytest.fixture
def logs(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """The configured handlers writing to a temporary file and a string buffer instead."""
    files = [h for _n, h in _configured_handlers() if isinstance(h, logging.handlers.RotatingFileHandler)]
    streams = [h for _n, h in _configured_handlers() if type(h) is logging.StreamHandler]
    assert files and streams
    assert all(Path(h.baseFilename) == settings.LOG_FILE for h in files)
    assert settings.LOG_FILE.is_relative_to(settings.DATA_DIR)
    saved = [(h, h.baseFilename) for h in files]
    buffer = io.StringIO()
    old_streams = [(h, h.setStream(buffer)) for h in streams]
    path = tmp_path / "gonghui.log"
    for h in files:
        h.close()
        h.baseFilename = str(path)
    yield {"file": lambda: path.read_text("utf-8") if path.exists() else "", "stderr": buffer.getvalue}
    for h, name in saved:
        h.close()
        h.baseFilename = name
    for h, stream in old_streams:
        h.setStream(stream)


@pytest.fixture
def chair(tree: Any, make_user: Any) -> Any:
    user = make_user(Role.CHAIR, tree.union_a)
    client = Client(raise_request_exception=False)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return SimpleNamespace(user=user, client=client)


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError(f"no member with ID {ID_NUMBER} or phone {MOBILE}")


def _check_logged(logs: dict[str, Any], request_id: str, user: Any) -> None:
    for where in ("file", "stderr"):
        text = logs[where]()
        assert "Traceback (most recent call last)" in text and "RuntimeError" in text, where
        assert f"[{request_id} user={user.pk}]" in text, where
        assert f"no member with ID {mask_digits(ID_NUMBER)}" in text, where
        assert_no_personal_digits(text)


def test_a_page_that_fails_is_logged_and_shows_the_request_id(
    monkeypatch: pytest.MonkeyPatch, logs: dict[str, Any], chair: Any
) -> None:
    from gonghui.core.views import RecordListView

    assert not settings.DEBUG
    monkeypatch.setattr(RecordListView, "get", _boom)
    resp = chair.client.get("/members/", {"q": ID_NUMBER, "mobile": MOBILE})
    assert resp.status_code == 500
    request_id = resp[HEADER]
    assert f'<code class="request-id">{request_id}</code>' in resp.content.decode()
    _check_logged(logs, request_id, chair.user)


def test_an_api_call_that_fails_answers_json_with_the_request_id_and_is_logged(
    monkeypatch: pytest.MonkeyPatch, logs: dict[str, Any], chair: Any
) -> None:
    from gonghui.members.registration import MemberType

    monkeypatch.setattr(MemberType, "search", _boom)
    resp = chair.client.get("/api/v1/members/", {"q": ID_NUMBER})
    assert resp.status_code == 500
    body = resp.json()
    assert body["request_id"] == resp[HEADER] and resp[HEADER] in body["detail"]
    assert "服务器出错" in body["detail"]
    _check_logged(logs, resp[HEADER], chair.user)
    assert logs["file"]().count("Traceback") == 1  # logged once, not again by Django


def test_every_response_carries_a_request_id(chair: Any) -> None:
    first, second = chair.client.get("/members/")[HEADER], chair.client.get("/members/")[HEADER]
    assert first and second and first != second
    given = "3f2c9a1e-77aa-4b1c-9d2e-5a6b7c8d9e0f"
    assert chair.client.get("/members/", headers={HEADER: given})[HEADER] == given  # a proxy's id
    for unsafe in (ID_NUMBER, "a b c d e f g h", "x" * 65, "<script>", "abc"):
        assert chair.client.get("/members/", headers={HEADER: unsafe})[HEADER] != unsafe


def test_request_lines_of_the_development_server_are_masked(logs: dict[str, Any]) -> None:
    """runserver logs each request line on django.server ('"%s" %s %s', as its handler does)."""
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /members/?q={ID_NUMBER}&m={MOBILE} HTTP/1.1", "200", "9"
    )
    text = logs["stderr"]()
    assert f"q={mask_digits(ID_NUMBER)}&m=138****5678" in text
    assert_no_personal_digits(text)


def test_gunicorn_access_log_is_masked_and_carries_the_request_id(tmp_path: Path) -> None:
    from gunicorn.config import Config

    from gonghui import gunicorn_conf

    cfg = Config()
    for name in ("accesslog", "logger_class", "access_log_format"):
        cfg.set(name, getattr(gunicorn_conf, name))
    cfg.set("accesslog", str(tmp_path / "access.log"))
    logger = cfg.logger_class(cfg)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/members/?q={ID_NUMBER}",
        "PATH_INFO": "/members/",
        "QUERY_STRING": f"q={ID_NUMBER}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.1.2.3",
        "HTTP_REFERER": f"https://gonghui.example/members/?q={MOBILE}",
        "HTTP_USER_AGENT": "test",
    }
    resp = SimpleNamespace(status="200 OK", sent=98765432, headers=[("X-Request-ID", "abc123def456")])
    logger.access(resp, SimpleNamespace(headers=[]), environ, dt.timedelta(milliseconds=42))
    for h in logger.access_log.handlers:
        h.flush()
    line = (tmp_path / "access.log").read_text()
    assert f'"GET /members/?q={mask_digits(ID_NUMBER)} HTTP/1.1" 200 98765432' in line
    assert "q=138****5678" in line and "id=abc123def456" in line and "10.1.2.3" in line
    assert_no_personal_digits(line)
    # `make serve-prod` runs gunicorn with this configuration.
    makefile = (Path(settings.PROJECT_DIR) / "Makefile").read_text()
    serve = next(line for line in makefile.splitlines() if "/gunicorn " in line)
    assert "-c python:gonghui.gunicorn_conf" in serve and "--access-logfile" not in serve


def test_audit_details_keep_no_id_digits(chair: Any, tree: Any) -> None:
    resp = chair.client.get("/dues-records/export/", {"q": ID_NUMBER, "format": "csv"})
    assert resp.status_code == 200
    event = AuditEvent.objects.get(action="records.export")
    assert event.detail["query"].startswith(f"q={mask_digits(ID_NUMBER)}")
    audit_log("test.nested", detail={"q": [MOBILE, {"id": ID_NUMBER}], "n": 4200})
    nested = AuditEvent.objects.get(action="test.nested").detail
    assert nested == {"q": ["138****5678", {"id": mask_digits(ID_NUMBER)}], "n": 4200}
    assert_no_personal_digits(str(event.detail) + str(nested))


def test_an_api_call_that_fails_before_the_api_still_answers_json(
    monkeypatch: pytest.MonkeyPatch, logs: dict[str, Any], chair: Any
) -> None:
    """A middleware fails (the database, say): pages get the error page, API clients JSON, both the id."""
    from gonghui.accounts.middleware import ScopeMiddleware

    monkeypatch.setattr(ScopeMiddleware, "__call__", _boom)
    resp = chair.client.get("/api/v1/members/", {"q": ID_NUMBER})
    assert resp.status_code == 500 and resp.json()["request_id"] == resp[HEADER]
    page = chair.client.get("/members/")
    assert page.status_code == 500 and page[HEADER] in page.content.decode()
    assert resp[HEADER] in logs["file"]() and page[HEADER] in logs["file"]()
    assert_no_personal_digits(logs["file"]())
