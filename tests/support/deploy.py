"""A production environment for a subprocess of manage.py or settings, without the test's."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Set by pytest-env, by the browser tests (DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy
# reports as an error) or by a developer's shell; a production environment relies on the
# defaults in config/settings.py instead.
UNSET = (
    "DJANGO_SETTINGS_MODULE",
    # The suite's own (pyproject.toml): production has the defaults.
    "SECOND_FACTOR",
    "REAUTHENTICATE_MINUTES",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "DATABASE_URL",
    "CONN_MAX_AGE",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_COOKIES",
    "SESSION_COOKIE_AGE",
    "STATICFILES_BACKEND",
    "MEDIA_STORAGE_BACKEND",
    "MEDIA_STORAGE_OPTIONS",
    "EMAIL_URL",
)


def production_env(tmp_path, **overrides):
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(
        DEBUG="false",
        ALLOWED_HOSTS="spelregels.example.nl",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "staticfiles"),
        MEDIA_ROOT=str(tmp_path / "media"),
        # A production machine has no developer's .env.
        ENV_FILE=str(tmp_path / "no.env"),
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}
