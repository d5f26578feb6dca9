"""Settings for certify, read from the environment.

Local defaults are safe for development (DEBUG on, SQLite under var/, development keys generated
under var/ on first use). With DEBUG off the process refuses to start without its secrets.
"""

import ipaddress
from pathlib import Path
from urllib.parse import unquote, urlsplit

from cryptography.fernet import Fernet
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from certify.devkeys import development_keys
from certify.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CERTIFY_VAR_DIR", str(BASE_DIR / "var")))
# Uploaded documents, installed form editions and generated PDFs: never under a served path.
PRIVATE_STORAGE_DIR = Path(env_str("CERTIFY_PRIVATE_DIR", str(VAR_DIR / "private")))

DEBUG = env_bool("DEBUG", True)
TESTING = env_bool("CERTIFY_TESTING", False)

if DEBUG:
    _dev = development_keys(VAR_DIR)
    SECRET_KEY = env_str("SECRET_KEY") or _dev["secret_key"]
    FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS") or [_dev["field_key"]]
    BLIND_INDEX_KEY = env_str("BLIND_INDEX_KEY") or _dev["blind_index_key"]
else:
    SECRET_KEY = env_str("SECRET_KEY")
    FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
    BLIND_INDEX_KEY = env_str("BLIND_INDEX_KEY")
    _missing = [
        name
        for name, value in (
            ("SECRET_KEY", SECRET_KEY),
            ("FIELD_ENCRYPTION_KEYS", FIELD_ENCRYPTION_KEYS),
            ("BLIND_INDEX_KEY", BLIND_INDEX_KEY),
            ("ALLOWED_HOSTS", env_list("ALLOWED_HOSTS")),
        )
        if not value
    ]
    if _missing:
        raise ImproperlyConfigured(
            "With DEBUG off these settings must come from the environment: " + ", ".join(_missing)
        )
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")

# `manage.py backup` encrypts its archive with the first of these Fernet keys (newest first);
# `restore` tries each. Needed only by those two commands.
BACKUP_KEYS = env_list("BACKUP_KEYS")


def _check_keys(field_keys: list[str], blind_index_key: str) -> None:
    """Malformed keys stop the process here, not at the first encrypted read or write."""
    for position, key in enumerate(field_keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {position} is not a url-safe base64 Fernet key "
                "(32 random bytes, base64-encoded; see README)"
            ) from None
    if len(blind_index_key.encode()) < 32:
        raise ImproperlyConfigured("BLIND_INDEX_KEY must be at least 32 bytes long")


_check_keys(FIELD_ENCRYPTION_KEYS, BLIND_INDEX_KEY)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so it can patch the admin's forms.
    "modeltranslation",
    # The admin site requires a verified second factor.
    "certify.site.accounts.apps.CertifyAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "formtools",
    "django_q",
    "phonenumber_field",
    "rules.apps.AutodiscoverRulesConfig",
    # Before certify's apps: certify.site.admin replaces the admin pages these register.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "certify.records.apps.RecordsConfig",
    "forms.apps.FederalFormsConfig",
    "workflows",
    "certify.site.apps.SiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "certify.site.accounts.middleware.OneAddressWatch",
    "csp.middleware.CSPMiddleware",
    "certify.site.accounts.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware's host check: probes come by the server's own address.
    "certify.site.middleware.HealthProbeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything that asks the access policy: its answers come from the session.
    "certify.site.accounts.snapshot.AccessSnapshotMiddleware",
    "certify.site.sessions.AnonymousSessionMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After OTP (is_verified) and messages (the idle sign-out says why).
    "certify.site.accounts.middleware.StaffIdleTimeoutMiddleware",
    "certify.site.accounts.middleware.RequireSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "certify.site.middleware.NoStoreMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "certify.urls"
WSGI_APPLICATION = "certify.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "certify.site.context_processors.site",
            ],
        },
    },
]


def _database_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(f"DATABASE_URL must be a postgres:// URL, got {parts.scheme!r}")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL must name a database")
    # PostgreSQL's JIT compiles the report queries for longer than they take to run (about
    # 2 s of compiling for a 200 ms California report at 100,000 requests): off for ours.
    options: dict = {"options": "-c jit=off"}
    pool_size = env_int("DATABASE_POOL_SIZE", 0)
    if pool_size:
        # psycopg's pool, one per process: the threads of a worker share pool_size connections.
        # Django requires CONN_MAX_AGE 0 with it (the pool keeps the connections).
        options["pool"] = {"min_size": 1, "max_size": pool_size, "timeout": 10}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": 0 if pool_size else env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": not pool_size,
        "OPTIONS": options,
    }


if env_str("DATABASE_URL"):
    DATABASES = {"default": _database_from_url(env_str("DATABASE_URL"))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "certify.sqlite3",
            # WAL and IMMEDIATE transactions keep the web process and the q cluster from
            # tripping over "database is locked" on one SQLite file.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "certify.User"
AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires: it refuses a locked-out account before any password check.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    # Hashing dominates a suite full of sign-ins; production keeps the default hasher.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Sessions live in the database: victims' answers must never travel in a signed cookie.
SESSION_ENGINE = "certify.site.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
# Without a signed-in person (the wizard before an account): ended after this much idle time,
# and the cookie ends with the browser (certify.site.sessions).
ANONYMOUS_SESSION_IDLE_SECONDS = env_int("ANONYMOUS_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en"
# Each language is offered under its own name, in its own script (the switch and the account's
# preferred language show name_local); Arabic is written right to left (base.html sets dir).
LANGUAGES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh-hans", _("Simplified Chinese")),
    ("vi", _("Vietnamese")),
    ("ko", _("Korean")),
    ("tl", _("Tagalog")),
    ("ar", _("Arabic")),
]
# Django knows no Tagalog: get_language_info needs its names and direction. Chinese and Arabic
# are named as their readers write them in a menu.
LANG_INFO.update(
    {
        "tl": {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"},
        "zh-hans": {**LANG_INFO["zh-hans"], "name_local": "中文（简体）"},
        "ar": {**LANG_INFO["ar"], "name_local": "العربية"},
        # Django's name is decomposed (e + combining marks); composed, it matches what people type.
        "vi": {**LANG_INFO["vi"], "name_local": "Tiếng Việt"},
    }
)
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_I18N = True
# Dates in full, month first, in English ("April 26, 1983"): certify.site.formats.
FORMAT_MODULE_PATH = ["certify.site.formats"]
TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# The refused-form page in the visitor's language, never Django's English one.
CSRF_FAILURE_VIEW = "certify.site.views.csrf_failure"

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request otherwise
WHITENOISE_USE_FINDERS = DEBUG or TESTING
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_DIR / "files"},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Uploads stay in memory up to DOCUMENT_MAX_BYTES and are never written in clear to a temporary
# file (certify.site.uploads). Should another handler ever be configured, its temporary files go
# to a private folder that the sweep empties of anything older than an hour.
FILE_UPLOAD_HANDLERS = ["certify.site.uploads.CappedMemoryUploadHandler"]
FILE_UPLOAD_TEMP_DIR = str(PRIVATE_STORAGE_DIR / "uploading")
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True, mode=0o700)  # checked by Django
DATA_UPLOAD_MAX_NUMBER_FILES = 4
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
# How long a sign-up's confirmation link and a second-factor set-up link work (seconds).
ACCOUNT_ACTIVATION_MAX_AGE_SECONDS = env_int("ACCOUNT_ACTIVATION_MAX_AGE_SECONDS", 24 * 60 * 60)
SECOND_FACTOR_ENROLMENT_MAX_AGE_SECONDS = env_int(
    "SECOND_FACTOR_ENROLMENT_MAX_AGE_SECONDS", 72 * 60 * 60
)
# An invitation to join an agency or organisation, and the link confirming a request to join.
INVITATION_MAX_AGE_SECONDS = env_int("INVITATION_MAX_AGE_SECONDS", 7 * 24 * 60 * 60)
JOIN_CONFIRMATION_MAX_AGE_SECONDS = env_int("JOIN_CONFIRMATION_MAX_AGE_SECONDS", 48 * 60 * 60)
DRAFT_EXPIRY_DAYS = env_int("DRAFT_EXPIRY_DAYS", 60)
# Where no law sets a deadline and the agency has published no target of its own, the response
# clock uses this many calendar days, always shown as policy, not law. A choice of whoever runs
# the site, not a legal figure: shorter than the 90 days most state laws give, so an agency
# without a law is asked for no less than those states ask.
CERTIFY_DEFAULT_TARGET_DAYS = env_int("CERTIFY_DEFAULT_TARGET_DAYS", 60)
# Fill the generated stand-in (marked NOT THE OFFICIAL USCIS FORM) for signing when the official
# edition is not installed: the demo and development only. Production refuses and says how to
# install the official file (manage.py install_form_edition PATH).
FORMS_ALLOW_STANDIN = env_bool("FORMS_ALLOW_STANDIN", DEBUG)

PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# For django.core.mail.backends.filebased.EmailBackend (make prod-check reads what it writes).
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "certify <no-reply@localhost>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

Q_CLUSTER = {
    "name": "certify",
    "orm": "default",
    "workers": env_int("Q_WORKERS", 2),
    # A task may run for at most `timeout` seconds; an unacknowledged one is handed out again
    # only after `retry`, which must be longer or a slow task would run twice at once.
    "timeout": 120,
    "retry": 300,
    "max_attempts": 3,
    # Missed runs of the periodic sweep must not be replayed one by one after downtime.
    "catch_up": False,
    "save_limit": 250,
    "poll": 1,
    "sync": TESTING,
    "scheduler": env_bool("Q_SCHEDULER", True),
}

# Production hardening, all of which `manage.py check --deploy` looks for.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if not DEBUG else None
SECURE_SSL_REDIRECT = not DEBUG and env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe over plain HTTP; the probes carry nothing personal.
SECURE_REDIRECT_EXEMPT = [r"^health/(live|ready)$", r"^healthz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # The request logger prints full URLs; certify keeps victim data out of URLs, and the
        # access log of gunicorn is the place for request lines in production.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},  # one INFO line per sign-in otherwise
    },
}

# Error reporting (optional): Sentry's SDK, with personal data scrubbed before an event leaves
# (certify.error_reporting). Off unless SENTRY_DSN is set.
SENTRY_DSN = env_str("SENTRY_DSN")
if SENTRY_DSN:
    from certify import error_reporting  # noqa: E402 - only when configured

    error_reporting.start(
        SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "development" if DEBUG else "production"),
        release=env_str("SENTRY_RELEASE") or None,
    )

# Demo and tests share one password for their fictional users; never used in production.
DEMO_PASSWORD = "certify-demo-2026"  # noqa: S105 - public, demo only


# --- Hardening ---
# Second factor (django-otp): TOTP apps plus one-time backup codes. Required for agency staff
# and site admins by certify.site.accounts.middleware.RequireSecondFactorMiddleware.
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "certify")
OTP_BACKUP_CODE_COUNT = 10
# The demo users' shared TOTP secret (base32), documented in README.md; public and for the
# demo only, like DEMO_PASSWORD.
DEMO_TOTP_SECRET = "CERTIFYDEMOSECRETKEYFORDEMOUSERS"  # noqa: S105 - public, demo only

# Lockout (django-axes): per account *and* address, so one attacker cannot lock a person out
# from everywhere and a shared address (a station house) does not lock out its colleagues.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours, as axes expects
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "certify/security/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "certify.records.client.client_ip"
# axes would read the User model's USERNAME_FIELD ("email"); the sign-in form posts "username".
AXES_USERNAME_CALLABLE = "certify.site.accounts.ratelimit.sign_in_username"
# The lockout page speaks plainly; it must not also say whether the account exists.
AXES_VERBOSE = False
# How many of our own proxies append to X-Forwarded-For (0: REMOTE_ADDR is the client), and
# the networks they sit in: X-Forwarded-For is believed only from a hop inside these.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXY_NETWORKS = env_list(
    "TRUSTED_PROXY_NETWORKS",
    ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"],
)
try:
    for _network in TRUSTED_PROXY_NETWORKS:
        ipaddress.ip_network(_network, strict=False)
except ValueError as _error:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_NETWORKS: {_error}") from None
# With no proxy trusted, a warning is logged once when every request of this many in a row
# comes from one address (certify.site.accounts.middleware.OneAddressWatch).
ONE_ADDRESS_WINDOW = env_int("ONE_ADDRESS_WINDOW", 0 if DEBUG or TESTING else 200)
SILENCED_SYSTEM_CHECKS = env_list("SILENCED_SYSTEM_CHECKS")

# Rate limits of public endpoints (certify.site.accounts.ratelimit) count in the cache. Files under
# var/ are shared by every worker process of one machine without any table to create; tests use
# memory so no count outlives a test run. Several hosts share the database's cache table, or a
# Redis server (REDIS_URL), whose counters alone go up atomically under concurrent attempts.
RATE_LIMIT_ENABLED = env_bool("RATE_LIMIT_ENABLED", True)
_CACHE = env_str("CACHE", "locmem" if TESTING else "file")
if _CACHE not in {"locmem", "file", "database", "redis"}:
    raise ImproperlyConfigured(f"CACHE must be locmem, file, database or redis, got {_CACHE!r}")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
CACHES = {
    "default": {
        "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "file": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        },
        "database": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "certify_cache",  # `manage.py createcachetable` once
        },
        "redis": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "certify",
        },
    }[_CACHE]
}

# Quick exit (certify.site.safety): the neutral outside page the button leaves for. The form
# without JavaScript is redirected there, so its origin is allowed as a form target below.
QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.weather.gov/")
_QUICK_EXIT_ORIGIN = "/".join(QUICK_EXIT_URL.split("/")[:3])

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere.
from csp.constants import NONE, SELF  # noqa: E402 - kept with the block it configures

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF, _QUICK_EXIT_ORIGIN],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Sessions of agency staff and site admins end after 30 idle minutes; signing or denying asks
# for the password (and code) again when the last proof is older than the view's limit.
STAFF_IDLE_TIMEOUT_SECONDS = env_int("STAFF_IDLE_TIMEOUT_SECONDS", 30 * 60)

# Retention: days after a request closes (closed_at, set when it reaches a closed status) before
# its personal data and documents are purged by workflows.retention.purge_expired.
RETENTION_DAYS_AFTER_CLOSE = {
    "certified": env_int("RETENTION_DAYS_CERTIFIED", 3 * 365),
    "denied": env_int("RETENTION_DAYS_DENIED", 3 * 365),
    "cert_withdrawn": env_int("RETENTION_DAYS_CERT_WITHDRAWN", 3 * 365),
    "withdrawn": env_int("RETENTION_DAYS_WITHDRAWN", 365),
    "returned": env_int("RETENTION_DAYS_RETURNED", 365),
}
for _status, _days in RETENTION_DAYS_AFTER_CLOSE.items():
    if _days < 1:
        raise ImproperlyConfigured(f"The retention period for {_status} must be at least 1 day")

# Uploads: at most this many documents per request, and this many pixels per image (Pillow's
# decompression-bomb guard would otherwise allow about 179 million).
DOCUMENT_MAX_PER_REQUEST = env_int("DOCUMENT_MAX_PER_REQUEST", 20)
DOCUMENT_MAX_PIXELS = env_int("DOCUMENT_MAX_PIXELS", 40_000_000)
# Checking one PDF for active content may take at most this many seconds (then it is refused).
PDF_CHECK_SECONDS = env_int("PDF_CHECK_SECONDS", 10)
