"""What the load benchmarks share without Django: the production-like environment of a measured
server, a free port, gunicorn started and waited for, and a percentile of measured times
(bench/load.py, bench/page.py, bench/downloads.py, bench/cluster.py)."""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def production_environment(name: str, temp: Path) -> dict[str, str]:
    """Settings as in production (DEBUG off, no HTTPS on loopback), with the media, seal and
    e-mail of a throw-away directory `temp`; `name` tells the benchmark's secret apart."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": f"{name}-bench-only-not-a-secret-" + "x" * 30,
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "LOG_LEVEL": "WARNING",
        "MEDIA_ROOT": str(temp / "media"),
        "SEAL_PKCS12_PATH": str(temp / "seal.p12"),
        "SEAL_PKCS12_PASSWORD": f"{name}-bench",
        "EMAIL_URL": "memorymail://",  # the seed's e-mails, kept out of the report
        "ENV_FILE": str(temp / "no.env"),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    """gunicorn with the environment of this process, once it answers /gezond/."""
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "gunicorn", "config.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT,
        env={**os.environ},
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/gezond/", timeout=5).status_code == 200:
                return process
        except requests.RequestException:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)
    sys.exit(f"gunicorn did not start on port {port}")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
