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

`--reuse` measures the database of an earlier run again without seeding it; `--json` prints
the results as one JSON object instead (bench/scale.py compares sizes with it). Results are in
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


def measure(client: Client, url: str) -> tuple[float, float, int, int | str]:
    for _ in range(WARM_UPS):
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    html = response.content.decode()
    count = re.search(r"([\d.]+) afspra(?:ak|ken) gevonden", html)
    found: int | str = count.group(1) if count else 0
    if "Meer dan 1.000" in html:
        found = "> 1.000"
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    return statistics.median(timings), p95, len(queries), found


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
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
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
        file=sys.stderr if args.json else sys.stdout,
    )
    return args, reader


def pages(user: User) -> list[tuple[str, str]]:
    """The pages measured for `user`: the timeline is of the agreement of theirs that was
    changed last."""
    registry = reverse("agreement_list")
    own = (
        Agreement.objects.filter(parties__organisation__memberships__user=user)
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


def main() -> None:
    args, _reader = prepared_reader(__doc__.split("\n")[0])
    if args.seed_only:
        return
    results = []
    for reader_name, email in [("Noord-Brabant", READER), ("Bernheze", SMALL_READER)]:
        user = User.objects.get(email=email)
        visible = Agreement.objects.filter(parties__organisation__memberships__user=user)
        client = Client()
        client.force_login(user)
        for name, url in pages(user):
            median, p95, queries, found = measure(client, url)
            results.append(
                {
                    "reader": reader_name,
                    "visible": visible.count(),
                    "page": name,
                    "median": median,
                    "p95": p95,
                    "queries": queries,
                    "found": found,
                }
            )
    if args.json:
        print(json.dumps({"agreements": args.agreements, "results": results}))
        return
    print(f"{args.agreements} afspraken, {REQUESTS} verzoeken na {WARM_UPS} om op te warmen\n")
    print("| Lezer (ziet) | Pagina | Mediaan (ms) | p95 (ms) | Queries | Gevonden |")
    print("|---|---|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['reader']} ({r['visible']:,}) | {r['page']} | {r['median']:.1f} "
            f"| {r['p95']:.1f} | {r['queries']} | {r['found'] or '—'} |"
        )


if __name__ == "__main__":
    main()
