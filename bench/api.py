"""The API's registry list and a version's JSON, in full and revalidated (304), under wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spelregels_apibench \\
        .venv/bin/python bench/api.py [--seconds 3] [--rounds 3]

(or `make bench-api`). Drops and recreates the database named in DATABASE_URL (its name must
contain "bench") and seeds it as `make run` does (migrate, load_organisations, the local test
PKI's seal, seed_demo). Then gunicorn (2 sync workers, DEBUG off) serves the API to a personal
token of Bernheze's opsteller, made by `tokens.create_token`. For each resource, in `--rounds`
rounds, wrk (1 thread, 1 connection: one request at a time, as a synchronising client asks)
fetches it in full (200) and then with `If-None-Match` naming the ETag it got (304), each for
`--seconds`; beside them the minimal view `/gezond/`. It prints the median latencies, the
ratio of the revalidation to the full answer, and the bytes each answer brought. Results are in
docs/benchmarks.md ("The API: full answers and revalidation").
"""

import argparse
import io
import os
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import production_environment  # noqa: E402

TEMP = Path(tempfile.mkdtemp(prefix="spelregels-api-"))
# The rate limits out of the way: measured is the answer, not the limit (600 a minute).
ENVIRONMENT = {**production_environment("api", TEMP), "API_RATE_TOKEN": "1000000/minute"}
from bench.database import recreate_database, setup_django  # noqa: E402
from bench.servers import (  # noqa: E402
    free_port,
    serve_local_pki,
    start_gunicorn,
    wrk_one_at_a_time,
    wrk_script,
)

setup_django(**ENVIRONMENT)

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Role  # noqa: E402
from agreements.models import Agreement  # noqa: E402
from api import tokens  # noqa: E402
from demo.cast import person  # noqa: E402
from demo.scenario import DEMO_AGREEMENT_TITLE  # noqa: E402


def seed() -> tuple[str, dict[str, str]]:
    """The database as `make run` leaves it; a token, and the resources to measure."""
    recreate_database()
    quiet = io.StringIO()
    call_command("load_organisations", verbosity=0, stdout=quiet)
    serve_local_pki()
    call_command("seed_demo", verbosity=0, stdout=quiet)
    editor = person("bernheze", Role.OPSTELLER)
    _token, key = tokens.create_token(user=editor, name="bench", acting_user=editor)
    agreement = Agreement.objects.get(title=DEMO_AGREEMENT_TITLE)
    return key, {
        "Register (lijst van afspraken)": reverse("api:agreement-list"),
        "Versie 2 (canonieke JSON)": reverse(
            "api:version-detail", kwargs={"agreement_id": agreement.pk, "number": 2}
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    args = parser.parse_args()
    began = time.monotonic()
    key, resources = seed()
    scripts = {}
    for status in (200, 304):
        scripts[status] = TEMP / f"count-{status}.lua"
        scripts[status].write_text(wrk_script(status))
    port = free_port()
    server = start_gunicorn(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    print(f"Voorbereid in {time.monotonic() - began:.0f} s; gunicorn op poort {port}.", flush=True)
    token = {"Authorization": f"Bearer {key}"}
    rows = []
    failed = False
    try:
        for name, path in resources.items():
            first = requests.get(base + path, headers=token, timeout=30)
            again = requests.get(
                base + path, headers={**token, "If-None-Match": first.headers["ETag"]}, timeout=30
            )
            if first.status_code != 200 or again.status_code != 304:
                sys.exit(f"{path}: {first.status_code}, then {again.status_code}")
            revalidate = {**token, "If-None-Match": first.headers["ETag"]}
            pairs = []
            for _round in range(args.rounds):
                full = wrk_one_at_a_time(base + path, token, args.seconds, scripts[200])
                cached = wrk_one_at_a_time(base + path, revalidate, args.seconds, scripts[304])
                floor = wrk_one_at_a_time(base + "/gezond/", {}, args.seconds, scripts[200])
                pairs.append((full, cached, floor))
                failed |= bool(full["errors"] or cached["errors"] or floor["errors"])
                print(
                    f"{name}: 200 {full['p50']:.2f} ms, 304 {cached['p50']:.2f} ms, "
                    f"/gezond/ {floor['p50']:.2f} ms.",
                    flush=True,
                )
            rows.append((name, len(first.content), pairs))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"\nwrk: 1 thread, 1 connection, {args.seconds:g} s per measurement, {args.rounds} "
        f"rounds; gunicorn with {args.workers} sync workers on 127.0.0.1, PostgreSQL; a personal "
        "token of Bernheze's opsteller; median latencies in ms, the median over the rounds.\n"
    )
    print("| Resource | Body | 200 p50 | 304 p50 | 304 / 200 | Per round | /gezond/ p50 | Errors |")
    print("|---|---:|---:|---:|---:|---|---:|---:|")
    for name, size, pairs in rows:
        ratios = [cached["p50"] / full["p50"] for full, cached, _floor in pairs]
        errors = sum(a["errors"] + b["errors"] + c["errors"] for a, b, c in pairs)
        print(
            f"| {name} | {size / 1024:.1f} kB "
            f"| {statistics.median(f['p50'] for f, _c, _g in pairs):.2f} "
            f"| {statistics.median(c['p50'] for _f, c, _g in pairs):.2f} "
            f"| {statistics.median(ratios):.2f}× | {', '.join(f'{r:.2f}' for r in ratios)} "
            f"| {statistics.median(g['p50'] for _f, _c, g in pairs):.2f} | {errors} |"
        )
    print(f"\nTotale duur: {time.monotonic() - began:.0f} s.")
    if failed:
        sys.exit("Some answers were not as expected.")


if __name__ == "__main__":
    main()
