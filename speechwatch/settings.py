"""The one settings module: every value comes from the environment (docs/configuration.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return env_list_sep(name, ",", default)


def env_list_sep(name: str, sep: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(sep) if item.strip()]


VAR_DIR = Path(os.environ.get("SPEECHWATCH_VAR_DIR", str(PROJECT_DIR / "var")))
DEBUG = env_bool("SPEECHWATCH_DEBUG", False)
# SECRET_KEY from the environment, else var/secret_key (written once by `speechwatch secret-key`,
# as `make demo` does), else the built-in key, which `speechwatch serve` refuses outside a demo.
DEV_SECRET_KEY = "dev-only-insecure-key-change-me"
SECRET_KEY_FILE = VAR_DIR / "secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    SECRET_KEY_FILE.read_text().strip() if SECRET_KEY_FILE.is_file() else DEV_SECRET_KEY
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'speechwatch.sqlite3'}"),
        # Kept open per worker thread: opening SQLite (with its PRAGMAs) cost more CPU than a
        # cached page (docs/operations.md, "Capacity"); health checks catch a dropped server.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh checkout has no var/: create the database's folder so `init` can create the file.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web app read while an import writes; a busy timeout, not "database is locked".
    # A page cache per connection larger than SQLite's 2 MB: a report at a million incidents
    # reads some 10 MB of index pages at random, and re-reading them from the OS costs more.
    cache_kib = int(os.environ.get("SPEECHWATCH_SQLITE_CACHE_MB", "64")) * 1024
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            f"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-{cache_kib};"
        ),
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: it compiles any plan costed above jit_above_cost, and a list page's LIMIT walk is
    # often costed as if it read every row: 20-40 ms of compiling (seconds under load) for a
    # query that runs in a few (docs/web-app.md, "Review queue").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# Allocations between collections of Python's youngest objects (Python's default: 700).
GC_GEN0_THRESHOLD = int(os.environ.get("SPEECHWATCH_GC_GEN0", "10000"))

DEFAULT_TAXONOMY = os.environ.get("SPEECHWATCH_TAXONOMY", "adilsoz-2024")
REGION_SET = os.environ.get("SPEECHWATCH_REGIONS", "kz")
ORGANISATION_NAME = os.environ.get("SPEECHWATCH_ORG_NAME", "«Adil Soz» Foundation")
ORGANISATION_EMAIL = os.environ.get("SPEECHWATCH_ORG_EMAIL", "info@example.org")
# Footer lines of the monthly overview, separated by "|" ("Head of the Monitoring Service - …").
REPORT_CONTACT_LINES = env_list_sep("SPEECHWATCH_REPORT_CONTACTS", "|")
REPORT_TEMPLATE = os.environ.get("SPEECHWATCH_REPORT_TEMPLATE", "")  # path; default template if ""
REPORT_COUNTING_RULES = os.environ.get("SPEECHWATCH_COUNTING_RULES", "")  # path; default if ""

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # its own Swagger UI static files, so /api/v1/docs loads nothing from a CDN
    "speechwatch.core",
    "speechwatch.audit",
    "speechwatch.taxonomy",
    "speechwatch.reference",
    "speechwatch.actors",
    "speechwatch.incidents",
    "speechwatch.cases",
    "speechwatch.context",
    "speechwatch.interchange",
    "speechwatch.reports",
    "speechwatch.overviews",
    "speechwatch.demo",
    "speechwatch.portal",
    "speechwatch.staff",  # roles, access, assignment, rate limits: below intake and workspace
    "speechwatch.intake",
    "speechwatch.workspace",
    "speechwatch.news",
    "speechwatch.triage",  # classifies news items (docs/triage.md)
    "axes",  # login lockouts (docs/web-app.md); after our apps so our templates win
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, before anything else runs
    "speechwatch.core.middleware.PrivateNoStoreMiddleware",  # /work/, /accounts/: never cached
    "csp.middleware.CSPMiddleware",  # Content-Security-Policy on every response
    # /api/v1/: CORS, per-address rate limit, ETag/Last-Modified with 304 (docs/api.md)
    "speechwatch.portal.apimiddleware.ApiMiddleware",
    "speechwatch.core.request_guard.RejectNulMiddleware",  # NUL in path/query: 400, never a 500
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "speechwatch.portal.language.QueryLanguageMiddleware",  # ?lang= on public pages
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # keep last: turns a lockout into our 429 page
    # Innermost: anonymous public GETs from a per-process cache keyed by the publication
    # generation (docs/operations.md, "Public response cache"); a lockout page is never kept.
    "speechwatch.portal.cache.PublicCacheMiddleware",
]

ROOT_URLCONF = "speechwatch.urls"
WSGI_APPLICATION = "speechwatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

LANGUAGE_CODE = os.environ.get("SPEECHWATCH_LANGUAGE", "en")
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("kk", "Қазақша")]
# The interface's message catalogues (compiled .mo files are committed: no gettext at runtime).
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# WhiteNoise serves the static files. `speechwatch serve` collects them into STATIC_ROOT with
# hashed, compressed names and sets SPEECHWATCH_STATIC_MANIFEST=1; without it (tests,
# `serve --dev`) they come straight from the apps' folders, so nothing needs `collectstatic`.
STATIC_MANIFEST = env_bool("SPEECHWATCH_STATIC_MANIFEST", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST
# Collected once, served by hashed name only; source maps (only devtools fetch them) stay unzipped,
# which takes most of the time out of `collectstatic`.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# `speechwatch serve` (gunicorn, gthread workers): processes × threads, and the seconds after which
# a stuck worker is restarted.
SERVE_WORKERS = int(os.environ.get("SPEECHWATCH_WORKERS") or min(2 * (os.cpu_count() or 1) + 1, 9))
SERVE_THREADS = int(os.environ.get("SPEECHWATCH_THREADS") or 4)
SERVE_TIMEOUT = int(os.environ.get("SPEECHWATCH_TIMEOUT") or 60)
# Public response cache per worker process, in megabytes of response bodies (0: off).
PUBLIC_CACHE_BYTES = int(float(os.environ.get("SPEECHWATCH_PUBLIC_CACHE_MB") or 32) * 1024**2)
# Requests per client address on /api/v1/, per worker process ("120/min"; "off": no limit).
API_RATE = os.environ.get("SPEECHWATCH_API_RATE", "120/min")
# Open data at /data/ (speechwatch/portal/opendata.py): the licence named in the zip and on the
# page; rebuilt after each publication unless SPEECHWATCH_OPEN_DATA_AUTOBUILD=0.
SPEECHWATCH_OPEN_DATA_LICENCE = os.environ.get("SPEECHWATCH_OPEN_DATA_LICENCE") or "CC BY 4.0"
SPEECHWATCH_OPEN_DATA_AUTOBUILD = env_bool("SPEECHWATCH_OPEN_DATA_AUTOBUILD", True)
# `speechwatch serve` keeps the statistics month table built in the background
# (speechwatch/portal/warm.py); off: the first request after a change builds it.
SPEECHWATCH_STATISTICS_WARM = env_bool("SPEECHWATCH_STATISTICS_WARM", True)

# Staff web application (docs/web-app.md).
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/work/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", ORGANISATION_EMAIL)
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(3 * 3600)))
LOGIN_FAILURE_LIMIT = int(os.environ.get("SPEECHWATCH_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_WINDOW = int(os.environ.get("SPEECHWATCH_LOGIN_FAILURE_WINDOW", "900"))
EDIT_LOCK_SECONDS = int(os.environ.get("SPEECHWATCH_EDIT_LOCK_SECONDS", "1800"))
RECENT_DAYS = int(os.environ.get("SPEECHWATCH_RECENT_DAYS", "14"))
TOTP_ISSUER = os.environ.get("SPEECHWATCH_TOTP_ISSUER", "SpeechWatch")

# --- Accounts: lockouts, password policy, reset mail limits, field encryption (docs/web-app.md).
# Axes refuses sign-in while locked out; the model backend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failures per account across all addresses, and per address across all accounts, within
# LOGIN_FAILURE_WINDOW; LOGIN_FAILURE_LIMIT is per account from one address.
LOGIN_ACCOUNT_FAILURE_LIMIT = int(os.environ.get("SPEECHWATCH_LOGIN_ACCOUNT_FAILURE_LIMIT", "20"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SPEECHWATCH_LOGIN_ADDRESS_FAILURE_LIMIT", "50"))
AXES_HANDLER = "speechwatch.workspace.lockout.TieredAxesHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["username"], ["ip_address"]]
AXES_FAILURE_LIMIT = "speechwatch.workspace.lockout.failure_limit"  # reads LOGIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = "speechwatch.workspace.lockout.cool_off"  # reads LOGIN_FAILURE_WINDOW
AXES_USERNAME_CALLABLE = "speechwatch.workspace.lockout.username_key"  # NFKC + casefold
AXES_CLIENT_IP_CALLABLE = "speechwatch.workspace.lockout.client_ip"  # see TRUSTED_PROXY_COUNT
# Reverse proxies in front that append the client to X-Forwarded-For; 0: use REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = int(os.environ.get("SPEECHWATCH_TRUSTED_PROXIES", "0"))
AXES_LOCKOUT_CALLABLE = "speechwatch.workspace.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True  # our handler clears only this account+address pair
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a lockout ends one window after it began
AXES_ENABLE_ADMIN = False
AXES_DISABLE_ACCESS_LOG = True  # no log of every sign-in with its address
AXES_VERBOSE = False
# Wrong two-factor codes: per sign-in attempt (then it is ended) and per address.
OTP_FAILURE_LIMIT = int(os.environ.get("SPEECHWATCH_OTP_FAILURE_LIMIT", "5"))
OTP_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SPEECHWATCH_OTP_ADDRESS_FAILURE_LIMIT", "20"))
# Password-reset mails per account and per address within PASSWORD_RESET_MAIL_WINDOW seconds.
PASSWORD_RESET_ACCOUNT_LIMIT = int(os.environ.get("SPEECHWATCH_RESET_ACCOUNT_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("SPEECHWATCH_RESET_ADDRESS_LIMIT", "10"))
PASSWORD_RESET_MAIL_WINDOW = int(os.environ.get("SPEECHWATCH_RESET_WINDOW", "3600"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("SPEECHWATCH_PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Key for encrypted columns (two-factor secrets); empty: derived from SECRET_KEY. Old keys, comma-
# separated, still decrypt during a rotation (`speechwatch roles reencrypt`).
FIELD_ENCRYPTION_KEY = os.environ.get("SPEECHWATCH_FIELD_KEY", "")
FIELD_ENCRYPTION_OLD_KEYS = env_list("SPEECHWATCH_FIELD_OLD_KEYS", "")

# Intake: attachments are stored under MEDIA_ROOT and only ever served to staff (never a MEDIA_URL).
MEDIA_ROOT = Path(os.environ.get("SPEECHWATCH_UPLOAD_DIR", str(VAR_DIR / "uploads")))
INTAKE_MAX_FILE_BYTES = int(os.environ.get("SPEECHWATCH_INTAKE_MAX_FILE_BYTES", str(10 * 1024**2)))
INTAKE_MAX_FILES = int(os.environ.get("SPEECHWATCH_INTAKE_MAX_FILES", "5"))
INTAKE_PUBLIC_LIMIT = int(os.environ.get("SPEECHWATCH_INTAKE_PUBLIC_LIMIT", "5"))
INTAKE_PUBLIC_WINDOW = int(os.environ.get("SPEECHWATCH_INTAKE_PUBLIC_WINDOW", "3600"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024**2  # larger uploads spool to a temporary file
# Django refuses a request with more files than this before any view runs (the intake views then
# show the form again, text lost); up to it, the intake form itself says "at most N files" and
# keeps the text. Files beyond INTAKE_MAX_FILES are never stored.
DATA_UPLOAD_MAX_NUMBER_FILES = max(100, INTAKE_MAX_FILES * 4)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

# Content-Security-Policy on every response (django-csp; docs/web-app.md "Content-Security-Policy").
# Nothing inline and nothing from another origin: a script that slips into a page cannot run. The
# two responses that need something else set their own header, which the middleware keeps: the
# overview preview (inline CSS, framed by the report workspace) and intake attachments (sandbox).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
if os.environ.get("SPEECHWATCH_CSP_REPORT_URI"):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [os.environ["SPEECHWATCH_CSP_REPORT_URI"]]

# HTTPS is on when the app redirects to it or a TLS proxy says so; only then are cookies Secure (a
# browser on http://<LAN address>:8000 must still sign in). SECURE_COOKIES overrides either way.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
HTTPS_CONFIGURED = SECURE_SSL_REDIRECT or env_bool("SECURE_PROXY_SSL_HEADER", False)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS_CONFIGURED)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)


def env_admins(name: str) -> list[tuple[str, str]]:
    """`Name <mail@host>, other@host` → Django's ADMINS pairs."""
    admins = []
    for item in env_list(name, ""):
        name_part, _, rest = item.partition("<")
        email = rest.rstrip(">").strip() if rest else item
        admins.append((name_part.strip() if rest else email, email))
    return admins


# Errors (with tracebacks, django.request's included) go to stderr, and by mail to ADMINS if set.
ADMINS = env_admins("ADMINS")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
LOG_LEVEL = os.environ.get("SPEECHWATCH_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {
            "handlers": ["stderr", *(["mail_admins"] if ADMINS else [])],
            "level": LOG_LEVEL,
            "propagate": False,
        },
        "axes": {"level": "WARNING"},  # not a line per failed sign-in with its address
        # PDF rendering reports every layout step at INFO; only its warnings matter.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "pymorphy3": {"level": "WARNING"},  # a line per dictionary load in every triage run
    },
}

# News ingestion (docs/news.md): fetching, SSRF guard, Celery scale-out.
SPEECHWATCH_FETCH_ALLOW_PRIVATE = env_bool("SPEECHWATCH_FETCH_ALLOW_PRIVATE", False)
SPEECHWATCH_FETCH_POLITENESS = float(os.environ.get("SPEECHWATCH_FETCH_POLITENESS", "1.0"))
SPEECHWATCH_FETCH_TIMEOUT = float(os.environ.get("SPEECHWATCH_FETCH_TIMEOUT", "15"))
SPEECHWATCH_FETCH_MAX_BYTES = int(os.environ.get("SPEECHWATCH_FETCH_MAX_BYTES", "5000000"))
SPEECHWATCH_FETCH_RETRIES = int(os.environ.get("SPEECHWATCH_FETCH_RETRIES", "2"))
SPEECHWATCH_FETCH_BACKOFF = float(os.environ.get("SPEECHWATCH_FETCH_BACKOFF", "1.0"))
SPEECHWATCH_FETCH_ROBOTS = env_bool("SPEECHWATCH_FETCH_ROBOTS", True)
SPEECHWATCH_BROKER_URL = os.environ.get("SPEECHWATCH_BROKER_URL", "")
CELERY_BROKER_URL = SPEECHWATCH_BROKER_URL or "memory://"
# one queue name per deployment, so two installations can share a Redis
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("SPEECHWATCH_CELERY_QUEUE", "speechwatch")
CELERY_TASK_ACKS_LATE = True  # a worker that dies mid-fetch leaves the task for another
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE = {"news-due-sources": {"task": "news.enqueue_due", "schedule": 60.0}}
# Triage of fetched items (docs/triage.md "In the inbox"): scored and grouped after each fetch.
SPEECHWATCH_TRIAGE_ON_FETCH = env_bool("SPEECHWATCH_TRIAGE_ON_FETCH", True)
