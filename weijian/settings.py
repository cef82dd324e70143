"""Django settings, read from the environment.

Without `DATABASE_URL` the database is a SQLite file in the data folder
(`WEIJIAN_DATA_DIR`, default: see `weijian.paths.data_dir`).
"""

from __future__ import annotations

import os

import dj_database_url

from weijian.paths import data_dir, secret_key

BASE_DIR = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = data_dir()

DEBUG = os.environ.get("WEIJIAN_DEBUG", "") == "1"
SECRET_KEY = secret_key(DATA_DIR)
ALLOWED_HOSTS = [h for h in os.environ.get("WEIJIAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "weijian.divisions",
    "weijian.register",
    "weijian.care",
    "weijian.interchange",
    "weijian.indicators",
    "weijian.accounts",
    "weijian.audit",
    "weijian.reports",
    "weijian.web",
    "rest_framework",
    "drf_spectacular",
    "weijian.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "weijian.urls"
WSGI_APPLICATION = "weijian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "weijian.web.navigation.navigation",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60)
        if config["ENGINE"] == "django.db.backends.postgresql":
            # PostgreSQL's JIT compiles any query it expects to be costly; the indicator
            # queries over a county's register spend longer compiling than they save (every
            # indicator by village for a million persons: 4.6 s with it, 3.1 s without), and
            # the web's queries are too short to gain. A URL's own options are kept.
            options = config.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c jit=off".strip()
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.path.join(DATA_DIR, "weijian.sqlite3"),
        "OPTIONS": {
            # WAL lets the office read while an import writes; IMMEDIATE avoids
            # "database is locked" upgrades in the middle of a write transaction.
            "transaction_mode": "IMMEDIATE",
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=10000;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA cache_size=-65536;"
                "PRAGMA mmap_size=268435456;"
            ),
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Login: the session ends after this many idle minutes (every request renews it) and when
# the browser closes; a user name is locked for a while after repeated failed logins.
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
SESSION_COOKIE_AGE = 60 * int(os.environ.get("WEIJIAN_SESSION_MINUTES", "120"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Sessions in files, not in the database: every request renews its session, and on SQLite
    # that write would wait for a long import's transaction (docs/web.md, "Imports in the browser").
    SESSION_ENGINE = "django.contrib.sessions.backends.file"
    SESSION_FILE_PATH = os.path.join(DATA_DIR, "sessions")
    os.makedirs(SESSION_FILE_PATH, exist_ok=True)
WEIJIAN_LOCKOUT_FAILURES = int(os.environ.get("WEIJIAN_LOCKOUT_FAILURES", "5"))
WEIJIAN_LOCKOUT_MINUTES = int(os.environ.get("WEIJIAN_LOCKOUT_MINUTES", "15"))

# Behind HTTPS (WEIJIAN_HTTPS=1): secure cookies, HSTS, redirect to https. An intranet
# server on plain HTTP leaves it off; `django check --deploy` is clean with it on.
if os.environ.get("WEIJIAN_HTTPS", "") == "1":
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The interface is Chinese whatever language the browser asks for.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [os.path.join(BASE_DIR, "locale")]

STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(DATA_DIR, "static")
os.makedirs(STATIC_ROOT, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Import streaming: rows written per database round trip.
WEIJIAN_IMPORT_CHUNK = int(os.environ.get("WEIJIAN_IMPORT_CHUNK", "5000"))
# Files of at least this many MB are parsed in a second process while this one writes
# (weijian/interchange/parallel.py); "off" (or a machine with one CPU): never.
WEIJIAN_IMPORT_PROCESS_MB = (
    None if os.environ.get("WEIJIAN_IMPORT_PROCESS_MB", "") == "off" or (os.cpu_count() or 1) < 2
    else float(os.environ.get("WEIJIAN_IMPORT_PROCESS_MB", "8"))
)
# Indicator results are reused while the data is unchanged, at most this long (see
# weijian/indicators/cache.py); the cache is per server process.
WEIJIAN_INDICATOR_CACHE_SECONDS = int(os.environ.get("WEIJIAN_INDICATOR_CACHE_SECONDS", "600"))
# Threads the indicator engine runs a county's queries on, side by side (1: one after another).
WEIJIAN_ENGINE_THREADS = int(os.environ.get("WEIJIAN_ENGINE_THREADS", str(min(4, os.cpu_count() or 1))))
# How long the engine's worker threads keep their database connections open unused (0: closed
# after each count).
WEIJIAN_ENGINE_IDLE_SECONDS = float(os.environ.get("WEIJIAN_ENGINE_IDLE_SECONDS", "60"))
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}
# At most this many errors are kept and shown for one file; the total is always counted.
WEIJIAN_MAX_ERRORS = int(os.environ.get("WEIJIAN_MAX_ERRORS", "10000"))
# Imports started in the browser run in a small thread pool of the server process
# (weijian.background); the tests run that work at once, in the request (WEIJIAN_BACKGROUND_SYNC=1).
WEIJIAN_BACKGROUND_WORKERS = int(os.environ.get("WEIJIAN_BACKGROUND_WORKERS", "2"))
WEIJIAN_BACKGROUND_SYNC = os.environ.get("WEIJIAN_BACKGROUND_SYNC", "") == "1"

# The JSON API (weijian/api): a bearer token or the session (with CSRF); anonymous → 401.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "weijian.api.authentication.BearerTokenAuthentication",  # first: its header makes anonymous a 401
        "weijian.api.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["weijian.api.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "weijian.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "卫健 weijian API",
    "DESCRIPTION": "人口信息库、出生死亡婚姻迁移、服务记录和指标的 JSON 接口（见 docs/api.md）",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WEIJIAN_LOG_LEVEL", "WARNING")},
}
