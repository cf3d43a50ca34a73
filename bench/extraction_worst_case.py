"""The slowest article text extraction can be given: is it linear in the length?

Each pathological input (a run of digits, "A. A. …", "Meta cut jobs " and thousands
of digits, one date repeated through a sentence of thousands of words…) is
extracted at 20 KB and at 40 KB, median of three runs; the table shows both, their
ratio (about 2 when the work is linear, about 4 when quadratic) and the CPU time of
the 40 KB run, which is what the target is judged on: on a shared machine the wall
time also counts the other processes (the load average is printed). A 40 KB
stretch of the real, hand-labelled news corpus is the yardstick: the pathological
inputs should cost about what real text does. The target is under 1 s for 40 KB of
each. Run: `make bench`.
"""

import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "timeline.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench")

import django  # noqa: E402

django.setup()

from timeline.curation import evaluation  # noqa: E402
from timeline.curation.extraction import extract  # noqa: E402

SIZE = 40 * 1024
TARGET_SECONDS = 1.0
PUBLISHED = date(2025, 11, 12)

# (name, the unit repeated to the size, what comes before it)
UNITS = [
    ("digits", "1", ""),
    ("digits then %", "1", ""),
    ("1,1,1… (a count of people)", "1,", ""),
    ("A. A. A. … (initials)", "A. ", ""),
    ("Meta cut jobs + digits", "1", "Meta cut jobs "),
    ("Jan 1 Jan 1 …", "Jan 1 ", ""),
    ("on Monday …", "on Monday ", ""),
    ("Meta said on Monday …", "Meta said on Monday ", ""),
    ("in 2020 …", "in 2020 ", ""),
    ("last week …", "last week ", ""),
    ("early 2020 …", "early 2020 ", ""),
    ("the next day …", "the next day ", ""),
    ("1% 1% …", "1% ", ""),
    ("$1 $1 …", "$1 ", ""),
    ("c. c. …", "c. ", ""),
    ("Mr. Mr. …", "Mr. ", ""),
    ("a; a; … (clause breaks)", "a; ", ""),
    ("one word per line", "x\n", ""),
    ("list items", "- a\n", ""),
]


def text_of(unit, lead, size, name):
    body = lead + unit * (size // len(unit) + 1)
    body = body[:size]
    return body[:-1] + "%" if name == "digits then %" else body


def corpus_text(size):
    articles = evaluation.load(ROOT / "tests" / "data" / "extraction")
    text = "\n\n".join(article["text"] for _name, article in articles)
    return (text * (size // len(text) + 1))[:size]


def measure(text):
    """(median wall seconds, CPU seconds of the last run) of three extractions."""
    runs = []
    for _ in range(3):
        started, cpu = time.perf_counter(), time.process_time()
        extract(text, PUBLISHED)
        runs.append(time.perf_counter() - started)
        cpu = time.process_time() - cpu
    return statistics.median(runs), cpu


def main():
    cases = [("real news (the labelled corpus)", corpus_text(SIZE // 2), corpus_text(SIZE))]
    cases += [
        (name, text_of(unit, lead, SIZE // 2, name), text_of(unit, lead, SIZE, name)) for name, unit, lead in UNITS
    ]
    print(f"Extraction of pathological text: 20 KB and 40 KB, median of 3 (load average {os.getloadavg()[0]:.1f})")
    print(f"{'input':<34} {'20 KB':>8} {'40 KB':>8} {'ratio':>6} {'40 KB CPU':>10}")
    slowest = 0.0
    for name, half, full in cases:
        (small, _cpu), (large, cpu) = measure(half), measure(full)
        slowest = max(slowest, cpu) if not name.startswith("real") else slowest
        print(f"{name:<34} {small:7.3f}s {large:7.3f}s {large / small:6.1f} {cpu:9.3f}s")
    verdict = "under" if slowest < TARGET_SECONDS else "OVER"
    print(f"Slowest pathological 40 KB: {slowest:.3f} s of CPU ({verdict} the {TARGET_SECONDS:.0f} s target)")


if __name__ == "__main__":
    main()
