"""Arrimage settings: one module, driven by the environment (see .env.example)."""

import importlib.util
import tempfile
from decimal import Decimal
from pathlib import Path

import environ
import xstatic.pkg.bootstrap as xstatic_bootstrap
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _secret(name: str, development_default: str) -> str:
    """A secret from the environment; only DEBUG may fall back on a development value."""
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return development_default
    raise ImproperlyConfigured(
        f"{name} is not set. Set it in the environment or in .env "
        "(see .env.example), or set DJANGO_DEBUG=1 for local development."
    )


SECRET_KEY = _secret("DJANGO_SECRET_KEY", "dev-only-secret-key-not-for-production")
ARRIMAGE_PSEUDONYM_KEY = _secret("ARRIMAGE_PSEUDONYM_KEY", "dev-only-pseudonym-key")
# The keys of past rotations, the oldest first, comma-separated (territories.keyed_hash).
ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS = env.list("ARRIMAGE_PSEUDONYM_PREVIOUS_KEYS", default=[])

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# Indicator parameters (DESIGN.md section 6).
MIN_CELL_SIZE = env.int("MIN_CELL_SIZE", default=3)
PRIORITY_MARGIN = Decimal(env.str("PRIORITY_MARGIN", default="0.10"))
ESCAPE_DAYS = env.int("ESCAPE_DAYS", default=30)
LOOP_DAYS = env.int("LOOP_DAYS", default=90)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "importing",
    "territories",
    "referrals",
    "surveys",
    "indicators",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.idle.IdleSessionMiddleware",  # after auth and messages: it signs out, and says so
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "config.navigation.navigation",
            ],
        },
    },
]

# DATABASE_URL unset: an SQLite file in the project (zero set-up for `make run`).
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles the indicator queries anew each time: about 0.4 s spent
    # compiling for a 2 s query on a million referrals (BENCHMARKS.md). Our queries are
    # index lookups and aggregates, which it does not speed up.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "territories.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Argon2id (OWASP's first choice); the others only read older hashes, upgraded at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Retention (Law 25, manage.py purge_expired): a family is kept this many years after its last
# referral; a line of the consultation log this many days.
RETENTION_YEARS = env.int("ARRIMAGE_RETENTION_YEARS", default=7)
ACCESS_LOG_DAYS = env.int("ARRIMAGE_ACCESS_LOG_DAYS", default=365)

# Login throttling (django-axes, territories.lockout): this many failed attempts per user name
# and address, or per address whatever the names, lock them for the window (seconds).
LOGIN_MAX_FAILURES = env.int("LOGIN_MAX_FAILURES", default=5)
LOGIN_MAX_FAILURES_PER_ADDRESS = env.int("LOGIN_MAX_FAILURES_PER_ADDRESS", default=20)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)
# Our reverse proxies (nginx on the same server: 127.0.0.1): from them, the client's address
# is the X-Real-IP they set (territories.throttle.client_address). Empty: REMOTE_ADDR only.
TRUSTED_PROXIES = env.list("ARRIMAGE_TRUSTED_PROXIES", default=[])
AUTHENTICATION_BACKENDS = [
    "territories.lockout.LoginBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "territories.lockout.LoginLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = "territories.lockout.failure_limit"
AXES_COOLOFF_TIME = "territories.lockout.cool_off"
AXES_USERNAME_CALLABLE = "territories.lockout.username_of"
AXES_CLIENT_IP_CALLABLE = "territories.lockout.address_of"
AXES_LOCKOUT_CALLABLE = "territories.views.locked_out"
AXES_RESET_ON_SUCCESS = False  # the login view clears the pair only (territories.lockout)
AXES_DISABLE_ACCESS_LOG = True  # no log of every login's address and browser (Law 25)
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False
AXES_ENABLE_ADMIN = False  # typed names and addresses: `manage.py axes_list_attempts` instead
# Wrong one-time survey codes allowed per client address and window (seconds) before the family
# answer page refuses to check more (surveys.views.family).
SURVEY_CODE_MAX_FAILURES = env.int("SURVEY_CODE_MAX_FAILURES", default=10)
SURVEY_CODE_FAILURE_WINDOW_SECONDS = env.int("SURVEY_CODE_FAILURE_WINDOW_SECONDS", default=900)

CACHES = {"default": env.cache("DJANGO_CACHE_URL", default="locmemcache://")}

# Sessions expire after 30 minutes without activity (config.idle), after 8 hours however busy
# (a working day), and when the browser closes.
SESSION_IDLE_SECONDS = env.int("DJANGO_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "fr-ca"
LANGUAGES = [("fr-ca", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Served by WhiteNoise from STATIC_ROOT (collectstatic): in production, hashed names
# (cached for a year by browsers) and gzip/Brotli copies. ARRIMAGE_STATIC_MANIFEST=0 (the test
# suite, `make run`) serves them as they are, without collectstatic.
STATIC_MANIFEST = env.bool("ARRIMAGE_STATIC_MANIFEST", default=not DEBUG)
if STATIC_MANIFEST:  # static files, compressed and long-cached, right after SecurityMiddleware
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap 5 from the XStatic-Bootstrap package: no CDN (DESIGN.md section 2).
    ("vendor/bootstrap", xstatic_bootstrap.BASE_DIR),
    # plotly.js as the plotly package ships it (vendor/plotly/plotly.min.js): no CDN either.
    ("vendor/plotly", Path(importlib.util.find_spec("plotly").origin).parent / "package_data"),
]

# The import engine (importing/) imports none of the apps: what they do around an import is
# named here (see importing/services.py).
IMPORTING_AROUND_WRITES = "indicators.freshness.versions_raised_once"
IMPORTING_AUDIT = "territories.audit.record_import"

# The import page (/importer/): the largest file accepted, and the private directory where an
# uploaded file waits between its preview and its confirmation (a day at most). Never a
# directory the web server serves.
IMPORT_MAX_UPLOAD_BYTES = env.int("IMPORT_MAX_UPLOAD_BYTES", default=50 * 1024 * 1024)
IMPORT_UPLOAD_DIR = Path(
    env.str("IMPORT_UPLOAD_DIR", default=str(Path(tempfile.gettempdir()) / "arrimage-imports"))
)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # Load balancers check /sante/ over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# One JSON object a line on stderr (config.logs): time, level, logger, message, and for a
# request its method, path (never the query string) and status — no user, no address, no form.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}
