"""`make bench`: server time for the chronology at 1k, 10k and 100k events on SQLite.

Each size gets its own database file under bench/data/ (built once, then
reused). Requests go through Django's full stack in process (middleware,
templates, database), so the figures are server time without the network.
    python bench/run.py [--sizes 1000,10000,100000] [--repeat 40]
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data"

CASES = {
    "full page": ({}, {}),
    "fragment": ({}, {"HX-Request": "true", "HX-Target": "results"}),
    "combined filter (fragment)": (
        {"category": "layoffs", "from": "2019", "to": "June 2022", "q": "shares"},
        {"HX-Request": "true", "HX-Target": "results"},
    ),
    "combined filter (full page)": ({"category": "layoffs", "from": "2019", "to": "June 2022", "q": "shares"}, {}),
    # The same requests right after an edit, when every cached count and card is stale.
    "full page, cold cache": ({}, {}),
    "fragment, cold cache": ({}, {"HX-Request": "true", "HX-Target": "results"}),
}


def measure(size, repeat):
    """Runs in a child process so each size has its own database settings."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    from bench.generate import build

    started = time.perf_counter()
    build(size, DATA / f"bench-{size}.sqlite3")
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rows = []
    for name, (params, headers) in CASES.items():
        client.get("/t/bench/", params, headers=headers)  # warm caches and connections
        timings = []
        for _ in range(repeat):
            if "cold" in name:
                cache.clear()
            begin = time.perf_counter()
            response = client.get("/t/bench/", params, headers=headers)
            timings.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, response.status_code
        if "cold" in name:
            cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get("/t/bench/", params, headers=headers)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        rows.append((name, statistics.median(timings), p95, len(queries)))
    for name, median, p95, count in rows:
        print(f"| {size:>7,} | {name:<27} | {median:7.1f} | {p95:7.1f} | {count:>7} |")
    print(f"(setup for {size:,} events: {time.perf_counter() - started:.1f} s)", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.one, args.repeat)
        return
    print("| events  | request                     |  median ms |  p95 ms | queries |")
    print("|--------:|-----------------------------|--------:|-------:|--------:|")
    for size in (int(s) for s in args.sizes.split(",")):
        subprocess.run([sys.executable, __file__, "--one", str(size), "--repeat", str(args.repeat)], check=True)


if __name__ == "__main__":
    main()
