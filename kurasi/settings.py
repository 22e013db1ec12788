"""Kurasi settings: one module, driven by environment variables.

KURASI_ENV=development (the default, used by `make run` and the tests) gives safe local defaults:
a generated secret key kept in var/, plain HTTP on localhost. KURASI_ENV=production demands a real
SECRET_KEY and ALLOWED_HOSTS and turns on HTTPS-only cookies, HSTS and redirects.
DEBUG is off unless DEBUG=1 is set, in either environment.
"""

import json
import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KURASI_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def refuse_to_start(message: str) -> None:
    """Stop with a plain message: an operator reads this, a stack trace would only hide it."""
    sys.stderr.write(f"\nKurasi cannot start / Kurasi tidak dapat dijalankan:\n  {message}\n\n")
    raise SystemExit(2)


KURASI_ENV = os.environ.get("KURASI_ENV", "development").strip().lower()
if KURASI_ENV not in {"development", "production"}:
    refuse_to_start(f"KURASI_ENV must be 'development' or 'production', not {KURASI_ENV!r}.")
PRODUCTION = KURASI_ENV == "production"
DEBUG = env_bool("DEBUG")


def development_secret_key() -> str:
    """A per-checkout key kept on disk, so sessions survive a restart of `make run`."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        refuse_to_start(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "string (for example: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = development_secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    refuse_to_start(
        "ALLOWED_HOSTS is not set. List the host names Kurasi answers to, comma-separated."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def site_url_from_environment() -> str:
    """The public address (scheme and host, no path) put in every link that leaves the browser:
    letters and their QR codes, emails, WhatsApp texts. Required in production; in development
    `make run` sets it to the address it serves."""
    value = os.environ.get("SITE_URL", "").strip()
    if not value:
        if PRODUCTION:
            refuse_to_start(
                "SITE_URL is not set. Set it to the address people open Kurasi at, e.g. "
                "SITE_URL=https://kurasi.example.go.id: letters' QR codes, verification links "
                "and emails point there."
            )
        return "http://127.0.0.1:8000"
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        parts = parts._replace(scheme="")
    if (
        parts.scheme not in {"http", "https"}
        or not parts.hostname
        or parts.path not in {"", "/"}
        or parts.query
        or parts.fragment
        or parts.username
        or parts.password
    ):
        refuse_to_start(
            f"SITE_URL must be an http(s) address without a path, like "
            f"https://kurasi.example.go.id, not {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


SITE_URL = site_url_from_environment()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_ratelimit",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kurasi.accounts",
    "kurasi.audit",
    "kurasi.registry",
    "kurasi.programmes",
    "kurasi.registration",
    "kurasi.curation",
    "kurasi.insights",
    "kurasi.facilitation",
    "kurasi.exhibitions",
    "kurasi.nominations",
    "kurasi.privacy",
    "kurasi.demo",
    "kurasi.backups",
    "kurasi.api",
    "kurasi.worker",
    "kurasi.outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads the session: a 503 page while the database is out of reach.
    "kurasi.lib.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kurasi.lib.locale.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kurasi.accounts.middleware.ExpiredSessionMiddleware",
    # After OTP: sends a password-only session to the code step, an admin without a device to
    # enrolment, before any other view runs.
    "kurasi.accounts.middleware.TwoFactorMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last: it reads the outcome of authentication to count failures.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kurasi.urls"
WSGI_APPLICATION = "kurasi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "kurasi" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kurasi.accounts.context_processors.memberships",
            ],
            # `number` and `rupiah` in every template: money and decimals the reader's way;
            # `when` and `clock`: moments and times the reader's way (kurasi/lib/times.py).
            "builtins": ["kurasi.lib.numbers", "kurasi.lib.times"],
        },
    },
]

# Form widgets (every select option is a template include) through Jinja2's compiled templates:
# the same HTML, 13 ms less per page on the registry list with its filter form (bench/). Widgets
# that exist only as Django templates (the admin's) fall back to Django's engine.
FORM_RENDERER = "kurasi.lib.form_renderer.Jinja2WithDjangoFallback"

# SQLite is the embedded default (zero set-up); PostgreSQL via DATABASE_URL in CI and production.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kurasi.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers carry on while a curator's save is being written.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches hold rate-limit counters, so they must be shared by every process: Redis when REDIS_URL
# is set (atomic counters, the choice for several app servers), otherwise tables in the database we
# already have (`manage.py createcachetable`), so `make run` needs no extra service. "rates" keeps
# the API's per-token counters apart from the pages' limits.
REDIS_CACHE = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    if os.environ.get("REDIS_URL")
    else None
)
CACHES = {
    "default": REDIS_CACHE
    or {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kurasi_cache"},
    "rates": REDIS_CACHE
    or {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kurasi_rate_cache"},
}
# django-ratelimit calls the database cache "not atomic": two requests arriving at the same
# instant may both read the same count. That lets a burst slip a few requests past a limit, no
# more; the lock-out (axes) counts failures in the database exactly. Redis removes even that.
SILENCED_SYSTEM_CHECKS = (
    [] if os.environ.get("REDIS_URL") else ["django_ratelimit.E003", "django_ratelimit.W001"]
) + [
    # axes would also lock addresses; Kurasi deliberately locks accounts only (one office Wi-Fi,
    # many people) and holds back failing addresses itself (kurasi.accounts.login_guard).
    "axes.W006",
]
RATELIMIT_VIEW = "kurasi.lib.error_views.rate_limited"
# The client address as the lock-out sees it (AXES_IPWARE_META_PRECEDENCE_ORDER behind a proxy).
RATELIMIT_IP_META_KEY = "kurasi.lib.ratelimits.client_ip"
# Limits as "count/period" (s, m, h, d; e.g. "10/15m"); each is per window, not sliding.
RATE_LIMITS = {
    # Failed logins per address (kurasi.accounts.login_guard): above it, that address waits for
    # the window to end. Successful logins do not count: an office behind one address logs in.
    "login_ip": os.environ.get("KURASI_RATE_LOGIN_IP", "60/15m"),
    "login_account": os.environ.get("KURASI_RATE_LOGIN_ACCOUNT", "10/15m"),
    "two_factor": os.environ.get("KURASI_RATE_TWO_FACTOR", "10/15m"),
    "sign_up_ip": os.environ.get("KURASI_RATE_SIGN_UP_IP", "10/h"),
    "password_reset_ip": os.environ.get("KURASI_RATE_PASSWORD_RESET_IP", "10/h"),
    "password_reset_account": os.environ.get("KURASI_RATE_PASSWORD_RESET_ACCOUNT", "3/h"),
    "import_upload": os.environ.get("KURASI_RATE_IMPORT_UPLOAD", "30/h"),
    "wizard_post": os.environ.get("KURASI_RATE_WIZARD_POST", "120/h"),
    # Producers' one-time codes (kurasi/accounts/services_codes.py): claims per account, and
    # password recoveries per address and per phone number. Each code also stops after 5 misses.
    "code_claim": os.environ.get("KURASI_RATE_CODE_CLAIM", "10/h"),
    "code_recovery_ip": os.environ.get("KURASI_RATE_CODE_RECOVERY_IP", "10/h"),
    "code_recovery_account": os.environ.get("KURASI_RATE_CODE_RECOVERY_ACCOUNT", "5/h"),
}

# Accounts and authentication
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "kurasi.accounts.backends.EmailOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "kurasi.accounts.hashers.KurasiArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "insights:dashboard"
LOGOUT_REDIRECT_URL = "insights:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# A whole curation day fits in one session; after that, log in again.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(60 * 60 * 12)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Lock-out after repeated failures, per account only (all spellings of a login count as one,
# whatever the address). An address is never locked: one person on an office Wi-Fi or a carrier's
# NAT must not lock out everyone behind it. Per address, kurasi.accounts.login_guard slows down
# (KURASI_LOGIN_SLOW_*) and then caps (RATE_LIMITS["login_ip"]) failed logins instead.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = ["username"]
# After this many failed logins from one address (within the login_ip window), each further
# attempt from it must wait after the last failure: KURASI_LOGIN_SLOW_FIRST seconds, doubling
# with every failure up to KURASI_LOGIN_SLOW_LONGEST. The wait is answered at once (429 with
# Retry-After and the login page keeping what was typed); no worker sleeps.
KURASI_LOGIN_SLOW_AFTER = int(os.environ.get("KURASI_LOGIN_SLOW_AFTER", "10"))
KURASI_LOGIN_SLOW_FIRST = int(os.environ.get("KURASI_LOGIN_SLOW_FIRST", "2"))
KURASI_LOGIN_SLOW_LONGEST = int(os.environ.get("KURASI_LOGIN_SLOW_LONGEST", "60"))
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "kurasi.accounts.backends.axes_username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Behind a proxy, set AXES_IPWARE_META_PRECEDENCE_ORDER; the default trusts only REMOTE_ADDR.
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IPWARE_META_PRECEDENCE_ORDER", "REMOTE_ADDR")

# Internationalisation: Bahasa Indonesia by default, English complete beside it.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "kurasi" / "locale"]
USE_I18N = True
# Our formats first (times 14.00 in Indonesian, 14:00 in English), Django's for the rest.
FORMAT_MODULE_PATH = ["kurasi.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True
LANGUAGE_COOKIE_NAME = "kurasi_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# Static files: our own and the pinned front-end packages copied into var/vendor by `make`.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "kurasi" / "static", ("vendor", VAR_DIR / "vendor")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# `manage.py backup` writes here; archives hold personal data, so keep it off the web root.
KURASI_BACKUP_DIR = Path(os.environ.get("KURASI_BACKUP_DIR", VAR_DIR / "backups"))
# Uploaded files: local disk by default; any Django storage (e.g. S3-compatible through
# django-storages) by FILE_STORAGE_BACKEND plus FILE_STORAGE_OPTIONS as JSON.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get(
            "FILE_STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": json.loads(os.environ.get("FILE_STORAGE_OPTIONS", "{}")),
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Email: console by default, SMTP when EMAIL_HOST is set.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kurasi <noreply@kurasi.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work: run at once in development; in production a worker process runs it
# (`manage.py db_worker`).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.backend.DatabaseBackend"
            if env_bool("KURASI_TASK_WORKER", PRODUCTION)
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Security headers. The CSP allows no inline script or style: templates load files only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# Only behind a proxy that sets X-Forwarded-Proto itself (and drops the client's own): otherwise
# anyone could claim HTTPS by sending the header. Without it behind such a proxy, the HTTPS
# redirect would loop.
if env_bool("KURASI_BEHIND_HTTPS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Uploads: request bodies without files stay small; files beyond 2.5 MB go to a temporary file
# instead of memory, and the first handler cuts any file past the largest allowed size (the
# import's), so a huge upload is never kept (kurasi/lib/upload_limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
KURASI_MAX_UPLOAD_BYTES = 25 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "kurasi.lib.upload_limits.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# Image decodes at once in one process (each holds at most 192 MiB, registry/images.py), and how
# long a request waits for its turn before it is told the server is busy.
KURASI_IMAGE_DECODE_CONCURRENCY = int(os.environ.get("KURASI_IMAGE_DECODE_CONCURRENCY", "2"))
KURASI_IMAGE_DECODE_WAIT_SECONDS = float(os.environ.get("KURASI_IMAGE_DECODE_WAIT_SECONDS", "10"))
# An .xlsx is a zip: its parts may inflate to at most this much before anything parses them.
KURASI_IMPORT_MAX_UNCOMPRESSED_BYTES = int(
    os.environ.get("KURASI_IMPORT_MAX_UNCOMPRESSED_BYTES", str(600 * 1024 * 1024))
)
# …its table of texts at most this, its sheets at most this many cells (the reader lays out a
# sheet's grid in memory: 32 bytes a cell), and measuring it at most this much processor time.
KURASI_IMPORT_MAX_SHARED_STRINGS_BYTES = int(
    os.environ.get("KURASI_IMPORT_MAX_SHARED_STRINGS_BYTES", str(128 * 1024 * 1024))
)
KURASI_IMPORT_MAX_CELLS = int(os.environ.get("KURASI_IMPORT_MAX_CELLS", "5000000"))
KURASI_IMPORT_MEASURE_SECONDS = float(os.environ.get("KURASI_IMPORT_MEASURE_SECONDS", "5"))

# Two-factor login (django-otp). Office admins must use it; other staff may. Turned off only for
# a local demo (see the README), never in production.
KURASI_REQUIRE_ADMIN_2FA = env_bool("KURASI_REQUIRE_ADMIN_2FA", True)
if PRODUCTION and not KURASI_REQUIRE_ADMIN_2FA:
    refuse_to_start("KURASI_REQUIRE_ADMIN_2FA cannot be turned off in production.")
OTP_TOTP_ISSUER = "Kurasi"
# Days an invitation link into an office stays valid (the office can send it again).
KURASI_INVITATION_DAYS = int(os.environ.get("KURASI_INVITATION_DAYS", "7"))

# Logs never carry personal data: a filter masks NIK, phone numbers and e-mail addresses.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "kurasi.lib.log_filters.MaskPersonalData"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["mask_personal_data"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # WeasyPrint and fontTools narrate every PDF step at INFO.
        "weasyprint": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "fontTools": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
CSRF_FAILURE_VIEW = "kurasi.lib.error_views.csrf_failure"

# UU PDP: the version of the privacy notice producers agree to (templates/registration/notice).
# Change it whenever the notice's text changes, so every consent names what was agreed.
KURASI_PRIVACY_NOTICE_VERSION = os.environ.get("KURASI_PRIVACY_NOTICE_VERSION", "2026-11")
# UU PDP: withdrawal and restriction are answered within 3 × 24 hours; erasure uses the same
# deadline (check with the office's legal counsel).
KURASI_PRIVACY_REQUEST_HOURS = int(os.environ.get("KURASI_PRIVACY_REQUEST_HOURS", "72"))
# Months a programme's personal data is kept after its curation day, unless the programme says
# otherwise; the privacy notice promises five years (check against the office's archive rules).
KURASI_RETENTION_MONTHS = int(os.environ.get("KURASI_RETENTION_MONTHS", "60"))

# Lists stop counting matches here (see kurasi/lib/pagination.py): counting a broad search over a
# province's million products costs more than the page.
KURASI_LIST_COUNT_CAP = int(os.environ.get("KURASI_LIST_COUNT_CAP", "1000"))

# JSON API (/api/v1/): per-token rate limit ("<n>/<second|minute|hour|day>"), read per request.
KURASI_API_RATE = os.environ.get("KURASI_API_RATE", "600/minute")
KURASI_API_RATE_CACHE = "rates"
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["kurasi.api.parsers.BoundedJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kurasi.api.authentication.BearerTokenAuthentication",
        "kurasi.api.authentication.CsrfSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["kurasi.api.permissions.TokenScope"],
    "DEFAULT_SCHEMA_CLASS": "kurasi.api.schema.KurasiAutoSchema",
    "EXCEPTION_HANDLER": "kurasi.api.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kurasi API",
    "DESCRIPTION": (
        "Read and write an office's registry, programmes and applications, curation, "
        "facilitation, exhibitions and calls for nominations up the chain of offices; a "
        "producer's own records under /me/. Authenticate with a "
        "personal token (Authorization: Bearer kur_…) made at /accounts/api-tokens/; a token's "
        "scopes narrow what its user's role allows, never widen it. Errors always have the shape "
        '{"error": {"code", "message", "fields"}} in the language of Accept-Language (id, en).'
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status"; each keeps its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "AllocationStatusEnum": "kurasi.exhibitions.models.AllocationStatus",
        "ParticipationStatusEnum": "kurasi.facilitation.models_programmes.ParticipationStatus",
        "AnswerChannelEnum": "kurasi.lib.answers.Channel",
        "StaffAnswerChannelEnum": "kurasi.lib.answers.STAFF_CHANNELS",
        "MessageChannelEnum": "kurasi.outbox.models.Channel",
        "MessageKindEnum": "kurasi.outbox.models.Kind",
        "FacilitationKindEnum": "kurasi.facilitation.models_programmes.FacilitationKind",
        "CallStatusEnum": "kurasi.nominations.models.CallStatus",
        "ConsentStateEnum": "kurasi.nominations.models.ConsentState",
        "NominationReasonEnum": "kurasi.api.serializers_nominations.REASON_CODES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kurasi.api.schema.add_links",
    ],
}
