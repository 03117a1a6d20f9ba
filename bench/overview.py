"""Benchmark the registry overview (/overzicht/) at N agreements.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/spelregels_bench_overview \\
        .venv/bin/python bench/overview.py --agreements 10000

Builds the same database as bench/registry.py (its `seed`, so both benchmarks measure the same
data) and times the overview the same way (`measure`: 5 warm-ups, 50 measured requests, the
queries of one more) for two readers: the reader of Provincie Noord-Brabant, party to about
80% of the agreements (the busiest organisation), and a reader of a gemeente, party to a few
dozen. `--reuse` measures the database of an earlier run (of this script or of
bench/registry.py) again without seeding it. Results are in docs/benchmarks.md.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.registry import REQUESTS, WARM_UPS, measure, prepared_reader  # noqa: E402, I001

from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Layer, Membership, Organisation, Role, User  # noqa: E402
from agreements.models import Agreement  # noqa: E402

GEMEENTE_READER = "lezer@gemeente.bench.nl"


def gemeente_reader() -> tuple[User, Organisation]:
    """A reader of the gemeente that is party to the most agreements (made on first use)."""
    gemeente = (
        Organisation.objects.filter(layer=Layer.GEMEENTE)
        .annotate(agreements=Count("agreement_parties"))
        .order_by("-agreements", "code")
        .first()
    )
    user = User.objects.filter(email=GEMEENTE_READER).first()
    if user is None:
        user = User.objects.create_user(
            email=GEMEENTE_READER, password=None, full_name="Lezer gemeente"
        )
        Membership.objects.create(user=user, organisation=gemeente, role=Role.LEZER)
    return user, user.memberships.get().organisation


def main() -> None:
    args, reader = prepared_reader(__doc__.split("\n")[0])
    local, gemeente = gemeente_reader()
    overview = reverse("overview")
    readers = [
        ("Overzicht, lezer Noord-Brabant", reader, "PV30"),
        (f"Overzicht, lezer gemeente {gemeente.name}", local, gemeente.code),
    ]
    print(f"{args.agreements} afspraken, {REQUESTS} verzoeken na {WARM_UPS} om op te warmen\n")
    print("| Pagina | Partij bij | Mediaan (ms) | p95 (ms) | Queries |")
    print("|---|---:|---:|---:|---:|")
    for name, user, code in readers:
        client = Client()
        client.force_login(user)
        party_to = Agreement.objects.filter(parties__organisation__code=code).count()
        median, p95, queries, _found = measure(client, overview)
        print(f"| {name} | {party_to:,} | {median:.1f} | {p95:.1f} | {queries} |")


if __name__ == "__main__":
    main()
