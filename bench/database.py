"""Shared by the benchmarks: a fresh, migrated database for one run."""

import sys

import psycopg
from django.conf import settings
from django.core.management import call_command


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
