"""The slowest text the date parser can be given: is parsing bounded?

Parsing refuses more than 200 characters before any pattern runs. This tries
adversarial inputs up to that length (repeated qualifiers, digit runs, nested
parts, spans of spans, control characters, every dateparser layout) and
prints the slowest, median of five runs each. Run: `make bench`.
"""

import contextlib
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

from timeline.domain import dates  # noqa: E402

LIMIT = dates.parsing.MAX_LENGTH


def cases():
    units = ["c. ", "early ", "mid-", "late ", "before ", "after ", "the ", "1", "9", "0", "x", " to ", "–", "/",
             "22 October ", "Q3 ", "summer ", "'90s ", "BC ", "ago ", "\x00", "~", "?", "of ", "week of "]  # fmt: skip
    for unit in units:
        yield (unit * (LIMIT // len(unit) + 1))[:LIMIT]
    yield ("1 April to " * 20)[:LIMIT]
    yield ("between 2020 and " * 12)[:LIMIT]
    yield "Sat, 22 Oct 2025 10:00:00 GMT " + "x" * (LIMIT - 31)
    yield "22 octobre 2025 " + "9" * (LIMIT - 16)
    yield "9" * 5000  # refused on length alone


def measure(text):
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        with contextlib.suppress(dates.DateParseError):
            dates.parse(text, base=date(2026, 11, 29))
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def main():
    timings = sorted(((measure(text), text) for text in cases()), reverse=True)
    print(f"{len(timings)} adversarial inputs, up to {LIMIT} characters (longer ones are refused unread)")
    for seconds, text in timings[:5]:
        print(f"  {seconds * 1000:8.2f} ms  {text[:50]!r}{'…' if len(text) > 50 else ''} ({len(text)} chars)")
    print(f"Slowest: {timings[0][0] * 1000:.2f} ms")


if __name__ == "__main__":
    main()
