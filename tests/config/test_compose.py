"""docker-compose.yml and the Dockerfile describe a working production deployment."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    return (ROOT / "Dockerfile").read_text()


def _environment(service):
    """Compose allows environment as a mapping or as a list of KEY=value strings."""
    environment = service.get("environment", {})
    if isinstance(environment, list):
        return dict(item.split("=", 1) for item in environment)
    return environment


def _named_volumes(service):
    names = []
    for volume in service.get("volumes", []):
        source = volume["source"] if isinstance(volume, dict) else volume.split(":", 1)[0]
        if not source.startswith((".", "/", "~")):
            names.append(source)
    return names


def test_db_and_web_services_exist(compose):
    assert {"db", "web"} <= set(compose["services"])


def test_db_is_postgres_16_with_a_declared_named_volume(compose):
    db = compose["services"]["db"]
    assert db["image"] == "postgres:16"
    volumes = _named_volumes(db)
    assert volumes, "db must keep its data in a named volume"
    declared = compose.get("volumes") or {}
    for name in volumes:
        assert name in declared, f"volume {name!r} is not declared under top-level volumes"
    assert any(str(v).endswith(":/var/lib/postgresql/data") for v in db["volumes"]), (
        "the named volume must be mounted at PostgreSQL's data directory"
    )
    assert "healthcheck" in db


def test_web_builds_from_the_dockerfile(compose):
    build = compose["services"]["web"]["build"]
    if isinstance(build, str):
        context, dockerfile = build, "Dockerfile"
    else:
        context, dockerfile = build.get("context", "."), build.get("dockerfile", "Dockerfile")
    assert (ROOT / context / dockerfile).resolve() == (ROOT / "Dockerfile").resolve()


def test_web_depends_on_a_healthy_db(compose):
    depends_on = compose["services"]["web"]["depends_on"]
    assert "db" in depends_on
    if isinstance(depends_on, dict):
        assert depends_on["db"]["condition"] == "service_healthy"


def test_web_environment(compose):
    environment = _environment(compose["services"]["web"])
    database_url = urlsplit(environment["DATABASE_URL"])
    assert database_url.scheme in {"postgres", "postgresql"}
    assert database_url.hostname == "db"
    assert environment["SECRET_KEY"]
    assert str(environment["DEBUG"]).lower() == "false"


def test_dockerfile_installs_weasyprint_libraries(dockerfile):
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0"):
        assert package in dockerfile, f"Dockerfile does not install {package}"


def test_dockerfile_runs_gunicorn(dockerfile):
    assert "gunicorn" in dockerfile
    assert "config.wsgi" in dockerfile


def test_a_worker_runs_the_task_queue_with_the_web_environment(compose):
    services = compose["services"]
    worker = services["worker"]
    assert worker["command"] == ["python", "manage.py", "db_worker"]
    assert worker["image"] == services["web"]["image"]
    web_env, worker_env = _environment(services["web"]), _environment(worker)
    for key in ("DATABASE_URL", "SECRET_KEY", "MEDIA_ROOT", "SEAL_PKCS12_PATH", "TASKS_BACKEND"):
        assert worker_env[key] == web_env[key], key
    assert web_env["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert str(worker_env["DJANGO_MIGRATE"]).lower() == "false"
    # The worker writes the PDFs the web service serves: the same media volume.
    assert _named_volumes(worker) == _named_volumes(services["web"]) == ["media"]
    assert "db" in worker["depends_on"]


def test_the_seal_certificate_is_a_secret_of_web_and_worker(compose):
    assert "seal.p12" in compose["secrets"]
    for name in ("web", "worker"):
        service = compose["services"][name]
        assert "seal.p12" in service["secrets"]
        assert _environment(service)["SEAL_PKCS12_PATH"] == "/run/secrets/seal.p12"


def test_the_task_backend_in_compose_exists():
    from django.utils.module_loading import import_string

    assert import_string("django_tasks_db.DatabaseBackend")


def test_dockerfile_installs_the_print_fonts(dockerfile):
    assert "fonts-dejavu-core" in dockerfile
