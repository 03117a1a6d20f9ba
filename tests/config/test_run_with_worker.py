"""`make run` starts the development server and the task worker together (Procfile, honcho):
the first request for a PDF shows the progress page, the worker renders the PDF, a second run
on the same port stops without harming the first, and Ctrl-C stops both.

A real run: honcho starts the Procfile's processes against a temporary SQLite database on a
free port, as `make run` does, and the test talks to the server over HTTP."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from demo.cast import DEMO_PASSWORD
from tests.support.deploy import UNSET

ROOT = Path(__file__).resolve().parents[2]
HONCHO = Path(sys.executable).parent / "honcho"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
# How long the first start and a PDF may take on a busy machine; a wait, not a speed check.
PATIENCE = 180


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def run_env(tmp_path) -> dict[str, str]:
    """The environment `make run` gives its commands, on a database of the test's own."""
    env = {key: value for key, value in os.environ.items() if key not in UNSET}
    env.update(
        DEBUG="true",
        SECRET_KEY="run-with-worker-test",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        DATABASE_URL=f"sqlite:///{tmp_path / 'run.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        SEAL_PKCS12_PATH=str(tmp_path / "seal.p12"),
        # The local test PKI of the Procfile's `pki` process, its keys and port the test's own.
        LOCAL_PKI_DIR=str(tmp_path / "pki"),
        LOCAL_PKI_URL=f"http://127.0.0.1:{free_port()}",
        ENV_FILE=str(tmp_path / "no.env"),
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603 -- our own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def seed(env: dict[str, str]) -> None:
    """The demo with its two signed versions. Its sealed PDF is asked for while seeding; that
    request goes to a backend that drops it, so the worker has nothing to do before the test
    asks for a PDF."""
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "create_seal_certificate")
    manage(
        {**env, "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"},
        "shell",
        "-c",
        "from demo.scenario import seed_demo; seed_demo(history=True)",
    )


class Site:
    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()

    def get(self, path: str) -> requests.Response:
        return self.session.get(self.base + path, timeout=60)

    def wait_until_up(self, honcho: subprocess.Popen) -> None:
        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            assert honcho.poll() is None, "honcho stopped before the server answered"
            try:
                self.get("/gezond/")
                return
            except requests.ConnectionError:
                time.sleep(0.5)
        raise AssertionError("the development server did not answer")

    def log_in(self, email: str, password: str) -> None:
        token = re.search(
            r'name="csrfmiddlewaretoken" value="([^"]+)"', self.get("/inloggen/").text
        )
        assert token is not None
        response = self.session.post(
            self.base + "/inloggen/",
            data={"csrfmiddlewaretoken": token[1], "username": email, "password": password},
            headers={"Referer": self.base + "/inloggen/"},
            timeout=60,
        )
        assert response.url == self.base + "/", "the login did not succeed"


def test_make_run_starts_the_server_and_the_worker_through_the_procfile():
    assert "honcho" in MAKEFILE
    assert re.search(
        r"^run: export TASKS_BACKEND \?= django_tasks_db\.DatabaseBackend$", MAKEFILE, re.M
    )
    procfile = (ROOT / "Procfile").read_text(encoding="utf-8")
    assert re.search(r"^web: .*manage\.py runserver 127\.0\.0\.1:\$PORT$", procfile, re.M)
    assert re.search(r"^worker: .*manage\.py db_worker\b", procfile, re.M)
    assert re.search(r"^pki: .*manage\.py serve_pki$", procfile, re.M)


def test_the_first_pdf_shows_the_progress_page_and_the_worker_makes_it(run_env):
    seed(run_env)
    port = free_port()
    honcho = subprocess.Popen(  # noqa: S603 -- the project's own Procfile
        [str(HONCHO), "--procfile", "Procfile", "start", "--port", str(port)],
        cwd=ROOT,
        env=run_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        site = Site(f"http://127.0.0.1:{port}")
        site.wait_until_up(honcho)
        site.log_in("opsteller@bernheze.example.nl", DEMO_PASSWORD)
        registry = site.get("/afspraken/").text
        agreement = re.search(r'href="/afspraken/([0-9a-f-]{36})/"', registry)
        assert agreement is not None
        pdf = f"/afspraken/{agreement[1]}/versies/1/pdf/"

        first = site.get(pdf)
        assert first.status_code == 202
        assert first.headers["Content-Type"].startswith("text/html")
        assert "De PDF wordt gemaakt" in first.text

        deadline = time.monotonic() + PATIENCE
        while time.monotonic() < deadline:
            again = site.get(pdf)
            if again.status_code == 200:
                assert again.headers["Content-Type"] == "application/pdf"
                assert again.content.startswith(b"%PDF-")
                break
            assert again.status_code == 202
            time.sleep(1)
        else:
            raise AssertionError("the worker did not make the PDF")

        # A second `make run` meanwhile stops at the port in use, and takes its worker along.
        second = subprocess.run(  # noqa: S603 -- the project's own Procfile
            [str(HONCHO), "--procfile", "Procfile", "start", "--port", str(port)],
            cwd=ROOT,
            env=run_env,
            capture_output=True,
            text=True,
            timeout=PATIENCE,
        )
        assert second.returncode != 0
        # Whichever notices first: the development server or the test PKI (`serve_pki`).
        assert (
            "That port is already in use" in second.stdout
            or "is niet vrij; draait de test-PKI al?" in second.stdout
        ), second.stdout
        assert re.search(r"worker\.1 stopped", second.stdout)
        assert site.get("/gezond/").status_code == 200  # the first one still serves
    finally:
        # Ctrl-C: honcho stops the server and the worker, and then itself.
        honcho.send_signal(signal.SIGINT)
        output, _ = honcho.communicate(timeout=60)
    assert "SIGINT received" in output
    assert re.search(r"worker\.1 +\| .*render_archived_pdf.*SUCCESSFUL", output), output[-3000:]
    groups = [int(pid) for pid in re.findall(r"sending SIGTERM to \w+\.1 \(pid (\d+)\)", output)]
    assert len(groups) == 3  # web, worker and the test PKI
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(group) for group in groups):
        time.sleep(0.2)
    assert not any(_alive(group) for group in groups), "a process outlived Ctrl-C"
    with socket.socket() as probe:
        # Nothing listens on the port any more (closed connections may linger in TIME_WAIT).
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind(("127.0.0.1", port))


def _alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True
