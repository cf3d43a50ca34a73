"""TimelineJS import at scale, and what readers and editors see while one runs (issues 12 and 15).

    make bench-import
    python bench/import_bench.py [--sizes 1000,100000] [--during 50000]

1. Imports of synthetic TimelineJS files (`manage.py import_timelinejs`, as an
   operator runs it) into a fresh SQLite database: wall time, events per second,
   its CPU time and peak memory (RSS), both from wait4, and its longest write
   transaction (the command reports each batch's with -v 2).
2. During an import of --during events: a reader requesting the sample
   timeline's page and events.json, an ORM writer saving a category and an
   editor saving a category through the admin form, each timed; every failure
   counted (a 500, "database is locked", any exception).
3. `bench/generate.py` at the same sizes, into a copy of a migrated, empty
   database: the benchmarks' own bulk writer (batches of 100 with history, as
   the import writes), timed and measured the same way.
Prints each as a table. Needs nothing outside the repository.
"""

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GROUPS = ["Departures", "Hiring", "M&A", "Été", "Layoffs", "Deals", "Markets", "Models"]
WORDS = ["Meta", "lab", "layoffs", "stake", "model", "release", "chief", "scientist", "investors", "shares",
         "research", "hiring", "board", "chips"]  # fmt: skip


def timelinejs_file(count, path, seed=2025):
    """A TimelineJS JSON file of `count` slides: days, months and spans, groups, HTML text; half with unique_id."""
    rng = random.Random(seed)
    slides = []
    for n in range(count):
        start = {"year": 1990 + rng.randrange(36), "month": 1 + rng.randrange(12)}
        if rng.random() < 0.8:
            start["day"] = 1 + rng.randrange(28)
        slide = {
            "start_date": start,
            "text": {
                "headline": " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" ({n})",
                "text": "<p>" + " ".join(rng.choice(WORDS) for _ in range(30)) + ".</p>",
            },
            "group": rng.choice(GROUPS),
        }
        if n % 2:
            slide["unique_id"] = f"slide-{n}"
        if rng.random() < 0.1:
            slide["end_date"] = {"year": start["year"] + 1, "month": start["month"]}
        slides.append(slide)
    path.write_text(json.dumps({"title": {"text": {"headline": "Benchmark import"}}, "events": slides}))
    return path


def environment(database):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONUNBUFFERED": "1"}
    env.setdefault("DJANGO_SECRET_KEY", "bench-only")
    env["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    # The reader probe is one address asking for events.json 20 times a second: a per-address limit
    # would answer 429 and measure nothing (bench/serving.py lifts them for the load test alike).
    env.update(RATE_LIMIT_PRINT="1000000/s", RATE_LIMIT_EXPORTS="1000000/s", RATE_LIMIT_OEMBED="1000000/s")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(database, *args, **popen):
    return subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(database), **popen)


def template_database(folder, sample=True):
    """A migrated database holding the sample timeline (or nothing), copied for each run."""
    database = folder / ("template.sqlite3" if sample else "migrated.sqlite3")
    for command in (("migrate", "--noinput"), ("load_sample",))[: 2 if sample else 1]:
        if manage(database, *command, stdout=subprocess.DEVNULL).wait() != 0:
            raise SystemExit(f"manage.py {command[0]} failed")
    return database


def run_import(database, source, slug):
    """Import `source` in its own process: (seconds, CPU seconds, peak RSS in MB, longest write transaction
    in ms, report line)."""
    command = ("import_timelinejs", str(source), "--timeline", slug, "--publish", "-v", "2")
    started = time.perf_counter()
    process = manage(database, *command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    transactions = []
    for line in process.stderr:  # one line per committed batch: "400 of 1000 rows written (transaction: 52 ms)"
        if "(transaction: " in line:
            transactions.append(float(line.rsplit("(transaction: ", 1)[1].split()[0]))
    report = process.stdout.read().strip()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"the import failed: {report}")
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, cpu, usage.ru_maxrss / 1024, max(transactions, default=0), report


def run_generate(database, size):
    """`bench/generate.py` in its own process: (seconds, CPU seconds, peak RSS in MB). The database
    is migrated already, so its migrate is a check; the time is the writing and the ANALYZE after."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "bench/generate.py", str(size), str(database)], cwd=ROOT, env=environment(database)
    )
    _, status, usage = os.wait4(process.pid, 0)
    if status != 0:
        raise SystemExit("bench/generate.py failed")
    return time.perf_counter() - started, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


class Probe:
    """Calls `action` in a loop on its own thread until stopped; times each call and counts failures."""

    def __init__(self, name, action, pause):
        self.name, self.action, self.pause = name, action, pause
        self.timings, self.errors, self.stopping = [], [], threading.Event()
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def loop(self):
        from django.db import connection

        while not self.stopping.is_set():
            started = time.perf_counter()
            try:
                self.action()
            except Exception as error:  # every failure is a finding: counted and shown
                self.errors.append(f"{type(error).__name__}: {error}"[:200])
            self.timings.append(time.perf_counter() - started)
            self.stopping.wait(self.pause)
        connection.close()

    def row(self):
        ms = sorted(t * 1000 for t in self.timings)
        p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else 0
        median = statistics.median(ms) if ms else 0
        return f"| {self.name} | {len(ms)} | {len(self.errors)} | {median:.0f} | {p99:.0f} | {max(ms, default=0):.0f} |"


def contention(database, source):
    """Readers and writers at work while `source` is imported: one Probe row each, and the import's figures."""
    os.environ.update(environment(database))
    os.environ["DJANGO_SETTINGS_MODULE"] = "timeline.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from timeline.domain.models import Category

    category = Category.objects.create(name="Bench writes", slug="bench-writes")
    admin_user = User.objects.create_superuser("bench", password="bench-only-password")

    def read():
        client = Client()
        for path in ("/t/meta-ai-restructuring/", "/t/meta-ai-restructuring/events.json"):
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            if response.status_code != 200 or not body:
                raise RuntimeError(f"{path} answered {response.status_code}")

    def save_orm():
        category.name = f"Bench writes {time.time():.3f}"
        category.save()

    editor = Client()
    editor.force_login(admin_user)
    change = reverse("admin:timeline_category_change", args=[category.pk])

    def save_admin():
        response = editor.post(change, {"name": f"Bench admin {time.time():.3f}", "slug": "bench-writes"})
        if response.status_code != 302:
            raise RuntimeError(f"the admin save answered {response.status_code}")

    probes = [Probe("reader: page + events.json", read, 0.05), Probe("ORM save of a category", save_orm, 0.2),
              Probe("admin save of a category", save_admin, 0.5)]  # fmt: skip
    for probe in probes:
        probe.thread.start()
    try:
        figures = run_import(database, source, "during")
    finally:
        for probe in probes:
            probe.stopping.set()
        for probe in probes:
            probe.thread.join()
    return probes, figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,100000", help="import sizes, comma-separated")
    parser.add_argument("--during", type=int, default=50_000, help="import size for the contention run (0: skip)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="import-bench-") as folder:
        folder = Path(folder)
        template = template_database(folder)
        print("| events | seconds | CPU seconds | events/s | peak RSS (MB) | longest transaction (ms) | report |")
        print("|---:|---:|---:|---:|---:|---:|---|")
        for size in (int(s) for s in options.sizes.split(",") if s):
            database = folder / f"import-{size}.sqlite3"
            shutil.copy(template, database)
            source = timelinejs_file(size, folder / f"timeline-{size}.json")
            seconds, cpu, rss, longest, report = run_import(database, source, f"bench-{size}")
            rate = size / seconds
            print(f"| {size:,} | {seconds:.1f} | {cpu:.1f} | {rate:,.0f} | {rss:.0f} | {longest:.0f} | {report} |")
        print("\n`bench/generate.py`, the benchmarks' bulk writer:\n")
        print("| events | seconds | CPU seconds | events/s | peak RSS (MB) |")
        print("|---:|---:|---:|---:|---:|")
        migrated = template_database(folder, sample=False)  # generate() makes its own categories
        for size in (int(s) for s in options.sizes.split(",") if s):
            database = folder / f"generate-{size}.sqlite3"
            shutil.copy(migrated, database)
            seconds, cpu, rss = run_generate(database, size)
            print(f"| {size:,} | {seconds:.1f} | {cpu:.1f} | {size / seconds:,.0f} | {rss:.0f} |")
        if options.during:
            database = folder / "during.sqlite3"
            shutil.copy(template, database)
            source = timelinejs_file(options.during, folder / "during.json")
            probes, (seconds, cpu, rss, longest, report) = contention(database, source)
            print(
                f"\nDuring an import of {options.during:,} events ({seconds:.1f} s, {cpu:.1f} CPU s, "
                f"longest write transaction {longest:.0f} ms):\n"
            )
            print("| who | requests or saves | errors | p50 (ms) | p99 (ms) | max (ms) |")
            print("|---|---:|---:|---:|---:|---:|")
            for probe in probes:
                print(probe.row())
            for probe in probes:
                for error in sorted(set(probe.errors))[:5]:
                    print(f"  {probe.name}: {error}")


if __name__ == "__main__":
    main()
