"""Settings of the test OpenID Connect provider; everything that differs per instance comes
from the environment (tests/support/oidc.py)."""

import os

SECRET_KEY = os.environ["PROVIDER_SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_URL = os.environ["PROVIDER_SITE_URL"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oidc_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
ROOT_URLCONF = "tests.support.oidc_provider.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ["PROVIDER_DB"]}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
LOGIN_URL = "/login/"
# Each provider's own session cookie, so that two on 127.0.0.1 do not share one.
SESSION_COOKIE_NAME = f"provider_{os.environ['PROVIDER_NAME']}"
CSRF_COOKIE_NAME = f"provider_csrf_{os.environ['PROVIDER_NAME']}"
OIDC_USERINFO = "tests.support.oidc_provider.claims.userinfo"
OIDC_IDTOKEN_INCLUDE_CLAIMS = True
OIDC_SESSION_MANAGEMENT_ENABLE = False
# How long an authorization code lives (seconds): short for the test of an expired code.
OIDC_CODE_EXPIRE = int(os.environ.get("PROVIDER_CODE_EXPIRE", "600"))
LOGGING = {"version": 1, "disable_existing_loggers": True}
