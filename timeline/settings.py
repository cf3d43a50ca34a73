"""Settings, read from the environment with safe defaults.

DESIGN.md names the variables: DATABASE_URL, REDIS_URL, DJANGO_DEBUG, DJANGO_SECRET_KEY,
DJANGO_ALLOWED_HOSTS, EMBED_ALLOWED_ORIGINS; the operator's other knobs (proxies, rate
limits, login lockout, cache size) are listed in docs/operations.md. Nothing here is secret; a
production server without a secret key refuses to start.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from timeline.domain.providers import IMAGE_ORIGINS, PLAYER_ORIGINS
from timeline.reader import stylesheet

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")  # the tests set theirs in tests/settings.py
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is not set. Set it, or set DJANGO_DEBUG=1 for local development.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django_htmx",
    "simple_history",
    "django_ratelimit",
    "axes",
    "timeline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Compresses what the views send (HTML, JSON, CSV, ICS); whitenoise serves its own
    # precompressed static files, so it sits after this one. timeline/serving/compression.py says why
    # BREACH does not apply.
    "timeline.serving.compression.CompressPublicResponses",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reader pages asked for since the last edit, answered before the stack below runs.
    "timeline.reader.cached_pages.CachedPages",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "timeline.serving.throttling.RateLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes requires: turns a lockout into its page
]

ROOT_URLCONF = "timeline.urls"
WSGI_APPLICATION = "timeline.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite is the embedded default; PostgreSQL comes through DATABASE_URL. Each server thread keeps
# its connection between requests (DJANGO_CONN_MAX_AGE seconds), SQLite's too: opening one and
# running the PRAGMAs below took more than half of a page served from the cache.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while an editor saves; the busy timeout and
    # IMMEDIATE transactions turn lock contention into waiting, not errors.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-32000;"
            "PRAGMA mmap_size=134217728;"
            "PRAGMA temp_store=MEMORY;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded media: the local filesystem unless MEDIA_STORAGE names another Django storage backend
    # (e.g. storages.backends.s3.S3Storage, configured by its own settings), for servers that share nothing.
    "default": {"BACKEND": os.environ.get("MEDIA_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # Content-hashed names beside the plain ones, each with .gz and .br (Brotli) copies,
            # written by collectstatic (`make run` runs it; the tests keep plain storage).
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Hashed names are cached for ever ("immutable", whitenoise's own test against the manifest).
# This short lifetime is for the files that keep a plain name, chiefly the embed loader
# /static/timeline/embed.js, whose URL is printed in other sites' pages and never changes.
WHITENOISE_MAX_AGE = 300

# Uploaded media (timeline/domain/images.py). Local files are served by timeline/reader/views.media_file
# under content-addressed names, cached for a year; with a remote MEDIA_URL the storage serves them.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_MAX_UPLOAD_BYTES = int(os.environ.get("MEDIA_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
MEDIA_MAX_PIXELS = int(os.environ.get("MEDIA_MAX_PIXELS", 40_000_000))

# Security headers. Only embed routes may be framed (timeline.publishing.embed widens
# frame-ancestors for them); everything else refuses framing.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
# Behind HTTPS, set DJANGO_SECURE_COOKIES=1: secure cookies, HSTS, and a redirect of plain http to https.
# The TLS-terminating proxy in front must set X-Forwarded-Proto (README, "Running it").
HTTPS_ONLY = env_bool("DJANGO_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE = HTTPS_ONLY
SECURE_SSL_REDIRECT = HTTPS_ONLY
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = HTTPS_ONLY
if HTTPS_ONLY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, stylesheet.csp_source()],  # the stylesheet written into each page, by its hash
    # Media players and Commons images load only after a reader clicks (static/timeline/media.js).
    "img-src": [CSP.SELF, "data:", *IMAGE_ORIGINS, *([MEDIA_URL] if MEDIA_URL.startswith("https://") else [])],
    "frame-src": [CSP.SELF, *PLAYER_ORIGINS],  # self: the embed box's live preview
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Which origins may frame /t/<slug>/embed/: "*" (any) unless listed.
EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS", "*")

# The featured timeline on the home page; empty means the most recently
# updated published one.
TIMELINE_FEATURED_SLUG = os.environ.get("TIMELINE_FEATURED_SLUG", "")
TIMELINE_PAGE_SIZE = 50

# Fetching articles and TimelineJS files from URLs (timeline/fetching.py).
FETCH_TIMEOUT_SECONDS = 10
FETCH_DEADLINE_SECONDS = 20  # the whole fetch, redirects included: a server dripping bytes is cut off
FETCH_MAX_BYTES = 5 * 1024 * 1024
FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("FETCH_ALLOW_PRIVATE_ADDRESSES")
# Article text is capped at 2 MB (curation/intake.py); a form body up to 8 MB is read, so a
# longer paste gets that message beside its field instead of a bare 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024

# --- Caching, rate limits and login throttling (docs/operations.md) ---------------------------------
# One cache per process by default, bounded in memory (timeline/serving/bounded_cache.py); with REDIS_URL,
# one cache shared by every app server, so their rate-limit counters are shared too.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A stalled Redis costs a request 2 s, not a hung worker.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "timeline.serving.bounded_cache.BoundedLocMemCache",
            "OPTIONS": {
                "MAX_ENTRIES": 10_000,
                "CULL_FREQUENCY": 4,
                "MAX_BYTES": int(os.environ.get("DJANGO_CACHE_MAX_MB", "64")) * 2**20,
                "MAX_VALUE_BYTES": 2**20,
            },
        }
    }

# How many reverse proxies stand in front and append to X-Forwarded-For; 0 (no proxy) trusts
# only REMOTE_ADDR. Rate limits and login throttling both read the client through throttling.client_ip.
TRUSTED_PROXIES = int(os.environ.get("DJANGO_TRUSTED_PROXIES", "0"))

# Per-IP rate limits on the expensive routes (timeline/serving/throttling.py); every other route is unlimited.
RATE_LIMITS = {
    "print": os.environ.get("RATE_LIMIT_PRINT", "10/m"),  # ?view=print: every match on one page
    "exports": os.environ.get("RATE_LIMIT_EXPORTS", "30/m"),  # events.json/.csv/.ics, timelinejs.json, feed/
    "oembed": os.environ.get("RATE_LIMIT_OEMBED", "60/m"),
}
RATELIMIT_IP_META_KEY = "timeline.serving.throttling.client_ip"
RATELIMIT_FAIL_OPEN = True  # a cache outage must not lock every reader out
# django-ratelimit knows neither of our backends by name: Django's RedisCache increments with INCR,
# and the local cache under its lock, so counting is atomic in both.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Admin login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account,
# or from one address, further attempts are refused, with a page saying how long to wait
# (throttling.login_locked_out), until the cool-off has passed. Attempts are rows in the
# database, so every app server sees them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]  # either one alone locks: per address and per account
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "timeline.serving.throttling.client_ip"
AXES_LOCKOUT_CALLABLE = "timeline.serving.throttling.login_locked_out"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
