"""Settings for gonghui, read from the environment.

Defaults give a working embedded install (SQLite under var/); production sets
DATABASE_URL, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
DATA_DIR = Path(os.environ.get("GONGHUI_DATA_DIR", PROJECT_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
# Demo mode (`make run`): production behaviour (DEBUG off: our own 404 and 500 pages, no list of
# URLs) on a local machine: plain HTTP, static files served from the source tree, and a secret key
# made once for this data directory when none is given. Never set it on a real server.
DEMO = env_bool("GONGHUI_DEMO", False)


def demo_secret_key(data_dir: Path) -> str:
    """This install's own demo key: random, made on the first start, kept in the data directory."""
    import secrets  # only demo mode makes a key

    path = data_dir / "demo-secret-key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50), encoding="ascii")
        path.chmod(0o600)
    return path.read_text(encoding="ascii").strip()


# A development key only where nothing real is at stake (DEBUG; the tests set their own): production
# without SECRET_KEY refuses to start rather than sign sessions with a key everyone can read, and
# `check --deploy` warns when the development key is in use (core/checks.py). Public on purpose:
DEVELOPMENT_SECRET_KEY = "gonghui-insecure-development-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEMO:
    SECRET_KEY = demo_secret_key(DATA_DIR)
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Production mode (DEBUG off) needs a long random SECRET_KEY in the "
            "environment, e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Our apps, in dependency order: demo loaders and discovery follow this order.
    "gonghui.core",
    "gonghui.orgs",
    "gonghui.accounts",
    "gonghui.members",
    "gonghui.portal",
    "gonghui.committees",
    "gonghui.democracy",
    "gonghui.protection",
    "gonghui.skills",
    "gonghui.voice",
    "gonghui.activities",
    "gonghui.care",
    "gonghui.honours",
    "gonghui.work",
    "gonghui.federation",
    "gonghui.finance",
    "gonghui.assessment",
    "gonghui.reports",
]

MIDDLEWARE = [
    "gonghui.core.requestid.RequestIdMiddleware",  # first: every log line and error page carries the id
    "gonghui.core.middleware.ProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gonghui.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gonghui.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gonghui.accounts.middleware.TokenAuthenticationMiddleware",
    "gonghui.core.rollups.WritesMiddleware",  # after authentication: it marks a user's writes
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "gonghui.accounts.middleware.ScopeMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gonghui.urls"
WSGI_APPLICATION = "gonghui.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gonghui.core.nav.navigation",
            ],
        },
    },
]

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "gonghui.sqlite3"),
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE avoids
                # "database is locked" on read-then-write transactions.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
                ),
            },
            "TEST": {"NAME": os.environ.get("GONGHUI_TEST_SQLITE", "")},
        }
    }
# --- A large federation's figures (core/rollups.py) ---------------------------------------------
# Home pages and dashboards of organizations with ROLLUP_MIN_ORGS or more below them keep what
# they computed for ROLLUP_SECONDS per viewer, and say so; smaller ones are always live.
ROLLUP_SECONDS = int(os.environ.get("GONGHUI_ROLLUP_SECONDS", "600"))
ROLLUP_MIN_ORGS = int(os.environ.get("GONGHUI_ROLLUP_MIN_ORGS", "1000"))
# --- Read replica (core/dbrouter.py) -------------------------------------------------------------
# DATABASE_REPLICA_URL (PostgreSQL, a streaming standby of DATABASE_URL) sends the reads of pages,
# reports and statistics to the standby; writes, transactions and a user's reads for
# REPLICA_PIN_SECONDS after their last write stay on the primary. Unset: no router, no middleware.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
REPLICA_PIN_SECONDS = int(os.environ.get("GONGHUI_REPLICA_PIN_SECONDS", "10"))
if DATABASE_REPLICA_URL:
    if not DATABASE_URL:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL needs DATABASE_URL (the primary it replicates).")
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # the tests read the test database itself
    DATABASE_ROUTERS = ["gonghui.core.dbrouter.ReplicaRouter"]
    # Before sessions and authentication: their reads are routed too.
    MIDDLEWARE.insert(1, "gonghui.core.dbrouter.PrimaryAfterWriteMiddleware")
# --- end of read replica -------------------------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (accounts/throttle.py): within 30 minutes, 5 failures of one username from one
# address refuse that username from that address; 20 failures from one address, whatever the
# usernames, refuse that address. Never a username everywhere: nobody can lock someone out.
AXES_HANDLER = "gonghui.accounts.throttle.LoginThrottle"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(os.environ.get("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_COOLOFF_TIME = 0.5
# What axes records and resets (a success clears that username's failures from that address
# only, so a sprayer cannot wipe the address's count by logging into an account of their own).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", PROJECT_DIR / "node_modules/bootstrap/dist"),
    ("vendor/bootstrap-icons", PROJECT_DIR / "node_modules/bootstrap-icons/font"),
    ("vendor/htmx", PROJECT_DIR / "node_modules/htmx.org/dist"),
    ("vendor/swagger-ui", PROJECT_DIR / "node_modules/swagger-ui-dist"),
    ("vendor/echarts", PROJECT_DIR / "node_modules/echarts/dist"),
]
MEDIA_ROOT = DATA_DIR / "media"
# Stored files (attachments, roster uploads, report files) go to the default storage: MEDIA_ROOT on
# this machine, or an S3-compatible bucket (AWS S3, MinIO, Aliyun OSS, Tencent COS…) when
# GONGHUI_S3_BUCKET is set, so that several app servers share them and none keeps a file of its own:
#   GONGHUI_S3_BUCKET         the bucket's name (required to use S3)
#   GONGHUI_S3_ENDPOINT_URL   the service's URL, e.g. https://oss-cn-beijing.aliyuncs.com (AWS: unset)
#   GONGHUI_S3_ACCESS_KEY, GONGHUI_S3_SECRET_KEY   credentials (unset: boto3's own chain, e.g. a role)
#   GONGHUI_S3_REGION         e.g. cn-north-1 (optional)
#   GONGHUI_S3_PREFIX         a folder inside the bucket, e.g. gonghui/ (optional)
#   GONGHUI_S3_CUSTOM_DOMAIN  a domain serving the bucket (optional; files are served through the app)
# Files are private (no public ACL) and never overwritten: a name taken gets another.
S3_BUCKET = os.environ.get("GONGHUI_S3_BUCKET", "")
if S3_BUCKET:
    _S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("GONGHUI_S3_ENDPOINT_URL") or None,
        "access_key": os.environ.get("GONGHUI_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("GONGHUI_S3_SECRET_KEY") or None,
        "region_name": os.environ.get("GONGHUI_S3_REGION") or None,
        "location": os.environ.get("GONGHUI_S3_PREFIX", ""),
        "custom_domain": os.environ.get("GONGHUI_S3_CUSTOM_DOMAIN") or None,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    _DEFAULT_STORAGE: dict[str, Any] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _S3_OPTIONS}
else:
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not (DEBUG or DEMO) and env_bool("GONGHUI_MANIFEST_STATIC", True)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or DEMO  # no collectstatic in development or the demo
# Attachments (evidence): size cap and the types we accept, checked by content.
ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGHUI_ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Cache and sessions. REDIS_URL (e.g. redis://127.0.0.1:6379/0, rediss://:password@host:6380/0) puts
# the cache and the login sessions in Redis, shared by every app server; GONGHUI_REDIS_PREFIX
# (default "gonghui") starts every key, so that several installs may share one Redis. Unset: a cache
# in each process's memory and sessions in the database, which suits one machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("GONGHUI_REDIS_PREFIX", "gonghui"),
            "TIMEOUT": 300,
        }
    }
    # Sessions in Redis only: a login lasts while Redis keeps it (run Redis with persistence).
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less meta tag; kept default
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # The demo serves plain HTTP on this machine: no HTTPS redirect, no secure-only cookies.
    SESSION_COOKIE_SECURE = env_bool("GONGHUI_SECURE_COOKIES", not DEMO)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("GONGHUI_SSL_REDIRECT", not DEMO)
    SECURE_HSTS_SECONDS = int(os.environ.get("GONGHUI_HSTS_SECONDS", "0" if DEMO else "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The reverse proxy in front of gonghui: addresses or networks, comma-separated (TRUSTED_PROXIES=
# "10.0.0.5,10.1.0.0/16"). Only a request coming from one of them may say, by X-Forwarded-For and
# X-Forwarded-Proto, who the client is and that it came over HTTPS (login throttling and the audit
# read that address); from anyone else those headers are dropped (core.middleware.ProxyMiddleware).
# Empty (the default): no proxy, no forwarded header is believed.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sent on every response (core.middleware.SecurityHeadersMiddleware): our own origin only, no inline
# script or style (templates put behaviour in static/gonghui/app.js, looks in app.css); data: images
# for Bootstrap's and Swagger UI's inline SVG icons. Authenticated responses also get no-store.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)

# Every API list: at most 500 rows a page, offsets capped (core/bounds.py).
NINJA_PAGINATION_CLASS = "gonghui.core.bounds.BoundedPagination"

NINJA_PAGINATION_PER_PAGE = 50
# API tokens: valid this many days unless their maker chooses fewer or more, never beyond the maximum.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("GONGHUI_API_TOKEN_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("GONGHUI_API_TOKEN_MAX_DAYS", "365"))

# Logging: every handler stamps the request id and user id and masks ID and phone digits
# (gonghui.core.logging). Errors go to stderr and to a rotating file in the data directory
# with their traceback; runserver's request lines stay on stderr, masked.
LOG_FILE = Path(os.environ.get("GONGHUI_LOG_FILE", DATA_DIR / "log" / "gonghui.log"))
LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
_LOG_FILTERS = ["context", "mask"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "context": {"()": "gonghui.core.logging.RequestContext"},
        "mask": {"()": "gonghui.core.logging.MaskPersonalData"},
    },
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] %(message)s"
        },
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        # stderr
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": _LOG_FILTERS},
        "file": {
            "class": "logging.handlers.RotatingFileHandler",
            "filename": LOG_FILE,
            "maxBytes": int(os.environ.get("GONGHUI_LOG_MAX_BYTES", str(10 * 1024 * 1024))),
            "backupCount": 10,
            "encoding": "utf-8",
            "delay": True,
            "formatter": "plain",
            "filters": _LOG_FILTERS,
        },
        # Django's own handler for runserver's request lines, redefined to carry the filters.
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": _LOG_FILTERS,
        },
    },
    # Every record reaches the root's handlers (stderr, the file), except runserver's request
    # lines, which keep Django's format. The loggers below only set levels.
    "root": {"handlers": ["console", "file"], "level": "WARNING"},
    "loggers": {
        # Replaces Django's default ("console" only with DEBUG on, mail to no admins): a 500
        # (django.request), a suspicious request (django.security), ninja's errors ("django").
        "django": {"handlers": [], "level": "WARNING", "propagate": True},
        # 4xx answers are routine (the access log has them); scope denials log on gonghui.security.
        "django.request": {"level": "ERROR"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        "gonghui": {"level": os.environ.get("GONGHUI_LOG_LEVEL", "INFO")},
        "gonghui.security": {"level": "WARNING"},
    },
}

# Members' sign-in codes (gonghui.portal.senders): the log and the page in development and the
# demo; in production an SMS provider's HTTP gateway (GONGHUI_SMS_URL, _TOKEN, _SIGN, _TEMPLATE).
GONGHUI_CODE_SENDER = os.environ.get(
    "GONGHUI_CODE_SENDER",
    "gonghui.portal.senders.DevSender" if (DEBUG or DEMO) else "gonghui.portal.senders.HttpSmsSender",
)
GONGHUI_SMS_URL = os.environ.get("GONGHUI_SMS_URL", "")
GONGHUI_SMS_TOKEN = os.environ.get("GONGHUI_SMS_TOKEN", "")
GONGHUI_SMS_SIGN = os.environ.get("GONGHUI_SMS_SIGN", "")
GONGHUI_SMS_TEMPLATE = os.environ.get("GONGHUI_SMS_TEMPLATE", "")
