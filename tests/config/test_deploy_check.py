"""`manage.py check --deploy` passes with a production environment."""

import secrets
import subprocess
import sys

import pytest

from tests.support.deploy import ROOT, production_env


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
    result = _check(production_env(tmp_path, SECRET_KEY=secrets.token_urlsafe(64)))
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output
    assert "ERRORS" not in output


def test_production_without_secret_key_fails(tmp_path):
    result = _check(production_env(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY moet gezet zijn" in result.stdout + result.stderr


@pytest.mark.django_db
def test_postgresql_connections_use_an_ssd_random_page_cost_and_no_jit(settings):
    """The registry's search relies on the planner choosing its indexes, and JIT compilation
    only slows the overview's queries down (docs/benchmarks.md)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW random_page_cost")
            assert float(cursor.fetchone()[0]) == 1.1
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
    else:
        # The PostgreSQL-only option must not reach other databases.
        assert "options" not in settings.DATABASES["default"].get("OPTIONS", {})
