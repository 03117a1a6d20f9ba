"""Downloads of every PDF kind against a static file of the same size, under wrk, side by side.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sr_render_bench \\
        .venv/bin/python bench/downloads.py [--seconds 3] [--rounds 3] [--port 18240]

(or `make bench-downloads`). Drops and recreates the database named in DATABASE_URL (its name
must contain "bench"), seeds the demo with its history (version 2 adopted, signed by every party
and published: its PDFs are asked for as the seed commits) and adopts version 3 live (its text
PDF comes with the adoption). Every PDF is rendered while seeding, in this process (the tasks
run at once); the run checks that each is stored before it starts the server, and that none was
rendered again after it.

Then gunicorn (2 sync workers, DEBUG off) serves both the PDFs, as a reader gets them: the
link on the version page (for the reader's session) and on the public page (for anyone),
signed links sent from storage before the application's stack (agreements/printing/links.py);
and, through WhiteNoise, a static file with the same bytes as each PDF. For each kind, in
`--rounds` rounds, wrk (1 thread, 1 connection: one request at a time) fetches the static copy
and then the download, each for `--seconds`; each round takes the links from the pages anew.
A fifth row measures the checked path (the version's PDF URL without the page's token: session,
user and rights from the database) for the sealed PDF, and a sixth the minimal view /gezond/.
The median latency of each, and their ratio, per round and over the rounds. The
machine may be busy with other work: the ratio of two measurements made one after the other is
what counts, not the milliseconds. Results are in docs/benchmarks.md ("PDF downloads from
storage").
"""

import argparse
import html
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.servers import production_environment  # noqa: E402

TEMP = Path(tempfile.mkdtemp(prefix="spelregels-downloads-"))
ENVIRONMENT = {
    **production_environment("downloads", TEMP),
    "STATIC_ROOT": str(TEMP / "static"),
    # The seed's PDFs are rendered in this process, at once.
    "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
}
from bench.database import recreate_database, setup_django  # noqa: E402
from bench.servers import (  # noqa: E402
    WRK_SCRIPT,
    free_port,
    serve_local_pki,
    start_gunicorn,
    wrk_one_at_a_time,
)

setup_django(**ENVIRONMENT)

import requests  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Role  # noqa: E402
from agreements.models import Agreement, ArchivedPdf, PdfKind, PdfStatus  # noqa: E402
from agreements.versions import adoption  # noqa: E402
from demo.cast import email, person  # noqa: E402
from demo.scenario import DEMO_AGREEMENT_TITLE, DEMO_PASSWORD, seed_demo  # noqa: E402

NAMES = {
    PdfKind.VERSION: "tekst (versie 3)",
    PdfKind.SEALED: "verzegeld (versie 2)",
    PdfKind.PUBLIC: "openbaar (versie 2)",
}


def seed() -> tuple[Agreement, dict[PdfKind, ArchivedPdf]]:
    """The demo with its history, and version 3 adopted live; every PDF stored."""
    recreate_database()
    call_command("load_organisations", verbosity=0)
    serve_local_pki()
    seed_demo(history=True)  # version 2's PDFs are asked for as it commits
    agreement = Agreement.objects.get(title=DEMO_AGREEMENT_TITLE)
    editor = person("bernheze", Role.OPSTELLER)
    adoption.open_amendment(agreement=agreement, acting_user=editor)
    agreement.refresh_from_db()
    agreement.why += " Ook warmte telt."
    agreement.save()
    adoption.adopt_version(agreement=agreement, acting_user=editor, note="Warmte erbij")
    pdfs = {
        PdfKind.VERSION: ArchivedPdf.objects.get(version__number=3, kind=PdfKind.VERSION),
        PdfKind.SEALED: ArchivedPdf.objects.get(version__number=2, kind=PdfKind.SEALED),
        PdfKind.PUBLIC: ArchivedPdf.objects.get(version__number=2, kind=PdfKind.PUBLIC),
    }
    for kind, archived in pdfs.items():
        if archived.status != PdfStatus.READY:
            sys.exit(f"{kind}: {archived.status} {archived.error}")
    return agreement, pdfs


def log_in(base: str, address: str) -> str:
    """A real login through the login form; returns the Cookie header of the session."""
    session = requests.Session()
    page = session.get(f"{base}/inloggen/", timeout=30)
    token = page.text.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = session.post(
        f"{base}/inloggen/",
        data={"csrfmiddlewaretoken": token, "username": address, "password": DEMO_PASSWORD},
        allow_redirects=False,
        timeout=30,
    )
    if response.status_code != 302 or "sessionid" not in session.cookies:
        sys.exit(f"login as {address} failed: {response.status_code}")
    return "; ".join(f"{name}={value}" for name, value in session.cookies.items())


CHECKED = "verzegeld (versie 2), gecontroleerd pad zonder token"
FLOOR = "minimale view /gezond/ (ter vergelijking)"


def page_links(base: str, cookie: str, pages: dict[PdfKind, str]) -> dict[PdfKind, str]:
    """The link to its PDF on each page, as the reader's browser gets it."""
    links = {}
    for kind, page in pages.items():
        response = requests.get(base + page, headers={"Cookie": cookie}, timeout=60)
        found = re.findall(r'href="([^"]*/pdf/\?toegang=[^"]*)"', response.text)
        if response.status_code != 200 or len(found) != 1:
            sys.exit(f"{page}: {response.status_code}, no signed link to the PDF")
        links[kind] = html.unescape(found[0])
    return links


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    args = parser.parse_args()
    began = time.monotonic()
    agreement, pdfs = seed()
    rendered = {kind: archived.rendered_at for kind, archived in pdfs.items()}
    publication = pdfs[PdfKind.PUBLIC].version.publication.pk
    pages = {
        PdfKind.VERSION: reverse("version_detail", args=[agreement.pk, 3]),
        PdfKind.SEALED: reverse("version_detail", args=[agreement.pk, 2]),
        PdfKind.PUBLIC: reverse("public_version", args=[publication]),
    }
    static = {}
    for kind, archived in pdfs.items():
        copy = TEMP / "static" / "bench" / f"{kind}.pdf"
        copy.parent.mkdir(parents=True, exist_ok=True)
        with archived.file.open("rb") as stored:
            copy.write_bytes(stored.read())
        static[kind] = f"/static/bench/{kind}.pdf"
    script = TEMP / "count.lua"
    script.write_text(WRK_SCRIPT)
    seeded = time.monotonic() - began
    args.port = args.port or free_port()
    server = start_gunicorn(args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    print(f"Voorbereid in {seeded:.0f} s; gunicorn op poort {args.port}.", flush=True)
    names = [NAMES[kind] for kind in pdfs] + [CHECKED, FLOOR]
    results: dict[str, list[tuple[dict, dict]]] = {name: [] for name in names}
    failed = False
    try:
        cookie = log_in(base, email("lezer", "oss"))
        checked = reverse("version_pdf", args=[agreement.pk, 2])
        links = page_links(base, cookie, pages)
        for kind, archived in pdfs.items():  # the same bytes from each, and warm
            paths = [static[kind], links[kind]] + ([checked] if kind == PdfKind.SEALED else [])
            for path in paths:
                response = requests.get(base + path, headers={"Cookie": cookie}, timeout=60)
                with archived.file.open("rb") as stored:
                    if response.status_code != 200 or response.content != stored.read():
                        sys.exit(f"{path}: {response.status_code}, not the stored PDF")
        for round_number in range(1, args.rounds + 1):
            links = page_links(base, cookie, pages)
            # Each download against the static file of the same bytes measured just before
            # it; the checked path and the minimal view against the sealed and public ones.
            measured = [(NAMES[kind], static[kind], links[kind]) for kind in pdfs] + [
                (CHECKED, static[PdfKind.SEALED], checked),
                (FLOOR, static[PdfKind.PUBLIC], "/gezond/"),
            ]
            for name, still, download in measured:
                pair = (
                    wrk_one_at_a_time(base + still, {"Cookie": cookie}, args.seconds, script),
                    wrk_one_at_a_time(base + download, {"Cookie": cookie}, args.seconds, script),
                )
                results[name].append(pair)
                failed |= bool(pair[0]["errors"] or pair[1]["errors"])
                print(
                    f"Ronde {round_number}, {name}: statisch {pair[0]['p50']:.2f} ms, "
                    f"download {pair[1]['p50']:.2f} ms.",
                    flush=True,
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    again = {
        kind: ArchivedPdf.objects.get(pk=archived.pk).rendered_at for kind, archived in pdfs.items()
    }
    if again != rendered or ArchivedPdf.objects.exclude(status=PdfStatus.READY).exists():
        sys.exit("A PDF was rendered again during the measurement.")
    print(
        f"\nwrk: 1 thread, 1 connection (one request at a time), {args.seconds:g} s per "
        f"measurement, {args.rounds} rounds; gunicorn with {args.workers} sync workers on "
        "127.0.0.1; the static copy (same bytes, WhiteNoise) measured just before each "
        "download; median latencies in ms, the median over the rounds.\n"
    )
    print("| PDF | Size | Static p50 | Download p50 | Ratio | Ratios per round | Errors |")
    print("|---|---:|---:|---:|---:|---|---:|")
    sizes = {NAMES[kind]: f"{archived.size / 1024:.0f} kB" for kind, archived in pdfs.items()}
    sizes[CHECKED] = sizes[NAMES[PdfKind.SEALED]]
    for name, pairs in results.items():
        ratios = [download["p50"] / still["p50"] for still, download in pairs]
        errors = sum(still["errors"] + download["errors"] for still, download in pairs)
        print(
            f"| {name} | {sizes.get(name, '—')} "
            f"| {statistics.median(s['p50'] for s, _d in pairs):.2f} "
            f"| {statistics.median(d['p50'] for _s, d in pairs):.2f} "
            f"| {statistics.median(ratios):.2f}× | {', '.join(f'{r:.2f}' for r in ratios)} "
            f"| {errors} |"
        )
    print(f"\nTotale duur: {time.monotonic() - began:.0f} s.")
    if failed:
        sys.exit("Some answers were not 200.")


if __name__ == "__main__":
    main()
