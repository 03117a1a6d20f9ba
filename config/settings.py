"""Spelregels settings: one file, every value read from the environment.

Defaults are safe for production (DEBUG off, secure cookies, HSTS). `make run` sets
DEBUG=true and a development secret key; see docs/deploy.md for the full list.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env (made by `make setup`, never committed) holds a development SECRET_KEY, so
# manage.py works without exporting anything; real environment variables always win.
environ.Env.read_env(os.environ.get("ENV_FILE", str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="" if not DEBUG else "dev-only-insecure-secret-key")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY moet gezet zijn wanneer DEBUG uit staat.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.apps.AdminConfig",  # Django's admin, with the site of accounts/admin_audit.py
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",  # the Woo sitemap's index template (agreements/public/woo.py)
    "django.contrib.postgres",
    "crispy_forms",
    "django_tasks",
    # Before django_tasks_db: its db_worker command (with leases) replaces the upstream one.
    "worker",
    "django_tasks_db",
    "axes",
    # The second factor's devices: TOTP and recovery codes (accounts/second_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "accounts",
    "notifications",
    "agreements",
    "api",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A signed link to a stored PDF is sent here, as WhiteNoise sends a static file, without
    # the stack below or the database (agreements/printing/links.py).
    "agreements.printing.links.SignedDownloadMiddleware",
    # The API's version header, and If-None-Match → 304 for its answers (api/middleware.py).
    "api.middleware.ApiResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "config.middleware.DirectionControlsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the user read along with the session (config/authentication.py).
    "config.authentication.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.AdminStylesMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "config.theme.theme",
                "notifications.context.bell",
            ],
        },
    },
]

# How often an open page asks for the bell's count (static/js/bell.js), in seconds.
BELL_POLL_SECONDS = env.int("BELL_POLL_SECONDS", default=30)

# The house style (config/theme.py): "spelregels" (our own NL Design System theme) or
# "voorbeeld" (the NL Design System example theme from npm).
THEME = env.str("SPELREGELS_THEME", default="spelregels")
if THEME not in ("spelregels", "voorbeeld"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SPELREGELS_THEME moet 'spelregels' of 'voorbeeld' zijn.")

# SQLite is the embedded default so a first `make run` needs no server; CI and production
# use PostgreSQL through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# Behind a pooler in transaction mode (PgBouncer's pool_mode = transaction: deploy/pgbouncer.ini)
# one session's statements may run on different server connections. A server-side cursor
# (Django's .iterator()) and a named prepared statement live on one server connection only, so
# PG_TRANSACTION_POOLING=true turns both off. PgBouncer from 1.21 on can keep prepared
# statements (max_prepared_statements); Debian 12 ships 1.18, which cannot. A pooler passes no
# startup options either: set random_page_cost on the database instead (docs/deploy.md).
PG_TRANSACTION_POOLING = env.bool("PG_TRANSACTION_POOLING", default=False)
if PG_TRANSACTION_POOLING:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not PG_TRANSACTION_POOLING:
    # PostgreSQL's default random_page_cost (4) assumes spinning disks; on SSDs and cached
    # databases 1.1 lets the planner use the search indexes. JIT compilation pays off for long
    # analytical queries, not for pages: on the overview at 100,000 agreements it cost 30 ms to
    # 1 s per query and saved nothing (docs/benchmarks.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        f"-c random_page_cost={env.float('PG_RANDOM_PAGE_COST', default=1.1)} -c jit=off",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "PG_PREPARED_STATEMENTS", default=not PG_TRANSACTION_POOLING
):
    # Server-side parameters, so that a precompiled query (agreements/precompiled.py) can be
    # prepared: PostgreSQL then plans it once per connection instead of on every request (the
    # agreement page's query: 0.9 ms of planning for 0.2 ms of execution). Nothing else is
    # prepared: a generic plan made the broadest registry search twice as slow. Off behind
    # PgBouncer in transaction mode (PG_TRANSACTION_POOLING above; docs/deploy.md).
    # psycopg prepares nothing by itself (a threshold no query reaches), only when asked to.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2**31 - 1}
    )
# The database roles (accounts/database_roles.py, docs/deploy.md): the owner runs the
# migrations, the application only reads and writes rows. DATABASE_ROLE: the role a connection
# takes on after logging in (SET ROLE), for when one login may act as either, as in
# development (`make run`) and the tests; production logs in as each role instead.
DATABASE_OWNER_ROLE = env.str("DATABASE_OWNER_ROLE", default="spelregels_owner")
DATABASE_APP_ROLE = env.str("DATABASE_APP_ROLE", default="spelregels_app")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.str(
    "DATABASE_ROLE", default=""
):
    DATABASES["default"].setdefault("OPTIONS", {})["assume_role"] = env.str("DATABASE_ROLE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Interface: Dutch first, English second.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")

# Media storage: the local file system by default; production sets MEDIA_STORAGE_BACKEND
# to an object-storage backend (for example storages.backends.s3.S3Storage) and its options.
STORAGES = {
    "default": {
        "BACKEND": env.str(
            "MEDIA_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"
        ),
        "OPTIONS": env.json("MEDIA_STORAGE_OPTIONS", default={}),
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        ),
    },
}

# Uploads (decision attachments, signed scans): PDFs of at most this size.
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# E-mail: the console in development, SMTP from EMAIL_URL in production.
vars().update(
    env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Spelregels <noreply@spelregels.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: production-safe unless DEBUG is on.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer's health check may ask over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^gezond/$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)  # one working day
# A session not used for this long ends (config/sessions.py), whatever its age.
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Django's database sessions in accounts.UserSession, read with their person in one query
# compiled once (config/sessions.py).
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy: only the application's own scripts, styles, images and fonts; no
# inline script, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Login throttling (django-axes, accounts/throttling.py): AXES_FAILURE_LIMIT failures of one
# address and e-mail address, LOGIN_ACCOUNTS_PER_ADDRESS accounts failed from one address
# (spraying), LOGIN_FAILURES_PER_ACCOUNT failures of one account from anywhere: each waits
# AXES_COOLOFF_MINUTES. Behind N trusted proxies set AXES_PROXY_COUNT=N (X-Forwarded-For read
# from the right); with 0 the header is ignored (docs/deploy.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Refuses spraying and many failures on one account before a password is checked.
    "accounts.throttling.Backend",
    # ModelBackend with the read of the session's user compiled once (config/authentication.py).
    "config.authentication.Backend",
    # Single sign-on through an organisation's identity provider (accounts/oidc.py).
    "accounts.oidc.Backend",
]
# mozilla-django-oidc (accounts/oidc.py), for every provider (endpoints, client: its row).
OIDC_RP_SCOPES = "openid email profile"
# The ID token is kept: its hint ends the provider's session at logout.
OIDC_USE_PKCE, OIDC_TIMEOUT, OIDC_STORE_ID_TOKEN = True, 10, True
OIDC_AUTHENTICATION_CALLBACK_URL = "sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "login"
# The second factor (accounts/second_factor.py) for password logins: "optional" (offered on
# the profile page), "roles" (required for ondertekenaars, beheerders and site staff; the
# default outside DEBUG) or "everyone". `manage.py check --deploy` warns when it is optional.
SECOND_FACTOR = env.str("SECOND_FACTOR", default="optional" if DEBUG else "roles")
if SECOND_FACTOR not in ("optional", "roles", "everyone"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECOND_FACTOR moet 'optional', 'roles' of 'everyone' zijn.")
# Signing and managing members ask for the password (and code) again after this long.
REAUTHENTICATE_MINUTES = env.int("REAUTHENTICATE_MINUTES", default=15)
OTP_TOTP_ISSUER = "Spelregels"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_ACCOUNTS_PER_ADDRESS = env.int("LOGIN_ACCOUNTS_PER_ADDRESS", default=8)
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", default=20)
API_TOKEN_FAILURE_LIMIT = env.int("API_TOKEN_FAILURE_LIMIT", default=20)  # api/authentication
# axes' failure log is what the limits above count.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The login form's field is called "username" even though people log in with their e-mail
# address (axes would look for "email", the user model's USERNAME_FIELD, and find nothing).
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
# The client's address as the API's rate limits read it; django-ipware took a forged
# X-Forwarded-For without any proxy configured.
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_address"
AXES_VERBOSE = False

# Absolute links in e-mails (invitations, password reset) are built from this address.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Per-process memory by default; several servers share one with CACHE_URL=redis://host:6379/1
# (Django's own RedisCache, through the redis package).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://spelregels")}
# Sessions in the database by default (config.sessions: Django's, with their person, listed on
# the profile page); several servers may keep them in the shared cache instead
# (SESSION_ENGINE=django.contrib.sessions.backends.cache with a Redis CACHE_URL), so a request
# needs no session query, but the profile page can then list no sessions (docs/deploy.md).
SESSION_ENGINE = env.str("SESSION_ENGINE", default="config.sessions")
# How long a rendered agreement document may be reused. Every draft save, adoption and
# signature changes the key at once; only the labels of role options and organisation names
# (edited in the admin or by the reference loader) can be stale this long.
DOCUMENT_CACHE_SECONDS = env.int("DOCUMENT_CACHE_SECONDS", default=600)
# How long the overview's counts (by status, layer and theme, and the number of items due) may
# be reused for the same set of organisations; the page says when they were counted. For a
# reader who sees 80,000 agreements they cost half a second (docs/benchmarks.md).
OVERVIEW_COUNTS_SECONDS = env.int("OVERVIEW_COUNTS_SECONDS", default=300)
# How long the version page's link to its stored PDF downloads it without reading the session
# or the reader's rights (agreements/printing/links.py, docs/design.md); after that the link
# takes the checked path. Rights taken away reach a link already shown only this much later.
DOWNLOAD_LINK_SECONDS = env.int("DOWNLOAD_LINK_SECONDS", default=600)

# Background work (rendering PDFs). Development and tests run tasks at once; production sets
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and runs `manage.py db_worker` (docker-compose
# service "worker").
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# A task worker beats every third of this many seconds; a RUNNING task whose worker has not
# beaten for this long is queued again (worker/leases.py). Longer than a pause of the database.
TASK_LEASE_SECONDS = env.int("TASK_LEASE_SECONDS", default=30)

# The application's seal (PAdES B-LTA, docs/deploy.md): a PKCS#12 file (certificate and key)
# with which every fully signed PDF is sealed, a time-stamping service (RFC 3161) and the trust
# anchors (PEM files) of the seal's and the timestamps' chains. The defaults are the local test
# PKI (deploy/pki/, `manage.py serve_pki`, a process of `make run`): `manage.py
# create_seal_certificate` generates its keys under LOCAL_PKI_DIR and exports the seal and the
# root certificate to the default paths below.
LOCAL_PKI_CONFIG = env.path(
    "LOCAL_PKI_CONFIG", default=BASE_DIR / "deploy" / "pki" / "certomancer.yml"
)
LOCAL_PKI_DIR = env.path("LOCAL_PKI_DIR", default=BASE_DIR / "var" / "pki")
LOCAL_PKI_URL = env.str("LOCAL_PKI_URL", default="http://127.0.0.1:8090")
SEAL_PKCS12_PATH = env.path("SEAL_PKCS12_PATH", default=BASE_DIR / "var" / "seal-dev.p12")
SEAL_PKCS12_PASSWORD = env.str("SEAL_PKCS12_PASSWORD", default="spelregels-dev")
# Or the seal's key on a PKCS#11 token (an HSM, smartcard or SoftHSM): the module (.so), the
# token's label, the label of the key and its certificate on it, and the user PIN. When
# SEAL_PKCS11_MODULE is set, the PKCS#12 settings are not used.
SEAL_PKCS11_MODULE = env.str("SEAL_PKCS11_MODULE", default="")
SEAL_PKCS11_TOKEN_LABEL = env.str("SEAL_PKCS11_TOKEN_LABEL", default="")
SEAL_PKCS11_KEY_LABEL = env.str("SEAL_PKCS11_KEY_LABEL", default="zegel")
SEAL_PKCS11_PIN = env.str("SEAL_PKCS11_PIN", default="")
SEAL_TSA_URL = env.str("SEAL_TSA_URL", default=LOCAL_PKI_URL.rstrip("/") + "/spelregels/tsa/tsa")
SEAL_TRUST_ROOTS = env.list(
    "SEAL_TRUST_ROOTS", default=[str(Path(str(LOCAL_PKI_DIR)) / "root.pem")]
)
# `manage.py refresh_timestamps` adds a document timestamp to a sealed PDF whose last timestamp's
# certificate expires within this many days.
SEAL_TIMESTAMP_RENEWAL_DAYS = env.int("SEAL_TIMESTAMP_RENEWAL_DAYS", default=365)

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nlds",)
CRISPY_TEMPLATE_PACK = "nlds"
# crispy adds the widget's name as a class; map it to the Utrecht component class instead.
_TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
CRISPY_CLASS_CONVERTERS = {
    **dict.fromkeys(
        [
            "textinput",
            "emailinput",
            "passwordinput",
            "numberinput",
            "urlinput",
            "dateinput",
            "datetimeinput",
            "timeinput",
        ],
        _TEXTBOX,
    ),
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    **dict.fromkeys(
        ["select", "selectmultiple", "nullbooleanselect"],
        "utrecht-select utrecht-select--html-select",
    ),
    "checkboxinput": "utrecht-checkbox utrecht-checkbox--html-input",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO; pikepdf says at INFO that it started its
    # logger bridge, at the start of every command and server.
    "loggers": {"weasyprint": {"level": "WARNING"}, "pikepdf": {"level": "WARNING"}},
}


# The REST API (api/): session or personal token; JSON and the browsable API; pages of 25.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    # JSON only, without direction-control characters in its strings (accounts/text.py). Form
    # and multipart bodies are refused (415): the schema declared all three for every body, so
    # a generated client could not write, and those parsers kept the control characters.
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: the browsable API built forms from querysets these views do not have, and
    # answered 500 to a person opening a list in a browser; /api/v1/docs documents the API.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Rate limits (api/throttling.py): 429 with Retry-After past them.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerToken", "api.throttling.PerAddress"],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_TOKEN", default="600/minute"),
        "anonymous": env.str("API_RATE_ANONYMOUS", default="120/minute"),
    },
    # The client's address as django-axes reads it: behind AXES_PROXY_COUNT proxies, from
    # X-Forwarded-For; without proxies, the connection's (a forged header counts for nothing).
    "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT,
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # OPTIONS would describe forms from querysets these views do not have; not offered.
    "DEFAULT_METADATA_CLASS": None,
}
# Archive hand-off (agreements/printing/handoff.py): the selectielijst class under which a signed
# version goes to the archive: the list's name, the class's code and label, its valuation (B:
# keep for ever, V: destroy after `years`). Set per installation (docs/deploy.md).
ARCHIVE_SELECTIELIJST = env.json(
    "ARCHIVE_SELECTIELIJST",
    default={
        "name": "Selectielijst van de organisatie",
        "code": "",
        "label": "Samenwerkingsafspraken",
        "waardering": "B",
        "years": None,
    },
)

# Webhooks (api/webhooks.py): tries per event, the waits between them, and a try's timeout.
# Outside DEBUG a webhook's URL must be public https unless WEBHOOK_ALLOW_PRIVATE_URLS is set
# (the tests' receiver on loopback).
WEBHOOK_ATTEMPTS = env.int("WEBHOOK_ATTEMPTS", default=6)
WEBHOOK_BACKOFF_SECONDS = [
    int(seconds)
    for seconds in env.list("WEBHOOK_BACKOFF_SECONDS", default=["10", "60", "300", "1800", "7200"])
]
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_ALLOW_PRIVATE_URLS = env.bool("WEBHOOK_ALLOW_PRIVATE_URLS", default=DEBUG)
# The API's full version (semver), in every answer's API-Version header and in the schema; the
# major version is in the path (/api/v1/).
API_VERSION = "1.0.0"
SPECTACULAR_SETTINGS = {
    "TITLE": "Spelregels API",
    "DESCRIPTION": "Samenwerkingsafspraken van overheden: register, versies, besluiten, tijdlijn.",
    "VERSION": API_VERSION,
    # Who answers questions about the API (the NLGov API Design Rules ask for a name, an e-mail
    # address and a URL): the installation's own, set per deployment (docs/deploy.md).
    "CONTACT": {
        "name": env.str("API_CONTACT_NAME", default="Beheer Spelregels"),
        "email": env.str("API_CONTACT_EMAIL", default="beheer@spelregels.example.nl"),
        "url": env.str("API_CONTACT_URL", default=SITE_URL),
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Without deep links an operation's summary holds no link inside its button (axe:
    # nested-interactive); templates/drf_spectacular/swagger_ui.html holds no inline style.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    # OpenAPI 3.1: JSON Schema's own types, so a field that takes text or a number says so.
    "OAS_VERSION": "3.1.0",
    # The paths relative to the API's base, whose URL holds the major version (/core/uri-version).
    "SERVERS": [{"url": "/api/v1", "description": "Deze installatie"}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.version_header",
        "api.schema.problem_responses",
        "api.schema.dutch_operations",
        "api.sections.document_definitions",
    ],
}
