"""The XSS corpus in Chromium: no payload runs on our pages, nor in TimelineJS fed our export.

Every payload calls `__xss(N)` or `alert(N)`. An init script defines `__xss` to
record N before any page script runs, and every dialog is recorded too. The
pages are opened with the Content Security Policy bypassed, so what is tested
is that the markup is inert, not that the CSP happens to block it. After load,
mouseover and focus are dispatched to every element (payloads that wait for a
reader), and the DOM is searched for event-handler attributes and script URLs.
"""

import os
import shutil
from pathlib import Path

import pytest
from django.test import Client

from timeline.domain.models import Event

from .. import xss

RECORDER = """
window.__xssHits = [];
window.__xss = (n) => { window.__xssHits.push(n); };
window.alert = window.confirm = window.prompt = (n) => { window.__xssHits.push("dialog " + n); };
"""
# Payloads' event-handler attributes and script URLs anywhere in the DOM, as the browser built it.
LIVE_MARKUP = """() => {
  const found = [];
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.replace(/\\s/g, "").toLowerCase();
      // TimelineJS has handlers of its own (onclick="void(0)"): a payload's carries its marker.
      if (name.startsWith("on") && /__xss|alert/.test(value)) found.push(`${element.tagName} ${name}=${value}`);
      if (["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"].includes(name)
          && /^(javascript:|vbscript:|data:text\\/html)/.test(value)) found.push(`${element.tagName} ${name}=${value}`);
    }
  }
  return found;
}"""
PROVOKE = """() => {
  for (const element of document.querySelectorAll("body *")) {
    element.dispatchEvent(new MouseEvent("mouseover", {bubbles: true}));
    element.dispatchEvent(new FocusEvent("focusin", {bubbles: true}));
  }
}"""
TIMELINEJS = Path(__file__).resolve().parent / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"


@pytest.fixture
def watched(browser):
    """A page that records every payload that runs and every dialog, with the CSP bypassed."""
    context = browser.new_context(bypass_csp=True)
    context.add_init_script(RECORDER)
    page = context.new_page()
    page.set_default_timeout(15_000)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    # Nothing leaves this machine: media on example.com and fonts are refused, not waited for.
    page.route("**/*", lambda route: route.continue_() if _local(route.request.url) else route.abort())
    yield page, dialogs
    context.close()


def _local(url):
    return url.startswith(("http://127.0.0.1:", "http://localhost:"))


def _visit(page, url):
    """Open `url`, provoke the payloads that wait for a reader, and say what ran and what is live."""
    page.goto(url, wait_until="load")
    page.evaluate(PROVOKE)
    page.wait_for_timeout(50)  # handlers fired by the events above run before this returns
    return page.evaluate("window.__xssHits"), page.evaluate(LIVE_MARKUP)


def test_no_payload_runs_on_any_page(live_server, transactional_db, watched):
    """Chronology, fragment-free embed, print view, home, index and event pages of the four
    poisoned timelines (admin-saved, TimelineJS JSON and CSV, article intake): nothing runs."""
    page, dialogs = watched
    xss.poison_orm()
    xss.poison_importers()
    urls = ["/", "/timelines/"]
    for slug in xss.POISONED_SLUGS:
        urls += [f"/t/{slug}/", f"/t/{slug}/embed/", f"/t/{slug}/?view=print", f"/t/{slug}/?order=desc&page=2"]
        event_slugs = Event.objects.published().filter(timelines__slug=slug).values_list("slug", flat=True)
        # Every event page of the admin-saved timeline (every field poisoned); a sample of the others.
        urls += [f"/t/{slug}/events/{event}/" for event in (event_slugs if slug == xss.ORM_SLUG else event_slugs[:5])]
    problems = {}
    for url in urls:
        ran, live = _visit(page, live_server.url + url)
        if ran or live:
            problems[url] = (ran, live)
    assert problems == {} and dialogs == [], (problems, dialogs)
    assert len(urls) > 120  # the loop really walked the pages


@pytest.fixture
def timelinejs_dist():
    if not (TIMELINEJS / "js" / "timeline.js").exists():
        if os.environ.get("CI") == "true":
            pytest.fail("TimelineJS is not installed: CI must run `bash tests/ensure_timelinejs.sh` (make browser).")
        pytest.skip("TimelineJS from npm is not installed: run `make browser` (tests/ensure_timelinejs.sh).")
    return TIMELINEJS


HOST_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>TimelineJS host</title>
<link rel="stylesheet" href="css/timeline.css"></head>
<body><div id="timeline" style="width: 1000px; height: 600px"></div>
<script src="js/timeline.js"></script>
<script>
fetch("timelinejs.json").then((answer) => answer.json()).then((data) => {
  window.slides = data.events.length;
  window.timeline = new TL.Timeline("timeline", data, {hash_bookmark: false});
  window.timeline.on("loaded", () => { window.loaded = true; });
});
</script></body></html>"""


def test_timelinejs_runs_no_payload_from_our_export(db, watched, timelinejs_dist, tmp_path, serve_files):
    """Our timelinejs.json, built from the corpus in every field, fed to TimelineJS 3.9.11 from
    npm: every slide is shown in turn, and no payload runs and no live markup appears."""
    page, dialogs = watched
    xss.poison_orm()
    xss.poison_importers()
    shutil.copytree(timelinejs_dist / "js", tmp_path / "js")
    shutil.copytree(timelinejs_dist / "css", tmp_path / "css")
    (tmp_path / "index.html").write_text(HOST_PAGE)
    client = Client()
    shown = 0
    for slug in xss.POISONED_SLUGS:
        answer = client.get(f"/t/{slug}/timelinejs.json")
        (tmp_path / "timelinejs.json").write_bytes(
            b"".join(answer.streaming_content) if answer.streaming else answer.content
        )
        page.goto(f"{serve_files}/index.html", wait_until="load")
        page.wait_for_function("() => window.loaded === true")
        slides = page.evaluate("window.slides")
        for index in range(slides + 1):  # the title slide, then each event
            page.evaluate(f"window.timeline.goTo({index})")
            shown += 1
        page.evaluate(PROVOKE)
        page.wait_for_timeout(50)
        ran, live = page.evaluate("window.__xssHits"), page.evaluate(LIVE_MARKUP)
        assert (ran, live, dialogs) == ([], [], []), slug
        assert page.locator(".tl-slide").count() >= slides  # TimelineJS really built the slides
    assert shown > 300
