"""Settings for the test suite: the production settings with fast hashing and no TLS redirects."""

import os
import tempfile

# The suite runs in production mode (DEBUG off), which insists on a key of its own.
os.environ.setdefault("SECRET_KEY", "gonghui-test-suite-key-not-secret-0123456789-abcdefghijklmnop")

from gonghui.settings import *  # noqa: F403
from gonghui.settings import ALLOWED_HOSTS, STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="gonghui-test-media-")  # type: ignore[assignment]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
GONGHUI_CODE_SENDER = "gonghui.portal.senders.DevSender"  # the tests read the code off the page
