"""One settings module, driven by the environment, with safe defaults.

With no environment at all the app runs on SQLite, runs Celery tasks in-process and prints
e-mails to the console. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, DEBUG=0 and
ALLOWED_HOSTS; nothing else differs.
"""

import re
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

INSECURE_SECRET_KEY = "django-insecure-ocop-development-key-do-not-use-in-production"


def env_bool(name: str, default: bool) -> bool:
    raw = env.str(name, default="")
    if raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default="")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from exc


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env.str("SECRET_KEY", default=INSECURE_SECRET_KEY)
if not DEBUG and SECRET_KEY == INSECURE_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
if not DEBUG and len(SECRET_KEY) < 50:
    # Django's own deploy check asks for 50+ characters; a short key is guessable offline from any signed cookie.
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long when DEBUG is off.")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Set BEHIND_PROXY=1 only when a reverse proxy in front sets X-Forwarded-Proto and appends X-Forwarded-For;
# otherwise any client could claim HTTPS or another address with a header.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
# The address printed in QR codes and e-mail links. Unset in development: the request's own address is
# used (ocop/site.py), so a demo on another port works. Production must name it.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if SITE_URL and not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must be an absolute http(s) address, not {SITE_URL!r}")
if not DEBUG and not SITE_URL:
    raise ImproperlyConfigured("Set SITE_URL (e.g. https://ocop.example.vn) when DEBUG is off.")

INSTALLED_APPS = [
    "ocop.apps.OcopAdminConfig",  # django.contrib.admin with the project's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "ocop.apps.AxesConfig",  # django-axes, named in Vietnamese in the admin
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "ocop",
    "products",
    "accounts",
    "evaluation",
    "certificates",
    "supervision",
    "dashboard",
    "portal",
    "api",
    "devtools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ocop.middleware.TextCompressionMiddleware",  # after WhiteNoise: static files are compressed at collectstatic
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ocop.site.RequestSiteMiddleware",
    "ocop.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "ocop.middleware.AccountLanguageMiddleware",  # after authentication: it reads the user's language
    "django.contrib.messages.middleware.MessageMiddleware",
    "ocop.middleware.OfficerIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "ocop.middleware.PermissionsPolicyMiddleware",
    # Last, so that it turns a lockout flagged during authentication into the login page with its message.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp 4): scripts and styles only from this site's own files (no inline script,
# no on*= handler; the two print style blocks carry the per-request nonce), nothing from any other host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],  # Bootstrap draws form controls with data: SVGs
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses (Permissions-Policy header, ocop.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

ROOT_URLCONF = "ocop.urls"
WSGI_APPLICATION = "ocop.wsgi.application"

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
                "ocop.context_processors.ocop",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL from DATABASE_URL.
DATABASE_URL = env.str("DATABASE_URL", default="")
if DATABASE_URL:
    DATABASES = {"default": env.db_url_config(DATABASE_URL)}
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # PostgreSQL's JIT compiles a query whose estimated cost passes jit_above_cost: 45 ms of compiling for a
    # province's decision list that runs in 2 ms (its EXISTS filters are costed high). Pages run short queries; the
    # aggregates of the statistics measured the same without it. DATABASE_JIT=1 turns it back on.
    if not env_bool("DATABASE_JIT", False):
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env.str("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3")),
            # A transaction starts as a writer (BEGIN IMMEDIATE) and waits up to `timeout` seconds for its turn:
            # started as a reader, SQLite refuses its first write at once while another one writes ("database is
            # locked"), whatever the timeout.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "ocop.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "ocop.security.NotTheCurrentPasswordValidator"},
]
# django-axes watches every authentication: the first backend refuses a locked-out account or address.
# ocop.auth: Django's ModelBackend reading the user with their unit. (A session keeps its backend's path: those
# signed in under django.contrib.auth's own backend were signed out once when this replaced it.)
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "ocop.auth.UnitModelBackend"]
# Throttling (issue 11.10): a user name typed from one address is locked after this many failures in a row, for a
# while.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
# ... and an address, whatever the names typed from it, after this many failures within the cool-off.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30)
# Two locks. The pair (user name, address) at AXES_FAILURE_LIMIT: locking a name whatever the address would let anyone
# keep any named account locked out. The address alone at the higher LOGIN_ADDRESS_FAILURE_LIMIT: with the pair only,
# one address could try a few passwords on every account (password spraying); with the address at the pair's limit,
# one person's typing would lock every colleague behind an office's shared address. axes has one limit for every
# combination, so ocop.login_throttle gives each its own, and a successful sign-in forgets only its pair's failures.
# A reset password (or one chosen from an invitation) clears the name's failures (ocop.views); an officer lifting an
# address's lockout clears the address's (ocop.services.lockout_lift).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "ocop.login_throttle.LoginThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "ocop.views.lockout_response"
AXES_CLIENT_IP_CALLABLE = "ocop.security.client_ip"
AXES_USERNAME_CALLABLE = "ocop.security.axes_username"  # the name in lower case: the sign-in ignores its case
AXES_VERBOSE = False
# Officers are signed out after this much inactivity (producers keep Django's two-week session).
OFFICER_IDLE_MINUTES = env_int("OFFICER_IDLE_MINUTES", 30)
# Password reset and public verification: requests per address (django-ratelimit syntax, e.g. "5/h").
PASSWORD_RESET_RATE = env.str("PASSWORD_RESET_RATE", default="5/h")
VERIFY_RATE = env.str("VERIFY_RATE", default="60/m")
RATELIMIT_IP_META_KEY = "ocop.security.client_ip"
RATELIMIT_FAIL_OPEN = True

# Language, time and formats: Vietnamese first (STYLE.md §2.10).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "ocop" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["ocop.formats"]

# Static files are vendored under static/; the manifest is opt-in (it needs collectstatic).
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Where `manage.py backup` writes (ocop.backups); copy each backup off this machine.
BACKUP_ROOT = Path(env.str("BACKUP_ROOT", default=str(BASE_DIR / "var" / "backups")))
BACKUP_KEEP = env.int("BACKUP_KEEP", default=0)  # `manage.py backup` keeps that many newest backups (0: all)
BACKUP_STALE_HOURS = env.int("BACKUP_STALE_HOURS", default=26)  # the administrator is warned past it (a night missed)
# Uploaded dossiers and PDFs are private: they are served by views that check access, never by URL.
MEDIA_URL = "/media-not-served/"
# Stored certificate PDFs sent by the proxy in front instead of a Python worker (ocop.downloads.stored_file_response):
# "x-accel" (nginx: an `internal` location at OCOP_SENDFILE_PREFIX aliased to MEDIA_ROOT), "x-sendfile" (Apache
# mod_xsendfile), "secure-link" (the pages link the stored file itself, signed for the viewer's session for
# OCOP_SECURE_LINK_SECONDS, and nginx's secure_link module checks the signature: no Python at all on the download;
# ocop.downloads.NGINX_SECURE_LINK_LOCATION is the location block), or empty (Django streams the file).
OCOP_SENDFILE = env.str("OCOP_SENDFILE", default="")
if OCOP_SENDFILE not in {"", "x-accel", "x-sendfile", "secure-link"}:
    raise ImproperlyConfigured("OCOP_SENDFILE must be empty, x-accel, x-sendfile or secure-link.")
OCOP_SENDFILE_PREFIX = env.str("OCOP_SENDFILE_PREFIX", default="/protected-media/")
OCOP_SECURE_LINK_PREFIX = env.str("OCOP_SECURE_LINK_PREFIX", default="/signed-media/")
OCOP_SECURE_LINK_SECRET = env.str("OCOP_SECURE_LINK_SECRET", default="")
OCOP_SECURE_LINK_SECONDS = env.int("OCOP_SECURE_LINK_SECONDS", default=300)
if OCOP_SENDFILE == "secure-link" and len(OCOP_SECURE_LINK_SECRET) < 32:
    raise ImproperlyConfigured("OCOP_SENDFILE=secure-link needs OCOP_SECURE_LINK_SECRET (32 characters or more).")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "ocop.staticfiles.CompressedManifestStaticFilesStorage"  # WhiteNoise's, each distinct file compressed once
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Source maps are fetched by a developer's browser tools only, and they are more than half of the bytes collected
# (18 of 33 MB, Swagger UI's and ReDoc's among them): compressing them (gzip and brotli at the highest level) took
# more than half of collectstatic's time at every deploy. WhiteNoise serves them uncompressed.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640
# The largest single evidence file a producer may upload (a scanned dossier of a few hundred pages).
OCOP_MAX_UPLOAD_BYTES = env_int("OCOP_MAX_UPLOAD_MB", 50) * 1024 * 1024
# Public pages (portal): requests per client address, counted in the cache (django-ratelimit syntax).
OCOP_PUBLIC_RATE = env.str("OCOP_PUBLIC_RATE", default="300/m")
if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", OCOP_PUBLIC_RATE):
    raise ImproperlyConfigured("OCOP_PUBLIC_RATE must look like 300/m (a count per s, m, h or d).")
# Complaints sent from a public product page (supervision): posts per client address.
OCOP_COMPLAINT_RATE = env.str("OCOP_COMPLAINT_RATE", default="5/h")
if not re.fullmatch(r"[1-9][0-9]*/[0-9]*[smhd]", OCOP_COMPLAINT_RATE):
    raise ImproperlyConfigured("OCOP_COMPLAINT_RATE must look like 5/h (a count per s, m, h or d).")
# Whether the public verification page says that a certificate is under an open remedy (D26 does not say so;
# a province may decide to publish it). Off by default: a revoked certificate already answers 410.
OCOP_PUBLIC_OPEN_REMEDY = env_bool("OCOP_PUBLIC_OPEN_REMEDY", False)

# Redis: Celery broker and cache when REDIS_URL is set; otherwise tasks run in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
# In-process tasks run after commit; a failing one is logged, not shown to the user whose change is saved.
# Tests set it to True (ocop/testing.py) so task errors fail the test.
CELERY_TASK_EAGER_PROPAGATES = env_bool("CELERY_TASK_EAGER_PROPAGATES", False)
CELERY_TIMEZONE = TIME_ZONE
# A worker that dies mid-task (SIGKILL, OOM, a lost machine) must not lose the task: it is acknowledged only
# when it ends (acks_late), a killed pool process gives it back at once (reject_on_worker_lost), and a message
# left unacknowledged by a whole dead worker comes back after the visibility timeout. Jobs are claimed with a
# heartbeat (ocop.services.job_claim), so a redelivered message of a job that is still alive does nothing.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A pool process warms the PDF renderer as it starts (worker_process_init, ocop/celery.py): 1–2.5 s on a busy
# machine. Celery kills a process that has not reported within 4 s by default and starts another, which warms
# again: on a loaded machine the worker then never gets a process up. A slow warm-up must not prevent the start.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = env_int("CELERY_WORKER_PROC_ALIVE_TIMEOUT", 60)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How often, in seconds, a worker looks for messages left unacknowledged longer than the visibility timeout and
# puts them back in the queue. kombu looks every 10 s but scans Redis only on every 10th look, so a dead worker's
# message waited up to 100 s past its timeout; here every look scans, and this setting is the whole period (the
# default keeps kombu's 100 s; the scan is one sorted-set read under a short Redis lock).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    "unacked_restore_interval": env_int("CELERY_RESTORE_SECONDS", 100),
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
}
if CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"] < 1:
    raise ImproperlyConfigured("CELERY_RESTORE_SECONDS must be 1 or more.")
# Publishing from a web request: give up quickly when the broker is down; the outbox row keeps the work
# (ocop.services.outbox_send) and beat's relay sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 0.5}
# A running job whose heartbeat is older than this belongs to a dead worker and may be claimed again.
OCOP_JOB_STALE_SECONDS = env_int("OCOP_JOB_STALE_SECONDS", 300)
# Certificates per chunk task of a decision's ZIP (certificates/services/batches.py): a larger batch is rendered
# in parallel chunk tasks; one that fits a chunk in the claiming task.
OCOP_CERTIFICATE_CHUNK = env_int("OCOP_CERTIFICATE_CHUNK", 50)
if REDIS_URL:
    # Redis down must not take the pages down: reads miss, writes do nothing (ocop.cache.ResilientRedisCache), and
    # an unreachable server (a network partition) costs at most a second before it is skipped for a while.
    CACHES = {
        "default": {
            "BACKEND": "ocop.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# E-mail: the console by default; EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production.
EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url_config(EMAIL_URL))
else:
    EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="OCOP <no-reply@ocop.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Reply-To of mails whose responsible office has no officer with an address (digests, council reminders).
EMAIL_REPLY_TO = env.list("EMAIL_REPLY_TO", default=[])

# The machine API (api/, /api/v1/): integration clients sign with a bearer token (api.authentication); errors are
# RFC 9457 problem details; each client is throttled on its own counter in the shared cache (Redis in production).
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ClientScope"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttles.ClientRateThrottle", "api.throttles.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "client": env.str("API_CLIENT_RATE", default="600/min"),
        "anonymous": env.str("API_ANONYMOUS_RATE", default="120/min"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiAutoSchema",
    "DEFAULT_METADATA_CLASS": "api.metadata.ApiMetadata",
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 1 if BEHIND_PROXY else 0),
}
# A client's token stops working this many days after it was issued (401, api.authentication); the system
# administrator renews it by issuing a new one (the admin's "rotate" action), which starts a new lifetime.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 180)
# The system administrators are warned (e-mail and in-app notice, once per token) this many days before a live token
# expires, so they can issue a new one before the integration is cut off (api.services.apiclients_warn_expiring).
API_TOKEN_WARN_DAYS = env_int("API_TOKEN_WARN_DAYS", 14)
SPECTACULAR_SETTINGS = {
    "TITLE": "OCOP API",
    "DESCRIPTION": gettext_lazy(
        "API v1 của hệ thống OCOP: dữ liệu công khai, tích hợp và đồng bộ với cơ sở dữ liệu OCOP quốc gia."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The operations, bodies and parameters are described in the reader's language (gettext, api/schema_texts.py
    # and the serializers' help texts); the docstrings are the developers' English and stay out of the schema.
    "DISABLE_DOCSTRING_DESCRIPTIONS": True,
    # A certificate's issuer and a past round's organiser are the same three levels: one schema name for both.
    "ENUM_NAME_OVERRIDES": {"IssuerLevelEnum": ["district", "province", "ministry"]},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_problem_responses",
        "api.schema.name_tags",
        "api.schema_texts.describe_operations",
    ],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# A list filter's select left as it is means every value: it says so ("Tất cả") instead of django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = gettext_lazy("Tất cả")

# Security: strict when DEBUG is off (manage.py check --deploy passes with a proper environment).
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO; keep its warnings only.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
