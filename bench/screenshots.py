"""`make screenshots`: PNGs of the main pages for docs/screenshots/, taken by
the same Chromium and Playwright setup as the browser tests.

Serves the sample timeline from a throwaway SQLite database on a free port.
"""

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_FLAGS, find_chromium  # noqa: E402

TIMELINE = "/t/meta-ai-restructuring/"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(env, port):
    python = sys.executable
    for command in (["migrate", "--noinput", "-v0"], ["load_sample"]):
        subprocess.run([python, "manage.py", *command], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [python, "manage.py", "shell", "-c",
         "from django.contrib.auth.models import User; "
         "User.objects.filter(username='editor').exists() or "
         "User.objects.create_superuser('editor', 'editor@example.com', 'screenshots-only')"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
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
            "DJANGO_DEBUG": "1",
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
                dark = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme="dark")
                dark.goto(base + TIMELINE + "?category=layoffs,markets&order=desc".replace(",", "&category="))
                shoot(dark, "chronology-dark", full_page=False)
                phone = browser.new_page(viewport={"width": 375, "height": 812}, is_mobile=True, device_scale_factor=2)
                phone.goto(base + TIMELINE)
                phone.locator("#event-feed").scroll_into_view_if_needed()
                shoot(phone, "chronology-mobile", full_page=False)
                for extra in EXTRA_SHOTS:
                    extra(browser, base)
                browser.close()
        finally:
            server.terminate()
            server.wait()


EXTRA_SHOTS = []

if __name__ == "__main__":
    main()
