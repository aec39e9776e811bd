"""The one settings module: every value comes from the environment (docs/configuration.md)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

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
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'speechwatch.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A fresh checkout has no var/: create the database's folder so `init` can create the file.
    if DATABASES["default"]["NAME"] not in ("", ":memory:"):
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web app read while an import writes; a busy timeout, not "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }

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
    "speechwatch.intake",
    "speechwatch.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

# Static files (the staff workspace's CSS and vendored htmx) are served by the app itself unless a
# web server in front does it (then: SPEECHWATCH_SERVE_STATIC=false and `collectstatic`).
SERVE_STATIC = env_bool("SPEECHWATCH_SERVE_STATIC", True)

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

# Intake: attachments are stored under MEDIA_ROOT and only ever served to staff (never a MEDIA_URL).
MEDIA_ROOT = Path(os.environ.get("SPEECHWATCH_UPLOAD_DIR", str(VAR_DIR / "uploads")))
INTAKE_MAX_FILE_BYTES = int(os.environ.get("SPEECHWATCH_INTAKE_MAX_FILE_BYTES", str(10 * 1024**2)))
INTAKE_MAX_FILES = int(os.environ.get("SPEECHWATCH_INTAKE_MAX_FILES", "5"))
INTAKE_PUBLIC_LIMIT = int(os.environ.get("SPEECHWATCH_INTAKE_PUBLIC_LIMIT", "5"))
INTAKE_PUBLIC_WINDOW = int(os.environ.get("SPEECHWATCH_INTAKE_PUBLIC_WINDOW", "3600"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024**2  # larger uploads spool to a temporary file
DATA_UPLOAD_MAX_NUMBER_FILES = INTAKE_MAX_FILES + 5  # Django refuses beyond this before parsing

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
