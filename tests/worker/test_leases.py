"""A task whose worker dies runs again on another worker; a live worker keeps its tasks.

The workers are real `manage.py db_worker` processes on the test's database, one of them
killed with SIGKILL mid-task. On PostgreSQL they share the test database; on SQLite (whose test
database lives in the test process's memory) they share a database file of their own.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.support import tasks
from tests.support.deploy import ROOT, production_env
from worker import leases
from worker.models import WorkerBeat

LEASE = 5  # seconds: workers beat every 1.7 s
WAIT = 120  # seconds a test waits for a worker at most before it gives up


@pytest.fixture
def shared_database(request, tmp_path):
    """A DATABASE_URL that the test's worker processes and the test's own queries share."""
    if connection.vendor == "postgresql":
        request.getfixturevalue("transactional_db")
        db = connection.settings_dict
        return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    url = f"sqlite:///{tmp_path / 'workers.sqlite3'}"
    manage(url, tmp_path, "migrate", "--noinput", "-v0").check_returncode()
    return url


def environment(url, tmp_path):
    return production_env(
        tmp_path,
        DATABASE_URL=url,
        SECRET_KEY="worker-test-only-not-a-secret",
        TASKS_BACKEND="django_tasks_db.DatabaseBackend",
        TASK_LEASE_SECONDS=str(LEASE),
        # The test's sessions: prepared statements would outlive the test database's flush.
        PG_PREPARED_STATEMENTS="false",
    )


def manage(url, tmp_path, *arguments):
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment(url, tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )


def django(url, tmp_path, code):
    """Run `code` in a Django process on the shared database; its printed JSON."""
    result = manage(url, tmp_path, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def enqueue(url, tmp_path, name, *args):
    return django(
        url,
        tmp_path,
        f"import json; from tests.support import tasks; "
        f"print(json.dumps(tasks.{name}.enqueue(*{args!r}).id))",
    )


def result(url, task_id):
    """The task's status, workers and return value, read on the shared database by the test
    itself (a Django process per look would take the CPU the workers need)."""
    query = DBTaskResult.objects.filter(pk=task_id).values_list(
        "status", "worker_ids", "return_value"
    )
    if connection.vendor == "postgresql":
        return list(query.get())
    sql, params = query.query.get_compiler(connection=connection).as_sql()
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as database:
        # Django's SQLite cursor writes its placeholders so; sqlite3 itself takes "?".
        status, worker_ids, value = database.execute(sql.replace("%s", "?"), params).fetchone()
    return [status, json.loads(worker_ids), json.loads(value) if value else None]


def start_worker(url, tmp_path, worker_id):
    return subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-startup-delay",
            "--interval=0.2",
            f"--worker-id={worker_id}",
        ],
        cwd=ROOT,
        env=environment(url, tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, what):
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"waited {WAIT} s for {what}"
        time.sleep(0.3)


def stop(worker):
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=WAIT)


def test_a_task_whose_worker_is_killed_runs_again_on_another(shared_database, tmp_path):
    log = tmp_path / "runs.log"
    task_id = enqueue(shared_database, tmp_path, "hold_on_first_run", str(log))
    first = start_worker(shared_database, tmp_path, "eerste")
    try:
        wait_for(log.exists, "the first worker to start the task")
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=WAIT)
    finally:
        stop(first)
    # Killed mid-task: without a lease the task would stay RUNNING for ever.
    assert result(shared_database, task_id)[0] == "RUNNING"

    second = start_worker(shared_database, tmp_path, "tweede")
    try:
        wait_for(
            lambda: result(shared_database, task_id)[0] == "SUCCESSFUL",
            "the second worker to finish the task",
        )
    finally:
        stop(second)
    assert result(shared_database, task_id) == [
        "SUCCESSFUL",
        ["eerste", "tweede"],
        "klaar",
    ]
    assert len(log.read_text().split()) == 2


def test_a_live_worker_keeps_a_task_longer_than_its_lease(shared_database, tmp_path):
    log = tmp_path / "runs.log"
    task_id = enqueue(shared_database, tmp_path, "take_a_while", str(log), 3 * LEASE)
    workers = [start_worker(shared_database, tmp_path, "bezig")]
    try:
        wait_for(log.exists, "the first worker to start the task")
        # A second worker checks the leases (every third of one) while the first one works.
        workers.append(start_worker(shared_database, tmp_path, "wachtend"))
        wait_for(
            lambda: result(shared_database, task_id)[0] == "SUCCESSFUL",
            "the first worker to finish the task",
        )
    finally:
        for worker in workers:
            stop(worker)
    assert result(shared_database, task_id)[1] == ["bezig"]
    assert len(log.read_text().split()) == 1


def running(worker_ids):
    result = tasks.take_a_while.using(backend="database").enqueue("/dev/null", 0)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", worker_ids=worker_ids)
    return DBTaskResult.objects.get(pk=result.id)


@pytest.mark.django_db
def test_only_tasks_of_workers_without_a_fresh_beat_are_queued_again(settings):
    settings.TASK_LEASE_SECONDS = LEASE
    now = timezone.now()
    for worker_id, ago in (("levend", 1), ("dood", LEASE + 1)):
        WorkerBeat.objects.create(
            worker_id=worker_id,
            host="machine",
            pid=1,
            started_at=now,
            beat_at=now - timedelta(seconds=ago),
        )
    alive, dead, never = running(["levend"]), running(["dood"]), running(["onbekend"])
    tired = running(["dood", "dood", "dood"])

    assert sorted(leases.requeue_abandoned()) == sorted(str(t.pk) for t in (dead, never, tired))

    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert [status[t.pk] for t in (alive, dead, never, tired)] == [
        "RUNNING",
        "READY",
        "READY",
        "FAILED",
    ]
    assert DBTaskResult.objects.get(pk=tired.pk).exception_class_path == "worker.leases.WorkerLost"
    # Queued again, not started: the next worker claims it like any other.
    assert DBTaskResult.objects.get(pk=dead.pk).started_at is None
