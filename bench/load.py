"""Spelregels under load: gunicorn on 127.0.0.1, concurrent clients, a bounded mix.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spelregels_loadbench \\
        .venv/bin/python bench/load.py [--clients 8] [--seconds 30]

Drops and recreates the database named in DATABASE_URL (its name must contain "bench"),
migrates it, seeds the demo with its history (two signed versions; the sealed PDF is rendered
and stored) and gives every client an agreement of its own to edit. Then it starts gunicorn
(3 sync workers, production settings without HTTPS) and runs three phases with `--clients`
concurrent clients, each logged in as Bernheze's opsteller:

1. a minimal Django view (`/gezond/`, no database): the ceiling, `--seconds` / 3;
2. the agreement page of the demo agreement only, `--seconds` / 3;
3. the mix, `--seconds`: the registry (30%), the agreement page (30%), a builder step save
   (20%: load the step, post it with a new text and the revision it showed) and the stored
   sealed PDF (20%).

It reports per phase and per kind of request the throughput, median and 95th percentile
latency and the errors (any answer but 200, or 302 after a save), and checks that no
acknowledged save was lost: afterwards each client's agreement holds the text of its last
acknowledged save, its revision counts exactly the acknowledged saves, and the audit trail has
one `agreement.step_saved` event per acknowledged save. Results are in docs/benchmarks.md.
"""

import argparse
import os
import random
import re
import signal
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import (  # noqa: E402
    free_port,
    percentile,
    production_environment,
    serve_local_pki,
    start_gunicorn,
)

TEMP = Path(tempfile.mkdtemp(prefix="spelregels-load-"))
ENVIRONMENT = production_environment("load", TEMP)
from bench.database import recreate_database, setup_django  # noqa: E402

setup_django(**ENVIRONMENT)

import requests  # noqa: E402

from accounts.models import AuditEvent, Organisation, User  # noqa: E402
from agreements.models import Agreement, Party  # noqa: E402
from agreements.printing.archive import kind_for, request_pdf  # noqa: E402
from demo.scenario import DEMO_PASSWORD, seed_demo  # noqa: E402

EDITOR = "opsteller@bernheze.example.nl"
TIMEOUT = 60  # seconds; a request that takes longer counts as an error
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REVISION_INPUT = re.compile(r'name="revision" value="(\d+)"')


def prepare(clients: int) -> tuple[Agreement, list[Agreement]]:
    serve_local_pki()
    seed_demo(history=True)
    demo = Agreement.objects.get()
    version = demo.signed_version
    request_pdf(version=version, kind=kind_for(version))  # rendered once, stored
    editor = User.objects.get(email=EDITOR)
    bernheze = Organisation.objects.get(code="GM1721")
    own = []
    for number in range(clients):
        agreement = Agreement.objects.create(
            title=f"Belastingproef {number + 1}", created_by=editor
        )
        Party.objects.create(agreement=agreement, organisation=bernheze, position=0)
        own.append(agreement)
    return demo, own


class Client:
    """One logged-in browser-like session."""

    def __init__(self, base: str, own: Agreement, demo: Agreement, seed: int):
        self.base = base
        self.session = requests.Session()
        self.own = own
        self.demo = demo
        self.random = random.Random(seed)
        self.acknowledged: list[str] = []
        self.saves = 0
        self._log_in()

    def _log_in(self) -> None:
        page = self.session.get(f"{self.base}/inloggen/")
        token = CSRF_INPUT.search(page.text).group(1)
        response = self.session.post(
            f"{self.base}/inloggen/",
            data={"csrfmiddlewaretoken": token, "username": EDITOR, "password": DEMO_PASSWORD},
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"login failed: {response.status_code}")

    def get(self, path: str, *, stream: bool = False) -> tuple[bool, int]:
        response = self.session.get(
            self.base + path, allow_redirects=False, stream=stream, timeout=TIMEOUT
        )
        if stream:
            for _chunk in response.iter_content(65536):
                pass
        return response.status_code == 200, response.status_code

    def save_step(self) -> tuple[bool, int]:
        url = f"{self.base}/afspraken/{self.own.pk}/stappen/opgave/"
        page = self.session.get(url, timeout=TIMEOUT)
        if page.status_code != 200:
            return False, page.status_code
        self.saves += 1
        text = f"Resultaat na opslag {self.saves} ({self.random.random():.6f})"
        response = self.session.post(
            url,
            data={
                "csrfmiddlewaretoken": CSRF_INPUT.search(page.text).group(1),
                "revision": REVISION_INPUT.search(page.text).group(1),
                "title": self.own.title,
                "intended_result": text,
            },
            allow_redirects=False,
            timeout=TIMEOUT,
        )
        if response.status_code == 302:
            self.acknowledged.append(text)
            return True, 302
        return False, response.status_code


def run_phase(clients: list[Client], seconds: float, choose) -> dict:
    """Every client repeats choose(client) until time runs out; returns the samples."""
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, list[int]] = defaultdict(list)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def work(client: Client) -> None:
        while time.monotonic() < deadline:
            kind, action = choose(client)
            start = time.perf_counter()
            try:
                ok, status = action()
            except requests.RequestException:
                ok, status = False, 0
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                samples[kind].append(elapsed)
                if not ok:
                    errors[kind].append(status)

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"samples": samples, "errors": errors, "seconds": time.monotonic() - started}


def report(name: str, result: dict) -> list[str]:
    lines = []
    total = sum(len(v) for v in result["samples"].values())
    for kind, values in sorted(result["samples"].items()):
        errors = len(result["errors"].get(kind, []))
        lines.append(
            f"| {name} | {kind} | {len(values) / result['seconds']:.1f} | "
            f"{statistics.median(values):.1f} | {percentile(values, 0.95):.1f} | "
            f"{len(values)} | {errors} |"
        )
    if len(result["samples"]) > 1:
        errors = sum(len(v) for v in result["errors"].values())
        everything = [x for values in result["samples"].values() for x in values]
        lines.append(
            f"| {name} | alles | {total / result['seconds']:.1f} | "
            f"{statistics.median(everything):.1f} | {percentile(everything, 0.95):.1f} | "
            f"{total} | {errors} |"
        )
    return lines


def check_writes(clients: list[Client]) -> list[str]:
    """Every acknowledged save is in the database; returns the problems found."""
    problems = []
    for client in clients:
        agreement = Agreement.objects.get(pk=client.own.pk)
        acknowledged = len(client.acknowledged)
        if client.acknowledged and agreement.intended_result != client.acknowledged[-1]:
            problems.append(f"{agreement.title}: last acknowledged text missing")
        if agreement.revision != acknowledged:
            problems.append(
                f"{agreement.title}: revision {agreement.revision}, {acknowledged} acknowledged"
            )
        events = AuditEvent.objects.filter(
            object_id=str(agreement.pk), action="agreement.step_saved"
        ).count()
        if events != acknowledged:
            problems.append(f"{agreement.title}: {events} audit events, {acknowledged} saves")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    args = parser.parse_args()
    began = time.monotonic()
    recreate_database()
    demo, own = prepare(args.clients)
    port = free_port()
    server = start_gunicorn(port, args.workers)
    base = f"http://127.0.0.1:{port}"
    print(f"Voorbereid in {time.monotonic() - began:.0f} s; gunicorn op poort {port}.", flush=True)
    try:
        clients = [Client(base, own[i], demo, seed=i) for i in range(args.clients)]
        detail = f"/afspraken/{demo.pk}/"
        pdf = f"/afspraken/{demo.pk}/versies/{demo.signed_version.number}/pdf/"
        short = args.seconds / 3
        minimal = run_phase(clients, short, lambda c: ("minimale view", lambda: c.get("/gezond/")))
        print("Fase 1 klaar.", flush=True)
        page = run_phase(clients, short, lambda c: ("afspraakpagina", lambda: c.get(detail)))
        print("Fase 2 klaar.", flush=True)

        def mixed(client: Client):
            roll = client.random.random()
            if roll < 0.3:
                return "register", lambda: client.get("/afspraken/")
            if roll < 0.6:
                return "afspraakpagina", lambda: client.get(detail)
            if roll < 0.8:
                return "stap opslaan", client.save_step
            return "PDF downloaden", lambda: client.get(pdf, stream=True)

        mix = run_phase(clients, args.seconds, mixed)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    problems = check_writes(clients)
    acknowledged = sum(len(c.acknowledged) for c in clients)
    print(f"\n{args.clients} clients, gunicorn with {args.workers} sync workers on 127.0.0.1\n")
    print("| Fase | Verzoek | Per seconde | Mediaan (ms) | p95 (ms) | Aantal | Fouten |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for line in report("1 minimaal", minimal) + report("2 afspraak", page) + report("3 mix", mix):
        print(line)
    ceiling = sum(len(v) for v in minimal["samples"].values()) / minimal["seconds"]
    detail_rate = sum(len(v) for v in page["samples"].values()) / page["seconds"]
    print(f"\nAfspraakpagina: {detail_rate / ceiling:.0%} van de minimale view.")
    print(f"Bevestigde opslagen: {acknowledged}; verloren: {len(problems)}.")
    for problem in problems:
        print("VERLOREN:", problem)
    print(f"Totale duur: {time.monotonic() - began:.0f} s.")
    if problems or any(r["errors"] for r in (minimal, page, mix)):
        sys.exit(1)


if __name__ == "__main__":
    main()
