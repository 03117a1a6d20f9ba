"""Compare the registry's pages at 100, 10,000 and 100,000 agreements, measured alternately.

    .venv/bin/python bench/scale.py --seed      # once: seed one database per size
    .venv/bin/python bench/scale.py --rounds 3  # measure them, alternating

One database per size (`<prefix>_100`, `<prefix>_10k`, `<prefix>_100k` on the server of
DATABASE_URL, default postgres://postgres@127.0.0.1:5432/). Each round runs
`bench/registry.py --reuse --json` once per size, in a rotated order, so that the sizes of one
round saw the same machine; the table gives every page's median per size (the median over
the rounds), its ratio to the median at 100 agreements (the median of the per-round ratios),
the highest 95th percentile at the largest size, and the queries of one request per size.
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


def measure(urls: dict[str, str], rounds: int) -> None:
    labels = list(urls)
    # (reader, page) -> size -> list of per-round results
    table: dict[tuple[str, str], dict[str, list[dict]]] = {}
    for number in range(rounds):
        order = labels[number % len(labels) :] + labels[: number % len(labels)]
        for label in order:
            for row in json.loads(run(urls[label], "--reuse", "--json"))["results"]:
                key = (f"{row['reader']}", row["page"])
                table.setdefault(key, {}).setdefault(label, []).append(row)
        print(f"round {number + 1} of {rounds} done ({', '.join(order)})", file=sys.stderr)
    largest = labels[-1]
    header = " | ".join(f"{label} (ms)" for label in labels)
    ratios = " | ".join(f"{label} / 100" for label in labels[1:])
    print(f"\n| Reader (sees) | Page | {header} | {ratios} | p95 {largest} | Queries | Target |")
    print("|---|---|" + "---:|" * (2 * len(labels) + 1) + "---|")
    for (reader, page), sizes in table.items():
        medians = {label: statistics.median(r["median"] for r in sizes[label]) for label in labels}
        ratio = {
            label: statistics.median(
                big["median"] / small["median"]
                for big, small in zip(sizes[label], sizes[labels[0]], strict=True)
            )
            for label in labels[1:]
        }
        visible = "/".join(f"{sizes[label][0]['visible']:,}" for label in labels)
        queries = "/".join(str(sizes[label][0]["queries"]) for label in labels)
        p95 = max(r["p95"] for r in sizes[largest])
        met = medians[largest] < TARGET_MS and ratio[largest] <= TARGET_RATIO
        print(
            f"| {reader} ({visible}) | {page} | "
            + " | ".join(f"{medians[label]:.1f}" for label in labels)
            + " | "
            + " | ".join(f"{ratio[label]:.2f}×" for label in labels[1:])
            + f" | {p95:.1f} | {queries} | {'met' if met else '**missed**'} |"
        )
    print("\nPer round (ms, " + " / ".join(labels) + "):\n")
    for (reader, page), sizes in table.items():
        cells = [
            " / ".join(f"{sizes[label][n]['median']:.1f}" for label in labels)
            for n in range(rounds)
        ]
        print(f"| {reader} | {page} | " + " | ".join(cells) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prefix", default="sr_bench100k")
    parser.add_argument("--sizes", default=",".join(SIZES), help="of " + ", ".join(SIZES))
    parser.add_argument("--seed", action="store_true", help="seed the databases, then stop")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/")
    server = server.rsplit("/", 1)[0]
    urls = {label: f"{server}/{args.prefix}_{label}" for label in args.sizes.split(",")}
    if args.seed:
        seed(urls)
    else:
        measure(urls, args.rounds)


if __name__ == "__main__":
    main()
