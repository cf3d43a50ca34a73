"""`make loadtest`: wrk against gunicorn, beside a ceiling measured in the same run.

The app is served as in production (bench/serving.py: gunicorn with
timeline.serving.gunicorn_conf, DEBUG off) over the sample timeline (13 events) and a
bench/generate.py timeline of 10,000; the ceiling is bench/ceiling, a Django
app with a bare response and a 50-card template, behind the same gunicorn
configuration, measured first and last (shares are of the higher). Every
request asks for gzip, as browsers do. Before each case is measured, every
connection requests it once at the same time, so that each worker's per-process
cache is warm (one request would warm one worker): the figures are a warm server.
    python bench/loadtest.py [--sizes 13,10000] [--seconds 5] [--connections 16]
LOADTEST_SECONDS lengthens every run (default 5).
"""

import argparse
import http.client
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import database, gunicorn, slug_for  # noqa: E402

GZIP = {"Accept-Encoding": "gzip"}
FRAGMENT = {"HX-Request": "true", "HX-Target": "results"}
COMBINED = "?category=layoffs&from=2019&to=June+2022&q=shares"
TARGETS = "page at 10k ≥ 40% of the 50-card ceiling; warm page ≥ 50% of the bare ceiling; 0 errors; p99 < 250 ms"


def cases(base, size, path):
    slug = slug_for(size)
    combined = COMBINED if size != 13 else "?category=departures&from=June+2025&q=Meta"
    return [
        ("page", f"{base}/t/{slug}/", {}),
        ("fragment (HX-Request)", f"{base}/t/{slug}/", FRAGMENT),
        ("combined filter with search", f"{base}/t/{slug}/{combined}", {}),
        ("event page", f"{base}/t/{slug}/events/{published_slug(path)}/", {}),
        # Last: at 10k events an export is seconds of streaming that would still hold workers.
        ("events.json", f"{base}/t/{slug}/events.json", {}),
    ]


def published_slug(path):
    with sqlite3.connect(path) as connection:
        return connection.execute(
            "SELECT slug FROM timeline_event WHERE status = 'published' ORDER BY start_day LIMIT 1"
        ).fetchone()[0]


def warm(url, headers, connections):
    """`connections` requests at once before measuring, so every worker (each has its own cache)
    serves at least one; a failure is reported, and wrk then counts the errors."""

    def fetch(_):
        request = urllib.request.Request(url, headers={**GZIP, **headers})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
        except (OSError, http.client.HTTPException) as error:
            print(f"warming {url}: {error!r}", file=sys.stderr)

    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(fetch, range(connections)))


def wrk(url, headers, seconds, connections):
    """(requests per second, p50 ms, p99 ms, errors) from one wrk run."""
    command = ["wrk", "--latency", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    for name, value in {**GZIP, **headers}.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p50, p99 = (_ms(re.search(rf"^\s+{p}%\s+(\S+)", output, re.M)[1]) for p in (50, 99))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rate, p50, p99, errors + (int(non_2xx[1]) if non_2xx else 0)


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="13,10000")
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOADTEST_SECONDS", "5")))
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk (make loadtest does it)")
    run = lambda url, headers=None: wrk(url, headers or {}, args.seconds, args.connections)  # noqa: E731
    rows = []
    sizes = [int(size) for size in args.sizes.split(",")]
    paths = {size: database(size) for size in sizes}

    def measure_ceiling(when):
        with gunicorn(paths[sizes[0]], wsgi="bench.ceiling.wsgi") as base:
            for name, url in (("bare response", f"{base}/bare/"), ("50-card template", f"{base}/cards/")):
                warm(url, {}, args.connections)
                rows.append((f"ceiling ({when})", name, *run(url)))

    # The ceiling is measured first and last, and each share is taken of the higher of the two: the
    # load on a shared machine changes during a run, and the ceiling must not flatter us.
    measure_ceiling("first")
    for size in sizes:
        with gunicorn(paths[size]) as base:
            for name, url, headers in cases(base, size, paths[size]):
                warm(url, headers, args.connections)
                rows.append((f"{size:,}", name, *run(url, headers)))
    measure_ceiling("last")
    ceiling = {}
    for size, name, rate, *_ in rows:
        if size.startswith("ceiling"):
            ceiling[name] = max(rate, ceiling.get(name, 0))
    config = "gunicorn -c python:timeline.serving.gunicorn_conf"
    print(f"wrk, {args.connections} connections, {args.seconds} s per row; {config}")
    print("| events | request | req/s | p50 ms | p99 ms | errors | of bare | of 50 cards |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for size, name, rate, p50, p99, errors in rows:
        shares = [f"{100 * rate / ceiling[key]:.0f}%" for key in ("bare response", "50-card template")]
        errors = errors if rate else f"no answer in {args.seconds} s"
        print(f"| {size} | {name} | {rate:,.0f} | {p50:.1f} | {p99:.1f} | {errors} | {shares[0]} | {shares[1]} |")
    print(f"Shares are of the higher ceiling: bare {ceiling['bare response']:,.0f} req/s, 50 cards "
          f"{ceiling['50-card template']:,.0f} req/s. Targets: {TARGETS}.")  # fmt: skip


if __name__ == "__main__":
    main()
