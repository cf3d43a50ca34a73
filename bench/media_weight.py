"""`make bench` (part): what the chronology of 50 image-bearing events costs a reader's browser.

Builds a throwaway SQLite database and media folder with 50 published events,
each with an uploaded 1600×1000 image (stored with its renditions by
timeline/domain/images.py), serves it, and loads /t/pictures/ in Chromium on
a desk (1280×900, 1×) and a phone (375×812, 2×). It reports the HTML's size,
how many images the first load fetched, at which widths, and their bytes:
thumbnails are lazy below the first few and sized to their box, so the
figures stay small whatever the number of events.
    python bench/media_weight.py
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.screenshots import free_port  # noqa: E402
from tests.browser.chromium import CHROMIUM_FLAGS, find_chromium  # noqa: E402

EVENTS = 50
SETUP = f"""
import datetime, io
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from timeline.domain import dates, images
from timeline.domain.models import Event, Media, Timeline
timeline = Timeline.objects.create(slug="pictures", title="Fifty pictures")
for n in range({EVENTS}):
    picture = Image.effect_noise((1600, 1000), 40).convert("RGB")
    ImageDraw.Draw(picture).rectangle([0, 0, 800, 1000], fill=(n * 5, 80, 160))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    prepared = images.prepare(SimpleUploadedFile("p.jpg", buffer.getvalue()))
    name, widths = images.store(prepared)
    event = Event(headline=f"Event {{n}} with a photograph", slug=f"pic-{{n}}", status="published",
                  summary="A sentence of summary, as a card has.")
    event.period = dates.Period.of(dates.Day.from_date(datetime.date(2025, 1, 1) + datetime.timedelta(days=n)), "day")
    event.save()
    event.timelines.add(timeline)
    Media.objects.create(event=event, kind="image", image=name, width=prepared.width, height=prepared.height,
                         rendition_widths=widths, alt_text=f"Photograph {{n}}")
"""


def measure(browser, url, viewport, scale):
    page = browser.new_page(viewport=viewport, device_scale_factor=scale)
    fetched = []

    def finished(request):
        response = request.response()
        if response is not None:
            fetched.append((request.url, response.headers.get("content-type", ""), len(response.body())))

    page.on("requestfinished", finished)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.close()
    html = sum(size for _, kind, size in fetched if kind.startswith("text/html"))
    pictures = [(address, size) for address, kind, size in fetched if "/media/" in address]
    widths = sorted({address.rsplit("-", 1)[-1] for address, _ in pictures})
    return html, len(pictures), sum(size for _, size in pictures), widths


def main():
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        print("Media weight: skipped, no Chromium found (`make browser` installs Debian's chromium).")
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/weight.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "bench-only",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        }
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run(
            [python, "manage.py", "shell", "-c", SETUP], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        port = free_port()
        server = subprocess.Popen(
            [python, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}/t/pictures/"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(url, timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
                print(f"Chronology of {EVENTS} image-bearing events, first load:")
                for label, viewport, scale in (
                    ("desk 1280×900 @1x", {"width": 1280, "height": 900}, 1),
                    ("phone 375×812 @2x", {"width": 375, "height": 812}, 2),
                ):
                    html, count, size, widths = measure(browser, url, viewport, scale)
                    print(
                        f"  {label}: HTML {html / 1024:.1f} KiB (uncompressed); {count} of {EVENTS} images "
                        f"fetched, {size / 1024:.1f} KiB, renditions {', '.join(widths)}"
                    )
                browser.close()
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
