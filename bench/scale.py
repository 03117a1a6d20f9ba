"""Compare the registry's pages at 100, 10,000 and 100,000 agreements, measured alternately.

    .venv/bin/python bench/scale.py --seed   # once: seed one database per size (COPY)
    .venv/bin/python bench/scale.py          # measure them, request by request

One database per size (`<prefix>_100`, `<prefix>_10k`, `<prefix>_100k` on the server of
DATABASE_URL, default postgres://postgres@127.0.0.1:5432/). For each size a
`bench/registry.py --reuse --serve` process holds the logged-in readers; for every page this
script asks them for one request at a time, the sizes in a rotating order (5 warm-ups, then
50 measured each), so that on a shared, noisy machine every size sees the same moments. It
prints per page and reader the median and 95th percentile at each size, the ratio of the
medians to the one at 100 agreements, the queries of one request and the agreements found.
Results are in docs/benchmarks.md.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"100": 100, "10k": 10_000, "100k": 100_000}
WARM_UPS = 5
REQUESTS = 50
TARGET_MS = 100
TARGET_RATIO = 2.0


def run(url: str, *args: str) -> str:
    environment = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(  # noqa: S603 (this interpreter, our own script)
        [sys.executable, str(ROOT / "bench" / "registry.py"), *args],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"bench/registry.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def seed(urls: dict[str, str]) -> None:
    for label, url in urls.items():
        started = time.perf_counter()
        print(run(url, "--agreements", str(SIZES[label]), "--seed-only").strip())
        print(f"{label}: {time.perf_counter() - started:.0f} s in all\n")


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


class Worker:
    """`bench/registry.py --reuse --serve` on one database: one request per question."""

    def __init__(self, url: str):
        self.process = subprocess.Popen(  # noqa: S603 (this interpreter, our own script)
            [sys.executable, str(ROOT / "bench" / "registry.py"), "--reuse", "--serve"],
            env={**os.environ, "DATABASE_URL": url},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.pages = self.answer()

    def answer(self):
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            sys.exit("bench/registry.py --serve stopped")
        return json.loads(line)

    def ask(self, command: str, number: int):
        assert self.process.stdin is not None
        self.process.stdin.write(f"{command} {number}\n")
        self.process.stdin.flush()
        return self.answer()

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


def measure(urls: dict[str, str], requests: int, only: list[str]) -> None:
    labels = list(urls)
    workers = {label: Worker(url) for label, url in urls.items()}
    pages = workers[labels[0]].pages
    assert all([p["page"] for p in w.pages] == [p["page"] for p in pages] for w in workers.values())
    largest = labels[-1]
    header = " | ".join(f"{label}: median / p95 (ms)" for label in labels)
    ratios = " | ".join(f"{label} / 100" for label in labels[1:])
    print(f"| Reader (sees) | Page | {header} | {ratios} | Queries | Found | Target |")
    print("|---|---|" + "---:|" * (2 * len(labels) + 1) + "---|")
    for number, page in enumerate(pages):
        if only and not any(name.lower() in page["page"].lower() for name in only):
            continue
        timings: dict[str, list[float]] = {label: [] for label in labels}
        for round_ in range(WARM_UPS + requests):
            # Request by request, in a rotating order: every size sees the same machine.
            shift = round_ % len(labels)
            for label in labels[shift:] + labels[:shift]:
                elapsed = workers[label].ask("time", number)
                if round_ >= WARM_UPS:
                    timings[label].append(elapsed)
        medians = {label: statistics.median(timings[label]) for label in labels}
        slow = {label: p95(timings[label]) for label in labels}
        about = {label: workers[label].ask("details", number) for label in labels}
        ratio = {label: medians[label] / medians[labels[0]] for label in labels[1:]}
        met = medians[largest] < TARGET_MS and ratio[largest] <= TARGET_RATIO
        visible = "/".join(f"{w.pages[number]['visible']:,}" for w in workers.values())
        print(
            f"| {page['reader']} ({visible}) | {page['page']} | "
            + " | ".join(f"{medians[label]:.1f} / {slow[label]:.1f}" for label in labels)
            + " | "
            + " | ".join(f"{ratio[label]:.2f}×" for label in labels[1:])
            + f" | {'/'.join(str(about[label][0]) for label in labels)}"
            + f" | {'/'.join(str(about[label][1] or '—') for label in labels)}"
            + f" | {'met' if met else '**missed**'} |",
            flush=True,
        )
    for worker in workers.values():
        worker.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", default="sr_bench100k")
    parser.add_argument("--sizes", default=",".join(SIZES), help="of " + ", ".join(SIZES))
    parser.add_argument("--seed", action="store_true", help="seed the databases, then stop")
    parser.add_argument("--requests", type=int, default=REQUESTS)
    parser.add_argument(
        "--pages",
        default="",
        help="measure only the pages whose name contains one of these (comma-separated), "
        "such as Overzicht,Zoeken",
    )
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
    server = server.rsplit("/", 1)[0]
    urls = {label: f"{server}/{args.prefix}_{label}" for label in args.sizes.split(",")}
    if args.seed:
        seed(urls)
    else:
        measure(urls, args.requests, [name for name in args.pages.split(",") if name])


if __name__ == "__main__":
    main()
