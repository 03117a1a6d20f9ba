"""Several machines, proven on one: the production topology on loopback, under load, with kills.

    make cluster                      # or: .venv/bin/python bench/cluster.py [--seconds 60]

Starts, each from the project's own configuration (deploy/pgbouncer.ini, deploy/haproxy.cfg,
config/settings.py through environment variables as docs/deploy.md lists them):

- PgBouncer in transaction pooling in front of PostgreSQL (DATABASE_URL, default the database
  sr_cluster on 127.0.0.1:5432, dropped and created again);
- three gunicorn instances (2 sync workers each) behind HAProxy, health-checked on /gezond/;
- two task workers (`manage.py db_worker`, with leases: worker/leases.py);
- Redis as the shared cache and session store (REDIS_URL, default redis://127.0.0.1:6379/1,
  emptied first);
- an S3-compatible object store for the media (moto_server), through django-storages.

Then `--clients` logged-in clients run a mix through HAProxy for `--seconds`: the registry,
the agreement page, two writes (saving a builder step, starting a comment thread) and the
four archival PDFs of the demo (rendered by the workers; 202 while on their way). A quarter
into the run the task worker rendering a PDF is killed with SIGKILL; at 40% one gunicorn
instance (master and workers) is killed with SIGKILL. Afterwards it checks and reports:

- the errors clients saw, and which of them were requests in flight at the killed instance
  (HAProxy's log names the server and how each request ended);
- that no acknowledged write was lost (each client's agreement holds its acknowledged saves);
- that every PDF was rendered and stored exactly once (the workers log one line per stored
  PDF; the bucket holds one object per PDF);
- that every task finished, the killed worker's task on the other worker.

Exits 1 when a promise is broken. Results are in docs/benchmarks.md.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from string import Template
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import percentile, pki_environment, serve_local_pki  # noqa: E402

RUN = Path(tempfile.mkdtemp(prefix="spelregels-cluster-"))
BASE_PORT = int(os.environ.get("CLUSTER_BASE_PORT", "8240"))
PGBOUNCER_PORT, HAPROXY_PORT, S3_PORT = BASE_PORT, BASE_PORT + 1, BASE_PORT + 2
WEB_PORTS = [BASE_PORT + 11, BASE_PORT + 12, BASE_PORT + 13]
DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sr_cluster")
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1")
BUCKET = "spelregels-media"

_db = urlsplit(DATABASE_URL)
# What every process of the cluster shares: production settings (no HTTPS on loopback).
APP_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "SECRET_KEY": "cluster-bench-only-not-a-secret-" + "x" * 30,
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_COOKIES": "false",
    "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    "ENV_FILE": str(RUN / "no.env"),
    "LOG_LEVEL": "INFO",
    "EMAIL_URL": "consolemail://",
    **pki_environment("cluster", RUN),
    "DATABASE_URL": f"postgres://{_db.username}@127.0.0.1:{PGBOUNCER_PORT}{_db.path}",
    "PG_TRANSACTION_POOLING": "true",
    "CACHE_URL": REDIS_URL,
    "SESSION_ENGINE": "django.contrib.sessions.backends.cache",
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "TASK_LEASE_SECONDS": "6",
    "MEDIA_STORAGE_BACKEND": "storages.backends.s3.S3Storage",
    "MEDIA_STORAGE_OPTIONS": json.dumps(
        {"bucket_name": BUCKET, "endpoint_url": f"http://127.0.0.1:{S3_PORT}"}
    ),
    "AWS_ACCESS_KEY_ID": "cluster-bench",
    "AWS_SECRET_ACCESS_KEY": "cluster-bench",
    "AWS_DEFAULT_REGION": "eu-west-1",
}

from bench.database import setup_django  # noqa: E402

# This process prepares and checks the database directly (DDL, no pooler), as an operator.
setup_django(**{**APP_ENVIRONMENT, "DATABASE_URL": DATABASE_URL, "LOG_LEVEL": "WARNING"})

import boto3  # noqa: E402
import psycopg  # noqa: E402
import redis  # noqa: E402
import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from accounts.models import AuditEvent, Organisation, User  # noqa: E402
from agreements.models import Agreement, ArchivedPdf, Comment, Party  # noqa: E402
from bench.cluster_client import EDITOR, Client  # noqa: E402
from demo.scenario import DEMO_PASSWORD, seed_demo  # noqa: E402

PROCESSES: dict[str, subprocess.Popen] = {}


def start(name: str, command: list[str], **environment: str) -> subprocess.Popen:
    """A process of the cluster in a session of its own (so its children die with it)."""
    log = (RUN / f"{name}.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT,
        env={**os.environ, **APP_ENVIRONMENT, **environment},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    PROCESSES[name] = process
    return process


def stop_all() -> None:
    """Stop in the reverse order of starting: the proxy first, the database pooler last."""
    for process in reversed(PROCESSES.values()):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_until(condition, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except (OSError, requests.RequestException, psycopg.Error):
            pass
        if time.monotonic() > deadline:
            stop_all()
            sys.exit(f"{what} did not happen within {seconds:.0f} s (logs in {RUN})")
        time.sleep(0.2)


def fill(template: str, **values: str) -> Path:
    target = RUN / template
    target.write_text(Template((ROOT / "deploy" / template).read_text()).substitute(values))
    return target


def prepare(clients: int) -> tuple[Agreement, list[Agreement]]:
    """A fresh database with the demo and its history, and an agreement per client."""
    name = _db.path.lstrip("/")
    with psycopg.connect(host=_db.hostname, port=_db.port, user=_db.username, dbname="postgres",
                         autocommit=True) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
        # Behind the pooler there are no startup options: the planner setting on the database.
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
    call_command("migrate", verbosity=0)
    serve_local_pki()
    seed_demo(history=True)  # queues the PDFs of the signed version (text, sealed, public)
    demo = Agreement.objects.get()
    editor = User.objects.get(email=EDITOR)
    bernheze = Organisation.objects.get(code="GM1721")
    own = []
    for number in range(clients):
        agreement = Agreement.objects.create(title=f"Clusterproef {number + 1}", created_by=editor)
        Party.objects.create(agreement=agreement, organisation=bernheze, position=0)
        own.append(agreement)
    return demo, own


def start_object_store() -> None:
    """moto's S3 server with an empty bucket: object storage as in production."""
    start("s3", [str(Path(sys.executable).parent / "moto_server"), "-p", str(S3_PORT)])
    wait_until(lambda: requests.get(f"http://127.0.0.1:{S3_PORT}/", timeout=2).ok, "moto_server")
    boto3.client(
        "s3", endpoint_url=f"http://127.0.0.1:{S3_PORT}", region_name="eu-west-1"
    ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})


def start_cluster() -> None:
    redis.Redis.from_url(REDIS_URL).flushdb()
    (RUN / "userlist.txt").write_text(f'"{_db.username}" ""\n')
    # PgBouncer refuses to run as root: as root, it drops to nobody, which must reach its files.
    as_user = ["-u", "nobody"] if os.geteuid() == 0 else []
    (RUN / "pgbouncer").mkdir()
    (RUN / "pgbouncer").chmod(0o777)
    RUN.chmod(0o755)
    pgbouncer = fill(
        "pgbouncer.ini",
        database=_db.path.lstrip("/"),
        pg_host=_db.hostname or "127.0.0.1",
        pg_port=str(_db.port or 5432),
        listen_addr="127.0.0.1",
        listen_port=str(PGBOUNCER_PORT),
        auth_type="trust",
        auth_file=str(RUN / "userlist.txt"),
        pool_size="20",
        logfile=str(RUN / "pgbouncer" / "pgbouncer.log"),
        pidfile=str(RUN / "pgbouncer" / "pgbouncer.pid"),
    )
    start("pgbouncer", ["/usr/sbin/pgbouncer", *as_user, str(pgbouncer)])
    wait_until(
        lambda: psycopg.connect(APP_ENVIRONMENT["DATABASE_URL"], connect_timeout=2).close() is None,
        "PgBouncer",
    )
    for number, port in enumerate(WEB_PORTS, start=1):
        start(
            f"web{number}",
            [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        )  # fmt: skip
    for port in WEB_PORTS:
        wait_until(lambda p=port: requests.get(f"http://127.0.0.1:{p}/gezond/", timeout=5).ok,
                   f"gunicorn on {port}")  # fmt: skip
    servers = "\n".join(
        f"    server web{number} 127.0.0.1:{port} check"
        for number, port in enumerate(WEB_PORTS, start=1)
    )
    haproxy = fill(
        "haproxy.cfg",
        listen=f"127.0.0.1:{HAPROXY_PORT}",
        stats_socket=str(RUN / "haproxy.sock"),
        log_target="stdout format raw local0",
        health_host="127.0.0.1",
        server_maxconn="2",
        servers=servers,
    )
    start("haproxy", ["/usr/sbin/haproxy", "-db", "-f", str(haproxy)])
    for number in (1, 2):
        start(f"worker{number}", [sys.executable, "manage.py", "db_worker", "--interval=0.2",
                                  f"--worker-id=worker{number}"])  # fmt: skip
    wait_until(lambda: requests.get(f"http://127.0.0.1:{HAPROXY_PORT}/gezond/", timeout=5).ok,
               "HAProxy")  # fmt: skip


def run_mix(clients: list[Client], seconds: float, choose, events: dict) -> dict:
    samples: dict[str, list[float]] = defaultdict(list)
    errors: list[tuple[float, str, int, str]] = []
    lock = threading.Lock()
    began = time.monotonic()
    deadline = began + seconds

    def work(client: Client) -> None:
        while time.monotonic() < deadline:
            kind, action = choose(client)
            start_at = time.perf_counter()
            detail = ""
            try:
                ok, status = action()
            except requests.RequestException as error:
                ok, status, detail = False, 0, f"{type(error).__name__}: {error}"[:160]
            with lock:
                samples[kind].append((time.perf_counter() - start_at) * 1000)
                if not ok:
                    errors.append((time.monotonic() - began, kind, status, detail))

    def kill() -> None:
        # From a quarter on the public PDFs are asked for too, so renderings are under way:
        # the worker running one is killed mid-task.
        time.sleep(seconds / 4)
        events["public PDFs"] = True
        task, until = None, time.monotonic() + seconds / 4
        while task is None and time.monotonic() < until:
            task = DBTaskResult.objects.running().first()
            time.sleep(0.05)
        victim = task.worker_ids[-1] if task else "worker1"
        os.killpg(PROCESSES[victim].pid, signal.SIGKILL)
        events["worker killed"] = (time.monotonic() - began, victim, task and str(task.pk))
        time.sleep(max(0.0, began + 0.4 * seconds - time.monotonic()))
        os.killpg(PROCESSES["web2"].pid, signal.SIGKILL)
        events["web killed"] = (time.monotonic() - began, "web2")

    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    threads.append(threading.Thread(target=kill))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"samples": samples, "errors": errors, "seconds": time.monotonic() - began}


def lost_writes(clients: list[Client]) -> list[str]:
    """Each acknowledged save is in the database. A save whose answer was lost (its server was
    killed) may or may not have happened, so the revision lies between the acknowledged and
    the attempted saves, and the text is the last acknowledged or a later attempt's."""
    problems = []
    for client in clients:
        agreement = Agreement.objects.get(pk=client.own.pk)
        acknowledged, attempted = len(client.acknowledged), len(client.attempted)
        events = AuditEvent.objects.filter(
            object_id=str(agreement.pk), action="agreement.step_saved"
        ).count()
        if not acknowledged <= agreement.revision <= attempted:
            problems.append(f"{agreement.title}: revision {agreement.revision}, "
                            f"{acknowledged} acknowledged, {attempted} attempted")  # fmt: skip
        if not acknowledged <= events <= attempted:
            problems.append(f"{agreement.title}: {events} audit events")
        if client.acknowledged:
            last = client.attempted.index(client.acknowledged[-1])
            if agreement.intended_result not in client.attempted[last:]:
                problems.append(f"{agreement.title}: last acknowledged text missing")
        stored = set(
            Comment.objects.filter(thread__agreement=agreement).values_list("body", flat=True)
        )
        for text in client.comments_acknowledged:
            if text not in stored:
                problems.append(f"{agreement.title}: acknowledged comment {text!r} missing")
        if not stored <= set(client.comments_attempted):
            problems.append(f"{agreement.title}: a comment no one posted")
    return problems


def haproxy_log() -> list[list[str]]:
    """HAProxy's request lines: server, status, termination state, retries, method, path."""
    lines = (RUN / "haproxy.log").read_text().splitlines()
    return [line.split() for line in lines if re.match(r"^\S+ -?\d+ \S\S\S\S \+?\d+ ", line)]


def report(result: dict, events: dict, clients: list[Client], stored: int, took: float) -> bool:
    """Print the figures and the promises kept or broken; True when every promise is kept."""
    samples, errors = result["samples"], result["errors"]
    print(f"\n{len(clients)} clients, {result['seconds']:.0f} s, through HAProxy to 3 gunicorn "
          f"instances (2 sync workers each), PgBouncer (transaction pooling), 2 task workers, "
          f"Redis, S3 (moto); {len(os.sched_getaffinity(0))} cores\n")  # fmt: skip
    print("| Verzoek | Per seconde | Mediaan (ms) | p95 (ms) | Aantal | Fouten |")
    print("|---|---:|---:|---:|---:|---:|")
    per_kind = Counter(kind for _at, kind, _status, _detail in errors)
    everything = [value for values in samples.values() for value in values]
    for kind, values in [*sorted(samples.items()), ("alles", everything)]:
        failed = len(errors) if kind == "alles" else per_kind[kind]
        print(f"| {kind} | {len(values) / result['seconds']:.1f} | {statistics.median(values):.0f}"
              f" | {percentile(values, 0.95):.0f} | {len(values)} | {failed} |")  # fmt: skip
    worker_at, victim, lost_task = events["worker killed"]
    web_at, _web = events["web killed"]
    print(f"\n{victim} killed (SIGKILL) at {worker_at:.1f} s while running task {lost_task}; "
          f"web2 (master and workers) at {web_at:.1f} s.")  # fmt: skip

    lines = haproxy_log()
    failed_at_proxy = [line for line in lines if not line[1].startswith(("2", "3"))]
    retried = [line for line in lines if line[3] != "0"]
    # HAProxy says how many requests were in flight at web2 when it took web2 out.
    downs = re.findall(
        r"Server web/web2 is DOWN, .*?(\d+) sessions active", (RUN / "haproxy.log").read_text()
    )
    in_flight = int(downs[-1]) if downs else 0
    print(f"Errors seen by clients: {len(errors)}; HAProxy logged {len(failed_at_proxy)} failed "
          f"requests; {in_flight} requests were in flight at web2 when HAProxy took it out; "
          f"{len(retried)} requests were retried or sent to another server.")  # fmt: skip
    for at, kind, status, detail in errors:
        print(f"  at {at:.1f} s: {kind}, status {status} {detail}")
    for line in failed_at_proxy:
        print("  HAProxy:", " ".join(line))
    promises = {
        "errors only from the killed instance's in-flight requests": all(
            at >= web_at for at, *_rest in errors
        )
        and len(errors) <= in_flight
        and all(line[0] == "web2" for line in failed_at_proxy)
    }

    problems = lost_writes(clients)
    acknowledged = sum(len(c.acknowledged) + len(c.comments_acknowledged) for c in clients)
    attempted = sum(len(c.attempted) + len(c.comments_attempted) for c in clients)
    comments = sum(len(c.comments_acknowledged) for c in clients)
    print(f"Writes: {acknowledged} acknowledged ({comments} comments, the rest step saves) of "
          f"{attempted} attempted; lost: {len(problems)}.")  # fmt: skip
    for problem in problems:
        print("  LOST:", problem)
    promises["no acknowledged write lost"] = not problems

    rendered = Counter()
    for number in (1, 2):
        for line in (RUN / f"worker{number}.log").read_text().splitlines():
            if match := re.search(r"Rendered PDF (\S+) in ([\d.]+) s", line):
                rendered[match.group(1)] += 1
    pdfs = list(ArchivedPdf.objects.values_list("pk", "status"))
    print(
        f"PDFs: {len(pdfs)}, ready {sum(s == 'klaar' for _p, s in pdfs)}; renders stored per "
        f"PDF: {sorted(rendered[str(pk)] for pk, _s in pdfs)}; objects in the bucket: {stored}."
    )
    promises["every PDF rendered once"] = all(
        status == "klaar" and rendered[str(pk)] == 1 for pk, status in pdfs
    ) and stored == len(pdfs) == sum(rendered.values())

    tasks = Counter(DBTaskResult.objects.values_list("status", flat=True))
    recovered = DBTaskResult.objects.get(pk=lost_task) if lost_task else None
    print(f"Tasks: {dict(tasks)}; the killed worker's task: "
          f"{recovered and (recovered.status, recovered.worker_ids)}.")  # fmt: skip
    promises["every task finished"] = set(tasks) == {"SUCCESSFUL"}
    promises["the killed worker's task ran again elsewhere"] = (
        recovered is not None and recovered.worker_ids[-1] != victim
    )
    print()
    for promise, kept in promises.items():
        print(f"{'OK ' if kept else 'BROKEN'} {promise}")
    print(f"Total {took:.0f} s; logs and configuration in {RUN}")
    return all(promises.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    began = time.monotonic()
    # Stopped from outside (Ctrl+C, kill): the cluster is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        start_object_store()
        demo, own = prepare(args.clients)
        versions = list(demo.versions.order_by("number"))
        pdfs = [f"/afspraken/{demo.pk}/versies/{v.number}/pdf/" for v in versions] + [
            f"/openbaar/{v.publication.pk}/pdf/" for v in versions if hasattr(v, "publication")
        ]
        start_cluster()
        print(f"Cluster up in {time.monotonic() - began:.0f} s ({RUN}).", flush=True)
        base = f"http://127.0.0.1:{HAPROXY_PORT}"
        clients = [Client(base, own[i], DEMO_PASSWORD, seed=i) for i in range(args.clients)]
        detail = f"/afspraken/{demo.pk}/"
        events: dict = {}

        def mixed(client: Client):
            roll = client.random.random()
            if roll < 0.3:
                return "register", lambda: client.get("/afspraken/")
            if roll < 0.6:
                return "afspraakpagina", lambda: client.get(detail)
            if roll < 0.7:
                return "stap opslaan", client.save_step
            if roll < 0.8:
                return "opmerking plaatsen", client.post_comment
            pdf = client.random.choice(pdfs if "public PDFs" in events else pdfs[:2])
            return "PDF", lambda: client.get(pdf, ok=(200, 202))

        result = run_mix(clients, args.seconds, mixed, events)
        wait_until(
            lambda: not DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists()
            and not ArchivedPdf.objects.exclude(status="klaar").exists(),
            "every task finished", 300,
        )  # fmt: skip
        stored = (
            boto3.client("s3", endpoint_url=f"http://127.0.0.1:{S3_PORT}", region_name="eu-west-1")
            .list_objects_v2(Bucket=BUCKET, Prefix="pdf/")
            .get("KeyCount", 0)
        )
    finally:
        stop_all()
    kept = report(result, events, clients, stored, time.monotonic() - began)
    if not kept:
        sys.exit(1)


if __name__ == "__main__":
    main()
