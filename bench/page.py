"""The agreement page against the minimal view, under wrk, on the demo as `make run` seeds it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spelregels_pagebench \\
        .venv/bin/python bench/page.py [--seconds 10] [--runs 2] [--port 8230]

(or `make bench-page`). Drops and recreates the database named in DATABASE_URL (its name must
contain "bench") and seeds it as `make run` does: migrate, load_organisations,
the seal of the local test PKI, seed_demo (the demo agreement with two signed versions and a third
draft under discussion). Then it starts gunicorn (2 sync workers, DEBUG off, production
settings without HTTPS), logs in over HTTP as Bernheze's opsteller and as Bernheze's lezer
(the session cookie of a real login), and runs wrk (1 thread, 8 connections; a C load
generator, so the client is not what is measured) against `/gezond/` and the agreement page
alternately: per run and role first `/gezond/`, then the bell's count (`/meldingen/aantal/`,
the smallest logged-in answer: a floor for any logged-in page), then the page, each
`--seconds` long, plus a short run with one connection for the latency of a single request.
Every answer but 200 counts as an error. It prints the throughput, the latency percentiles and
the page's share of the minimal view's throughput. Results are in docs/benchmarks.md ("The
agreement page under wrk").
"""

import argparse
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import production_environment  # noqa: E402

TEMP = Path(tempfile.mkdtemp(prefix="spelregels-page-"))
ENVIRONMENT = production_environment("page", TEMP)
from bench.database import recreate_database, setup_django  # noqa: E402
from bench.servers import WRK_SCRIPT, serve_local_pki, start_gunicorn  # noqa: E402

setup_django(**ENVIRONMENT)

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from agreements.models import Agreement  # noqa: E402
from demo.cast import email  # noqa: E402
from demo.scenario import DEMO_AGREEMENT_TITLE, DEMO_PASSWORD  # noqa: E402

ROLES = {"opsteller": email("opsteller", "bernheze"), "lezer": email("lezer", "bernheze")}
# What each role's page must show (or not) for a run to count: the page as that role sees it.
EDIT_BUTTON = "Bewerken in stappen"
# The smallest answer to a logged-in person: the bell's count as JSON (the session with its
# person in one query, the count among its columns, no template). What any logged-in page costs
# at least, beside /gezond/.
BELL = "/meldingen/aantal/"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def seed() -> None:
    """The database as `make run` leaves it (Makefile, target run)."""
    recreate_database()  # drop, create, migrate
    quiet = io.StringIO()
    call_command("load_organisations", verbosity=0, stdout=quiet)
    serve_local_pki()
    call_command("seed_demo", verbosity=0, stdout=quiet)


def log_in(base: str, address: str) -> str:
    """A real login through the login form; returns the Cookie header of the session."""
    session = requests.Session()
    page = session.get(f"{base}/inloggen/", timeout=30)
    match = CSRF_INPUT.search(page.text)
    if match is None:
        sys.exit("no CSRF token on the login page")
    response = session.post(
        f"{base}/inloggen/",
        data={
            "csrfmiddlewaretoken": match.group(1),
            "username": address,
            "password": DEMO_PASSWORD,
        },
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        sys.exit(f"login as {address} failed: {response.status_code}")
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


def check_page(base: str, path: str, cookie: str, role: str) -> int:
    """The page as the role sees it (200, the edit button for the opsteller only); its size.
    Also warms both workers' caches."""
    size = 0
    for _ in range(20):
        response = requests.get(
            base + path, headers={"Cookie": cookie}, allow_redirects=False, timeout=60
        )
        if response.status_code != 200:
            sys.exit(f"{path} as {role}: {response.status_code}")
        if (EDIT_BUTTON in response.text) != (role == "opsteller"):
            sys.exit(f"{path} as {role}: the edit button is {'missing' if role else 'shown'}")
        size = len(response.content)
    return size


TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> tuple[int, float]:
    """The parent and the CPU time (user + system) of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS


def server_cpu(master: int) -> dict[int, float]:
    """CPU seconds used so far by each of gunicorn's workers and the PostgreSQL backends of the
    benchmark's database (but this script's own): what serving the requests cost, whoever
    else shares the machine."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid()"
        )
        pids = {row[0] for row in cursor.fetchall()}
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent, seconds = _cpu_seconds(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # ended meanwhile
        if parent == master or int(entry.name) in pids:
            found[int(entry.name)] = seconds
    return found


def cpu_between(before: dict[int, float], after: dict[int, float]) -> float:
    """What the processes used between the two readings. Per process: a backend or worker that
    ended in between (a database connection closed and opened again) would otherwise make the
    total go down; what an ended one used in between is not counted (a slight undercount)."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def wrk(
    url: str, cookie: str, *, seconds: float, connections: int, script: Path, master: int
) -> dict:
    """One wrk run (1 thread); its summary with latencies in ms and the server's CPU time
    per request in ms."""
    before = server_cpu(master)
    output = subprocess.run(  # noqa: S603
        [
            shutil.which("wrk") or "/usr/bin/wrk",
            "-t1",
            f"-c{connections}",
            f"-d{seconds:g}s",
            "--timeout",
            "30s",
            "-H",
            f"Cookie: {cookie}",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(output.strip().splitlines()[-1])
    for key in ("p50", "p90", "p99", "max"):
        result[key] /= 1000
    result["rate"] = result["requests"] / result["seconds"]
    result["cpu"] = cpu_between(before, server_cpu(master)) * 1000 / max(result["requests"], 1)
    return result


def row(run: int, role: str, name: str, result: dict, shares: str = " | ") -> str:
    return (
        f"| {run} | {role} | {name} | {result['rate']:.1f} | {result['p50']:.1f} | "
        f"{result['p90']:.1f} | {result['p99']:.1f} | {result['errors']} | "
        f"{result['cpu']:.2f} | {shares} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10, help="per wrk run under load")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8230)
    parser.add_argument("--reuse", action="store_true", help="keep the database of a run")
    args = parser.parse_args()
    began = time.monotonic()
    if not args.reuse:
        seed()
    # The demo agreement (the registry corpus beside it holds 62 more).
    agreement = Agreement.objects.get(title=DEMO_AGREEMENT_TITLE)
    script = TEMP / "count.lua"
    script.write_text(WRK_SCRIPT)
    server = start_gunicorn(args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    page = f"/afspraken/{agreement.pk}/"
    print(f"Voorbereid in {time.monotonic() - began:.0f} s; gunicorn op poort {args.port}.")
    lines = []
    shares: dict[str, list[tuple[float, float]]] = {role: [] for role in ROLES}
    failed = False
    try:
        cookies = {role: log_in(base, address) for role, address in ROLES.items()}
        for role, cookie in cookies.items():
            size = check_page(base, page, cookie, role)
            print(f"Afspraakpagina als {role}: {size / 1024:.0f} kB.")
        options = {"script": script, "master": server.pid}
        for run in range(1, args.runs + 1):
            for role, cookie in cookies.items():
                minimal, bell, detail = (
                    wrk(
                        base + path,
                        cookie,
                        seconds=args.seconds,
                        connections=args.connections,
                        **options,
                    )
                    for path in ("/gezond/", BELL, page)
                )
                share = (detail["rate"] / minimal["rate"], minimal["cpu"] / detail["cpu"])
                floor = (bell["rate"] / minimal["rate"], minimal["cpu"] / bell["cpu"])
                shares[role].append(share)
                lines.append(row(run, role, "/gezond/", minimal))
                lines.append(row(run, role, BELL, bell, f"{floor[0]:.0%} | {floor[1]:.0%}"))
                lines.append(
                    row(run, role, "afspraakpagina", detail, f"{share[0]:.0%} | {share[1]:.0%}")
                )
                failed |= bool(minimal["errors"] or bell["errors"] or detail["errors"])
                print(f"Run {run}, {role}: {share[0]:.0%} (CPU: {share[1]:.0%}).", flush=True)
        single = {
            (name, role): wrk(base + path, cookie, seconds=3, connections=1, **options)
            for name, path in (("/gezond/", "/gezond/"), (BELL, BELL), ("afspraakpagina", page))
            for role, cookie in cookies.items()
        }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"\nwrk: 1 thread, {args.connections} connections, {args.seconds:g} s per measurement; "
        f"gunicorn with {args.workers} sync workers on 127.0.0.1; latencies in ms; CPU: the "
        "server's (gunicorn workers and their PostgreSQL backends) per request, in ms.\n"
    )
    print(
        "| Run | Role | Page | Per second | p50 | p90 | p99 | Errors | CPU | "
        "Share of /gezond/ | Share by CPU |"
    )
    print("|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(lines))
    print("\nOne connection (one request at a time, 3 s each), latencies in ms:\n")
    print("| Page | Role | Per second | p50 | p90 | p99 | CPU |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (name, role), result in single.items():
        print(
            f"| {name} | {role} | {result['rate']:.1f} | {result['p50']:.2f} | "
            f"{result['p90']:.2f} | {result['p99']:.2f} | {result['cpu']:.2f} |"
        )
    print()
    for role, values in shares.items():
        print(
            f"Afspraakpagina als {role}: "
            + ", ".join(f"{rate:.0%} (CPU: {cpu:.0%})" for rate, cpu in values)
        )
    print(f"Totale duur: {time.monotonic() - began:.0f} s.")
    if failed:
        sys.exit("Some answers were not 200.")


if __name__ == "__main__":
    main()
