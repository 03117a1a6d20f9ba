"""What the load benchmarks share: the production-like environment of a measured server, the
local test PKI that seals their PDFs, a free port, gunicorn started and waited for, and a
percentile of measured times (bench/load.py, bench/page.py, bench/downloads.py,
bench/cluster.py, bench/pdf.py). Only `serve_local_pki` needs Django (set up first)."""

import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parent.parent

# wrk's Lua hooks: count every answer but the expected one (200; a 302 to the login page would
# otherwise pass) and print the summary as one JSON line (the latencies in microseconds).
_WRK_SCRIPT = """
bad = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function response(status, headers, body) if status ~= EXPECTED then bad = bad + 1 end end
function done(summary, latency, requests)
  local wrong = 0
  for _, thread in ipairs(threads) do wrong = wrong + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %f, "bytes": %d, "errors": %d, "p50": %d, "p90": %d,'
    .. ' "p99": %d, "max": %d}\\n',
    summary.requests, summary.duration / 1e6, summary.bytes,
    wrong + e.connect + e.read + e.write + e.timeout + e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def wrk_script(expected: int = 200) -> str:
    """The Lua script for wrk that counts every answer but `expected` as an error."""
    return _WRK_SCRIPT.replace("EXPECTED", str(expected))


WRK_SCRIPT = wrk_script(200)


def wrk_one_at_a_time(url: str, headers: dict[str, str], seconds: float, script: Path) -> dict:
    """One wrk run with one thread and one connection (one request at a time) and the Lua
    `script` of `wrk_script`; its JSON summary with p50 and p90 in ms."""
    flags = [part for name, value in headers.items() for part in ("-H", f"{name}: {value}")]
    output = subprocess.run(  # noqa: S603
        [shutil.which("wrk") or "/usr/bin/wrk", "-t1", "-c1", f"-d{seconds:g}s",
         "--timeout", "30s", *flags, "-s", str(script), url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    result = json.loads(output.strip().splitlines()[-1])
    for key in ("p50", "p90"):
        result[key] /= 1000
    return result


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
        **pki_environment(name, temp),
        "EMAIL_URL": "memorymail://",  # the seed's e-mails, kept out of the report
        "ENV_FILE": str(temp / "no.env"),
    }


def pki_environment(name: str, temp: Path) -> dict[str, str]:
    """The seal of a benchmark: the local test PKI with its keys under `temp`, on a free port
    (`serve_local_pki` serves it); sealing takes its TSA and trusts its root (the settings'
    defaults derived from LOCAL_PKI_DIR and LOCAL_PKI_URL)."""
    return {
        "LOCAL_PKI_DIR": str(temp / "pki"),
        "LOCAL_PKI_URL": f"http://127.0.0.1:{free_port()}",
        "SEAL_PKCS12_PATH": str(temp / "seal.p12"),
        "SEAL_PKCS12_PASSWORD": f"{name}-bench",
    }


def serve_local_pki() -> None:
    """Serve the settings' local test PKI (TSA, OCSP, CRLs) in a thread of this process, for
    as long as it runs, and export its seal certificate and root (`create_seal_certificate`).
    The benchmark's workers and web servers reach it over loopback."""
    from django.conf import settings
    from django.core.management import call_command
    from werkzeug.serving import make_server

    from agreements.printing import localpki

    port = urlsplit(settings.LOCAL_PKI_URL).port
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per TSA or OCSP request
    app = localpki.animator(localpki.development_pki())
    server = make_server("127.0.0.1", port, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    call_command("create_seal_certificate", verbosity=0)


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
