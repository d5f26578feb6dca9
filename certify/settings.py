"""Settings for certify, read from the environment.

Local defaults are safe for development (DEBUG on, SQLite under var/, development keys generated
under var/ on first use). With DEBUG off the process refuses to start without its secrets.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

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

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation must come before the admin so it can patch the admin's forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "formtools",
    "django_q",
    "phonenumber_field",
    "rules.apps.AutodiscoverRulesConfig",
    "certify",
    "forms.apps.FederalFormsConfig",
    "workflows",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "certify.middleware.NoStoreForPersonalPagesMiddleware",
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
                "certify.context_processors.site",
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
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": env_int("DATABASE_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
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
SESSION_ENGINE = "certify.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

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
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
DRAFT_EXPIRY_DAYS = env_int("DRAFT_EXPIRY_DAYS", 60)

PHONENUMBER_DEFAULT_REGION = "US"
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
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
    },
}

# Demo and tests share one password for their fictional users; never used in production.
DEMO_PASSWORD = "certify-demo-2026"  # noqa: S105 - public, demo only
