"""`make screenshots`: PNGs of the main pages for docs/screenshots/, taken by
the same Chromium and Playwright setup as the browser tests.

Serves the sample timeline from a throwaway SQLite database on a free port.
"""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))

from tests.browser.chromium import CHROMIUM_FLAGS, find_chromium  # noqa: E402

TIMELINE = "/t/meta-ai-restructuring/"
# Media for one sample event (docs/media.md), from facts the sample already holds: a Wikipedia article,
# Meta's headquarters on OpenStreetMap, and a passage quoted from one of the event's sources.
MEDIA_EVENT = "lecun-confirms-departure"
MEDIA_SETUP = f"""
from timeline.domain.models import Event, Media
event = Event.objects.get(slug="{MEDIA_EVENT}")
citation = event.citations.exclude(quote="").first()
Media.objects.create(event=event, kind="link", url="https://en.wikipedia.org/wiki/Yann_LeCun", position=0)
Media.objects.create(event=event, kind="link", url="https://www.openstreetmap.org/#map=17/37.48485/-122.14839",
                     caption="Meta's headquarters, 1 Hacker Way, Menlo Park", credit="OpenStreetMap", position=1)
Media.objects.create(event=event, kind="quote", quote=citation.quote, attribution=citation.source.publisher, position=2)
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env, port):
    python = sys.executable
    article = str(ROOT / "tests" / "data" / "lecun-exit-article.md")
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_sample"],
        ["import_article", article, "--published", "2025-11-15"],
    ):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [python, "manage.py", "shell", "-c",
         "from django.contrib.auth.models import User; "
         "User.objects.filter(username='editor').exists() or "
         "User.objects.create_superuser('editor', 'editor@example.com', 'screenshots-only')"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    subprocess.run([python, "manage.py", "shell", "-c", MEDIA_SETUP], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("The server did not start.")


def shoot(page, name, full_page=True):
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    print(f"wrote {path.relative_to(ROOT)}")


def main():
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise SystemExit("No Chromium found: run `make browser` (Debian's chromium package).")
    OUT.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/screens.sqlite3",
            "DJANGO_DEBUG": "0",  # as readers see it: styled error pages, no debug pages
            "DJANGO_SECRET_KEY": "screenshots-only",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        server = serve(env, port)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
                desk = browser.new_page(viewport={"width": 1280, "height": 900})
                desk.goto(base + TIMELINE)
                shoot(desk, "chronology-desktop", full_page=False)
                desk.goto(base + TIMELINE + "?category=departures&from=June+2025")
                shoot(desk, "chronology-filtered", full_page=False)
                desk.goto(base + TIMELINE + "events/meta-stock-falls-after-q3-earnings/")
                shoot(desk, "event-page")
                desk.goto(base + TIMELINE + f"events/{MEDIA_EVENT}/")
                shoot(desk, "event-media")
                # The card a shared link previews with (publishing/share_card.py), as scrapers fetch it.
                with urllib.request.urlopen(base + TIMELINE + "events/meta-cuts-600-ai-jobs/card.png") as card:
                    (OUT / "share-card.png").write_bytes(card.read())
                print("wrote docs/screenshots/share-card.png")
                dark = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
                dark.goto(base + TIMELINE + "?category=layoffs,markets&order=desc".replace(",", "&category="))
                shoot(dark, "chronology-dark", full_page=False)
                phone = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, device_scale_factor=2)
                phone.goto(base + TIMELINE)
                shoot(phone, "chronology-mobile", full_page=False)  # the first screen, as a reader lands
                phone.locator(".filter-button").click()
                shoot(phone, "chronology-mobile-filters", full_page=False)
                phone.goto(base + TIMELINE + "?category=departures")
                phone.locator("#results").scroll_into_view_if_needed()
                shoot(phone, "chronology-mobile-filtered", full_page=False)
                phone.goto(base + TIMELINE + f"events/{MEDIA_EVENT}/")
                shoot(phone, "event-media-mobile", full_page=False)
                phone.goto(base + "/timelines/")
                shoot(phone, "timelines-mobile", full_page=False)
                phone.goto(base + TIMELINE + "events/no-such-event/")
                shoot(phone, "not-found-mobile", full_page=False)
                embed_in_host(browser, base, tmp)
                admin_review(browser, base)
                browser.close()
        finally:
            server.terminate()
            server.wait()


def embed_in_host(browser, base, tmp):
    """A plain article page on another port embedding the timeline with the loader's snippet:
    on a desk, in a 680 px article column (filters folded by the frame's width) and on a phone."""
    host_dir = Path(tmp) / "host"
    host_dir.mkdir()
    story = (
        "<p>Our reporters followed every reorganisation at Meta this year: the hiring spree, the cuts and the "
        "departures. The timeline below keeps the key dates, with their sources.</p>"
    )

    def article(name, src, width):
        (host_dir / name).write_text(
            "<!doctype html><meta charset=utf-8><meta name=viewport content='width=device-width'><title>Host</title>"
            f"<style>body{{font:18px/1.6 Georgia,serif;max-width:{width}px;margin:2rem auto;padding:0 1rem;"
            "color:#222}</style><h1>Inside Meta's year of AI upheaval</h1>"
            + story
            + f'<iframe data-timeline-embed src="{base}/t/meta-ai-restructuring/embed/{src}" title="Departures at Meta"'
            ' width="100%" height="900" frameborder="0"></iframe>'
            f'<script src="{base}/static/timeline/embed.js" async></script><p>More of the story continues here.</p>'
        )

    article("index.html", "?category=departures&filters=0", 760)
    article("column.html", "?category=departures", 680)
    handler = partial(SimpleHTTPRequestHandler, directory=str(host_dir))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{server.server_address[1]}"
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.goto(f"{host}/index.html")
    page.wait_for_selector("iframe")
    page.wait_for_timeout(800)
    shoot(page, "embed-in-host-page")
    column = browser.new_page(viewport={"width": 1280, "height": 1000})
    column.goto(f"{host}/column.html")
    column.wait_for_selector("iframe")
    column.wait_for_timeout(800)
    shoot(column, "embed-narrow-column", full_page=False)
    phone = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, device_scale_factor=2)
    phone.goto(f"{host}/column.html")
    phone.wait_for_selector("iframe")
    phone.wait_for_timeout(800)
    phone.evaluate("window.scrollTo(0, document.querySelector('iframe').offsetTop - 80)")
    shoot(phone, "embed-phone", full_page=False)
    server.shutdown()


def admin_review(browser, base):
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    page.goto(base + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "screenshots-only")
    page.press("#id_password", "Enter")
    page.wait_for_url("**/admin/")
    page.goto(base + "/admin/timeline/sourcearticle/1/review/")
    shoot(page, "admin-review", full_page=False)


if __name__ == "__main__":
    main()
