"""Behind PgBouncer in transaction pooling (deploy/pgbouncer.ini) Django keeps nothing on a
server connection between transactions: PG_TRANSACTION_POOLING turns off server-side cursors,
prepared statements and startup options, and the application works through a real PgBouncer.
The HAProxy configuration beside it (deploy/haproxy.cfg) passes HAProxy's own check.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from string import Template

import pytest
from django.db import connection

from tests.support.deploy import ROOT, production_env

SETTINGS = (
    "import json; from django.conf import settings; db = settings.DATABASES['default']; "
    "print(json.dumps([db.get('DISABLE_SERVER_SIDE_CURSORS', False), db.get('OPTIONS', {})]))"
)


def settings_with(tmp_path, **environment):
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", SETTINGS],
        cwd=ROOT,
        env=production_env(tmp_path, SECRET_KEY="pooling-test-only-not-a-secret", **environment),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_transaction_pooling_turns_off_what_lives_on_one_server_connection(tmp_path):
    url = "postgres://spelregels@db.example.nl:6432/spelregels"
    cursors, options = settings_with(tmp_path, DATABASE_URL=url, PG_TRANSACTION_POOLING="true")
    assert cursors is True
    assert "server_side_binding" not in options and "prepare_threshold" not in options
    assert "options" not in options  # PgBouncer refuses (or drops) startup options

    cursors, options = settings_with(tmp_path, DATABASE_URL=url)
    assert cursors is False
    assert options["server_side_binding"] is True
    assert options["options"] == "-c random_page_cost=1.1 -c jit=off"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def pgbouncer(transactional_db):
    """deploy/pgbouncer.ini, filled in for the test database, on a free port."""
    db = connection.settings_dict
    run = Path(tempfile.mkdtemp(prefix="spelregels-pgbouncer-"))
    # PgBouncer refuses to run as root: then it runs as nobody, who must reach its files.
    run.chmod(0o755)
    (run / "log").mkdir()
    (run / "log").chmod(0o777)
    (run / "users.txt").write_text(f'"{db["USER"]}" ""\n')
    port = free_port()
    config = run / "pgbouncer.ini"
    config.write_text(
        Template((ROOT / "deploy" / "pgbouncer.ini").read_text()).substitute(
            database=db["NAME"],
            pg_host=db["HOST"] or "127.0.0.1",
            pg_port=str(db["PORT"] or 5432),
            listen_addr="127.0.0.1",
            listen_port=str(port),
            auth_type="trust",
            auth_file=str(run / "users.txt"),
            pool_size="2",
            logfile=str(run / "log" / "pgbouncer.log"),
            pidfile=str(run / "log" / "pgbouncer.pid"),
        )
    )
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    server = subprocess.Popen(  # noqa: S603
        ["/usr/sbin/pgbouncer", *as_user, str(config)], start_new_session=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, (run / "log" / "pgbouncer.log").read_text()
                time.sleep(0.1)
        yield f"postgres://{db['USER']}@127.0.0.1:{port}/{db['NAME']}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(run, ignore_errors=True)


# Work that would break on a pooled connection if the settings kept anything on it: the
# agreement page's precompiled query (a prepared statement otherwise), a queryset iterated in
# chunks (a server-side cursor otherwise), and a write in a transaction. Two pooled server
# connections, several clients at once.
THROUGH_POOLER = """
import json
from concurrent.futures import ThreadPoolExecutor
from django.db import connection, transaction
from agreements.registry.views import PAGE_AGREEMENT
from tests.support import cast, factories

agreement = factories.res_agreement()
editor = cast.eva()

def work(number):
    try:
        for _ in range(5):
            assert PAGE_AGREEMENT.first(user_id=editor.pk, agreement_id=agreement.pk) is not None
            with transaction.atomic():
                names = [o.name for o in type(agreement.parties.first().organisation)
                         .objects.iterator(chunk_size=1)]
                agreement.__class__.objects.filter(pk=agreement.pk).update(title=f"Titel {number}")
        return len(names)
    finally:
        connection.close()

with ThreadPoolExecutor(4) as pool:
    print(json.dumps(list(pool.map(work, range(8)))))
"""


# PgBouncer pools PostgreSQL connections: with SQLite there is nothing to pool, so this test
# exists only on PostgreSQL (it is not collected on SQLite rather than skipped).
if connection.vendor == "postgresql":

    def test_the_application_works_through_pgbouncer_in_transaction_pooling(pgbouncer, tmp_path):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", "shell", "-c", THROUGH_POOLER],
            cwd=ROOT,
            env=production_env(
                tmp_path,
                SECRET_KEY="pooling-test-only-not-a-secret",
                DATABASE_URL=pgbouncer,
                PG_TRANSACTION_POOLING="true",
            ),
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        counts = json.loads(result.stdout.strip().splitlines()[-1])
        assert len(counts) == 8 and min(counts) >= 2


def test_the_haproxy_configuration_is_valid(tmp_path):
    """deploy/haproxy.cfg, filled in as bench/cluster.py fills it, passes HAProxy's own check."""
    config = tmp_path / "haproxy.cfg"
    config.write_text(
        Template((ROOT / "deploy" / "haproxy.cfg").read_text()).substitute(
            listen="127.0.0.1:8080",
            stats_socket=str(tmp_path / "haproxy.sock"),
            log_target="stdout format raw local0",
            health_host="spelregels.example.nl",
            server_maxconn="2",
            servers="    server web1 127.0.0.1:8001 check\n    server web2 127.0.0.1:8002 check",
        )
    )
    result = subprocess.run(  # noqa: S603
        [shutil.which("haproxy") or "/usr/sbin/haproxy", "-c", "-f", str(config)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ALERT" not in result.stdout + result.stderr
