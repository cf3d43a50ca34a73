"""`make compare`: our chronology beside TimelineJS 3.9.11, in one headless Chromium, cold cache.

Both get the same events: ours served by gunicorn as in production (DEBUG off,
hashed and compressed static files); TimelineJS from npm
(tests/browser/timelinejs) fed our own timelinejs.json, from a small static
server that gzips everything it sends. Every run is a fresh browser context
(nothing cached) and requests that leave 127.0.0.1 are refused for both.

Figures, medians of --runs loads of each page, the pages taken in turn: bytes
on the wire (every response's encoded length, headers included, from the
DevTools protocol), the first event in the DOM (ours: an <article>;
TimelineJS: an event slide's headline) and the largest contentful paint, both
from navigation start.
    python bench/compare.py [--sizes 13,1000] [--runs 3]
"""

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import threading
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.serving import database, gunicorn, slug_for  # noqa: E402
from tests.browser.chromium import CHROMIUM_FLAGS, find_chromium  # noqa: E402

TIMELINEJS = ROOT / "tests" / "browser" / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
TARGETS = {  # (figure, size or None for every size): the most our figure may be, as a share of TimelineJS's
    ("bytes", 13): 0.33,
    ("bytes", 1000): 0.25,
    ("lcp", None): 0.33,
    ("first_event", 1000): 0.10,
}
FIGURES = {"bytes": "bytes on the wire", "first_event": "first event in the DOM", "lcp": "largest contentful paint"}

# Runs before any page script: records when the first event appears and the largest contentful paint.
PROBE = """
window.__probe = {first: null, lcp: null};
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__probe.lcp = e.startTime; })
  .observe({type: "largest-contentful-paint", buffered: true});
const seen = () => document.querySelector(SELECTOR);
new MutationObserver((_, observer) => {
  if (window.__probe.first === null && seen()) { window.__probe.first = performance.now(); observer.disconnect(); }
}).observe(document, {childList: true, subtree: true});
"""
OURS = 'article[id^="event-"]'
THEIRS = ".tl-slide:not(.tl-slide-titleslide) .tl-headline"

TIMELINEJS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TimelineJS</title><link rel="stylesheet" href="tl/css/timeline.css"></head>
<body style="margin:0"><div id="timeline-embed" style="width:100%;height:100vh"></div>
<script src="tl/js/timeline.js"></script>
<script>new TL.Timeline("timeline-embed", "data.json");</script>
</body></html>
"""


# The floor's page: text alone, as long as a card's summary, in the browser's default font.
BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>A bare page</title></head>
<body><p>Facebook names NYU's Yann LeCun to head its new artificial intelligence group, later FAIR, with labs
in Menlo Park, New York and London. He starts in January 2014 and keeps his NYU post.</p></body></html>
"""


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser accepts it (as a CDN would serve TimelineJS)."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve_timelinejs(directory, data):
    (directory / "index.html").write_text(TIMELINEJS_PAGE)
    (directory / "bare.html").write_text(BARE_PAGE)
    (directory / "data.json").write_bytes(data)
    shutil.copytree(TIMELINEJS, directory / "tl")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/index.html"


def load(browser, url, selector):
    """One cold load: (bytes on the wire, first event ms, LCP ms)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    context.add_init_script(PROBE.replace("SELECTOR", json.dumps(selector)))
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})
    received = []
    session.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(url, wait_until="load")
    page.wait_for_function("() => window.__probe.first !== null", timeout=60_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # let the last paint be reported
    probe = page.evaluate("window.__probe")
    context.close()
    return sum(received), probe["first"], probe["lcp"]


def measure(browser, pages, runs):
    """{name: {figure: median}} of `runs` loads of each (url, selector) in `pages`, taken in
    turn, so that a busy moment of the machine falls on all of them alike."""
    loads = {name: [] for name in pages}
    for _ in range(runs):
        for name, (url, selector) in pages.items():
            loads[name].append(load(browser, url, selector))
    figures = ("bytes", "first_event", "lcp")
    medians = {}
    for name, taken in loads.items():
        columns = zip(*taken, strict=True)  # each load is (bytes, first event, LCP)
        medians[name] = dict(zip(figures, map(statistics.median, columns), strict=True))
    return medians


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="13,1000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows, misses, floors = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_FLAGS)
        for size in map(int, args.sizes.split(",")):
            with gunicorn(database(size)) as base, tempfile.TemporaryDirectory() as directory:
                url = f"{base}/t/{slug_for(size)}/"
                with urllib.request.urlopen(url + "timelinejs.json") as response:
                    data = response.read()
                server, theirs_url = serve_timelinejs(Path(directory), data)
                try:
                    load(browser, url, OURS)  # the server's own caches warm, as for any reader after the first
                    bare_url = theirs_url.replace("index.html", "bare.html")
                    pages = {"ours": (url, OURS), "theirs": (theirs_url, THEIRS), "bare": (bare_url, "p")}
                    medians = measure(browser, pages, args.runs)
                    ours, theirs = medians["ours"], medians["theirs"]
                    floors.append((size, medians["bare"]["lcp"], theirs["lcp"]))
                finally:
                    server.shutdown()
            for figure, label in FIGURES.items():
                ratio = ours[figure] / theirs[figure]
                target = TARGETS.get((figure, size), TARGETS.get((figure, None)))
                verdict = "" if target is None else ("meets" if ratio <= target else "MISSES") + f" ≤ {target:.2f}"
                if verdict.startswith("MISSES"):
                    misses.append((size, label))
                rows.append((size, label, _show(figure, ours[figure]), _show(figure, theirs[figure]), ratio, verdict))
        browser.close()
    print("| events | figure | ours | TimelineJS | ratio | target |")
    print("|---:|---|---:|---:|---:|---|")
    for size, label, ours, theirs, ratio, verdict in rows:
        print(f"| {size:,} | {label} | {ours} | {theirs} | {ratio:.2f} | {verdict} |")
    for size, bare, theirs in floors:
        print(
            f"Floor at {size:,}: a bare page's LCP, {_show('lcp', bare)}, is {bare / theirs:.2f} of TimelineJS's "
            "in the same loads."
        )
    if misses:
        print("Targets missed: " + "; ".join(f"{label} at {size:,}" for size, label in misses), file=sys.stderr)


def _show(figure, value):
    return f"{value / 1024:.0f} KB" if figure == "bytes" else f"{value / 1000:.2f} s"


if __name__ == "__main__":
    main()
