"""`manage.py check --deploy` passes with a production environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Set by pytest-env, by `make test` (DJANGO_ALLOW_ASYNC_UNSAFE, which check --deploy reports
# as an error) or by a developer's shell; a production environment relies on the defaults
# in config/settings.py instead.
UNSET = (
    "DJANGO_SETTINGS_MODULE",
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


def _production_env(tmp_path, **overrides):
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


def _check(env):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_in_production(tmp_path):
    result = _check(_production_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(64)))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


def test_production_without_secret_key_fails(tmp_path):
    result = _check(_production_env(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY moet gezet zijn" in result.stdout + result.stderr


@pytest.mark.django_db
def test_postgresql_connections_use_an_ssd_random_page_cost(settings):
    """The registry's search relies on the planner choosing its indexes (docs/benchmarks.md)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW random_page_cost")
            assert float(cursor.fetchone()[0]) == 1.1
    else:
        # The PostgreSQL-only option must not reach other databases.
        assert "options" not in settings.DATABASES["default"].get("OPTIONS", {})
