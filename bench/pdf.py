"""Benchmark the archival PDF of the demo agreement.

    .venv/bin/python bench/pdf.py [--runs 10] [--downloads 50]

Uses a throw-away SQLite database (or DATABASE_URL when it names a database containing
"bench"), migrates it and seeds the demo with its history (two versions, both signed by every
party). Then it measures, for version 2:

- rendering its PDF (PDF/A-3a, tagged, JSON embedded), unsealed and sealed, `--runs` times
  after one warm-up;
- WeasyPrint rendering the same HTML bare (same stylesheets and fetcher, default options: no
  PDF/A, no tags, no attachment), interleaved with the above in the same run, for the ratio;
- a download of the stored sealed PDF through Django's test client (full middleware, no
  network), `--downloads` times after five warm-ups.

Prints a Markdown table of medians and 95th percentiles in milliseconds. Results are in
docs/benchmarks.md.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.database import setup_django  # noqa: E402
from bench.servers import pki_environment, serve_local_pki  # noqa: E402

TEMP = tempfile.mkdtemp(prefix="spelregels-pdf-bench-")
if "bench" not in os.environ.get("DATABASE_URL", ""):
    os.environ["DATABASE_URL"] = f"sqlite:///{TEMP}/bench.sqlite3"
setup_django(MEDIA_ROOT=f"{TEMP}/media", **pki_environment("pdf", Path(TEMP)))

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from weasyprint import HTML  # noqa: E402

from accounts.models import User  # noqa: E402
from agreements.models import Agreement  # noqa: E402
from agreements.printing.pdfa import PRINT_BASE_URL, StaticOnlyFetcher  # noqa: E402
from agreements.printing.render import agreement_html, render_agreement_pdf, signature_blocks  # noqa: E402
from demo.scenario import seed_demo  # noqa: E402


def ms(seconds: float) -> float:
    return seconds * 1000


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return ms(time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--downloads", type=int, default=50)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    serve_local_pki()
    seed_demo(history=True)
    agreement = Agreement.objects.get()
    version = agreement.signed_version
    html = agreement_html(
        version.document,
        version=version,
        signature_blocks=signature_blocks(version, signed=False),
    )

    def bare():
        return HTML(
            string=html, base_url=PRINT_BASE_URL, url_fetcher=StaticOnlyFetcher()
        ).write_pdf()

    # Warm up fonts, stylesheets and templates once.
    _html, data = render_agreement_pdf(version)
    bare()
    from io import BytesIO

    from pypdf import PdfReader

    pages = len(PdfReader(BytesIO(data)).pages)
    archival, sealed, plain = [], [], []
    for _ in range(args.runs):
        plain.append(timed(bare))
        archival.append(timed(lambda: render_agreement_pdf(version)))
        sealed.append(timed(lambda: render_agreement_pdf(version, sealed=True)))

    client = Client()
    client.force_login(User.objects.get(email="lezer@oss.example.nl"))
    url = reverse("version_pdf", args=[agreement.pk, version.number])

    def download():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        b"".join(response.streaming_content)

    download()  # renders and stores it once
    for _ in range(5):
        download()
    downloads = [timed(download) for _ in range(args.downloads)]

    rows = [
        ("WeasyPrint kaal (zelfde HTML)", plain),
        ("PDF/A-3a met tags en JSON", archival),
        ("PDF/A-3a, ondertekend en verzegeld", sealed),
        ("Opgeslagen PDF downloaden", downloads),
    ]
    print(f"\nDemo-afspraak versie {version.number}: {pages} pagina's, {len(data):,} bytes\n")
    print("| Meting | Mediaan (ms) | p95 (ms) | Aantal |")
    print("|---|---:|---:|---:|")
    for label, samples in rows:
        median, p95 = summary(samples)
        print(f"| {label} | {median:.1f} | {p95:.1f} | {len(samples)} |")
    ratio = statistics.median(archival) / statistics.median(plain)
    sealed_ratio = statistics.median(sealed) / statistics.median(plain)
    print(f"\nVerhouding PDF/A tot kaal: {ratio:.2f}×; verzegeld tot kaal: {sealed_ratio:.2f}×")


if __name__ == "__main__":
    main()
