"""Benchmark the registry, its search, a party filter, the overview and a timeline at N
agreements, for a reader who sees 80% of them and one who sees 1%.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/sr_bench100k_10k \\
        .venv/bin/python bench/registry.py --agreements 10000

Drops and recreates the database named in DATABASE_URL (its name must contain "bench"),
migrates it and seeds N agreements with COPY (bench/seeding.py). Then, for each reader (of
Provincie Noord-Brabant, party to about 80% of the agreements, the worst case for the
registry; of Gemeente Bernheze, party to about 1%), it requests each page 5 times to warm up
and 50 times measured through Django's test client, and prints a Markdown table with the
median and 95th percentile in milliseconds, the number of queries of one request and the
number of agreements found.

`--reuse` measures the database of an earlier run again without seeding it; `--serve` answers
bench/scale.py request by request instead, so that it can alternate the sizes. Results are in
docs/benchmarks.md.
"""

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import recreate_database, setup_django  # noqa: E402

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from agreements.models import Agreement  # noqa: E402
from bench.seeding import READER, SMALL_READER, seed  # noqa: E402

WARM_UPS = 5
REQUESTS = 50


def timed(client: Client, url: str) -> float:
    """One request, in milliseconds; anything but 200 stops the benchmark."""
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    return elapsed


def details(client: Client, url: str) -> tuple[int, int | str]:
    """The queries of one request, and how many agreements the page says it found."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    count = re.search(r"([\d.]+) afspra(?:ak|ken) gevonden", html)
    found: int | str = count.group(1) if count else 0
    if "Meer dan 1.000" in html:
        found = "> 1.000"
    return len(queries), found


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def measure(client: Client, url: str) -> tuple[float, float, int, int | str]:
    """Median and 95th percentile of `REQUESTS` requests after `WARM_UPS`, with `details`."""
    for _ in range(WARM_UPS):
        timed(client, url)
    timings = [timed(client, url) for _ in range(REQUESTS)]
    return statistics.median(timings), p95(timings), *details(client, url)


def prepared_reader(description: str) -> tuple[argparse.Namespace, User]:
    """The command line, and the reader of the database: seeded now, or from an earlier run
    with `--reuse` (shared with bench/overview.py, so both measure the same data)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--agreements", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the database seeded by an earlier run instead of seeding it again",
    )
    parser.add_argument(
        "--serve", action="store_true", help="measure request by request for bench/scale.py"
    )
    parser.add_argument("--seed-only", action="store_true", help="seed, do not measure")
    args = parser.parse_args()
    if args.reuse:
        args.agreements = Agreement.objects.count()
        return args, User.objects.get(email=READER)
    started = time.perf_counter()
    recreate_database()
    migrated = time.perf_counter()
    reader, rows = seed(args.agreements, random.Random(args.seed))
    print(
        f"Migrated in {migrated - started:.1f} s; seeded {args.agreements} agreements "
        f"({rows} rows) in {time.perf_counter() - migrated:.1f} s.\n",
        file=sys.stderr if args.serve else sys.stdout,
    )
    return args, reader


def pages(user: User) -> list[tuple[str, str]]:
    """The pages measured for `user`: the timeline is of the agreement of theirs with three
    versions, signed, that was changed last (so that it tells the same kind of story at every
    size)."""
    registry = reverse("agreement_list")
    own = (
        Agreement.objects.filter(
            parties__organisation__memberships__user=user,
            current_version__number=3,
            signed_version__isnull=False,
        )
        .order_by("-updated_at", "pk")
        .first()
    )
    assert own is not None, f"{user} is party to no agreement"
    return [
        ("Register, eerste pagina", registry),
        ("Register, status verlopen", f"{registry}?{urlencode({'status': 'verlopen'})}"),
        ("Zoeken: overeenkomst", f"{registry}?{urlencode({'q': 'overeenkomst'})}"),
        ("Partij: Enexis", f"{registry}?{urlencode({'organisatie': 'Enexis'})}"),
        ("Overzicht", reverse("overview")),
        ("Tijdlijn van één afspraak", reverse("agreement_timeline", args=[own.pk])),
    ]


def targets() -> list[dict]:
    """Every page for each reader, with a logged-in client: of Noord-Brabant and Bernheze."""
    found = []
    for reader_name, email in [("Noord-Brabant", READER), ("Bernheze", SMALL_READER)]:
        user = User.objects.get(email=email)
        visible = Agreement.objects.filter(parties__organisation__memberships__user=user).count()
        client = Client()
        client.force_login(user)
        for name, url in pages(user):
            found.append(
                {
                    "reader": reader_name,
                    "visible": visible,
                    "page": name,
                    "url": url,
                    "client": client,
                }
            )
    return found


def serve() -> None:
    """Measure for bench/scale.py, one request at a time, so that it can alternate sizes.

    Prints the pages (one JSON line), then answers each line on stdin: `time N` with the
    milliseconds of one request to page N, `details N` with its queries and agreements found.
    """
    pages_ = targets()
    print(json.dumps([{k: v for k, v in t.items() if k != "client"} for t in pages_]), flush=True)
    for line in sys.stdin:
        command, number = line.split()
        target = pages_[int(number)]
        if command == "time":
            answer: object = timed(target["client"], target["url"])
        else:
            answer = details(target["client"], target["url"])
        print(json.dumps(answer), flush=True)


def main() -> None:
    args, _reader = prepared_reader(__doc__.split("\n")[0])
    if args.seed_only:
        return
    if args.serve:
        serve()
        return
    print(f"{args.agreements} afspraken, {REQUESTS} verzoeken na {WARM_UPS} om op te warmen\n")
    print("| Lezer (ziet) | Pagina | Mediaan (ms) | p95 (ms) | Queries | Gevonden |")
    print("|---|---|---:|---:|---:|---:|")
    for target in targets():
        median, slow, queries, found = measure(target["client"], target["url"])
        print(
            f"| {target['reader']} ({target['visible']:,}) | {target['page']} | {median:.1f} "
            f"| {slow:.1f} | {queries} | {found or '—'} |"
        )


if __name__ == "__main__":
    main()
