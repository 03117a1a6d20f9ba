"""Shared by the benchmarks: Django set up for a run, and a fresh, migrated database."""

import os
import sys
import warnings

import psycopg
from django.conf import settings
from django.core.management import call_command

# The settings of a benchmark, where the environment does not say otherwise.
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "bench-only-not-a-secret",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "LOG_LEVEL": "WARNING",
}


def setup_django(**overrides: str) -> None:
    """Set up Django with ENVIRONMENT as defaults and `overrides` over everything."""
    for name, value in ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    os.environ.update(overrides)
    # Static files are served from the finders; there is no collectstatic output to look at.
    warnings.filterwarnings("ignore", message="No directory at")
    import django

    django.setup()


def recreate_database() -> None:
    """Drop and create the database of DATABASE_URL (its name must contain "bench"), migrate."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql" or "bench" not in db["NAME"]:
        sys.exit("Use a PostgreSQL DATABASE_URL whose database name contains 'bench'.")
    params = {
        "dbname": "postgres",
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    name = db["NAME"].replace('"', "")
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
