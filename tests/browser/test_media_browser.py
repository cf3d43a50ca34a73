"""Media in a real browser: facades contact no provider until clicked, then load an allowed player."""

import io
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from timeline.domain import images
from timeline.domain.models import Media
from timeline.domain.providers import IMAGE_ORIGINS, PLAYER_ORIGINS

from ..conftest import make_event, make_timeline
from .conftest import run_axe

PROVIDER_HOSTS = {urlsplit(origin).hostname for origin in PLAYER_ORIGINS + IMAGE_ORIGINS} | {
    "www.youtube.com", "youtube.com", "i.ytimg.com", "vimeo.com", "soundcloud.com", "www.openstreetmap.org",
}  # fmt: skip


@pytest.fixture
def story(live_server, transactional_db, settings, tmp_path):
    """A published event with an uploaded image, a YouTube video, a map and a quotation."""
    settings.MEDIA_ROOT = tmp_path / "media"
    timeline = make_timeline(slug="media-story", title="Media story")
    event = make_event(timeline, headline="The all-hands meeting", slug="all-hands")
    buffer = io.BytesIO()
    Image.new("RGB", (900, 600), (40, 90, 160)).save(buffer, "JPEG")
    prepared = images.prepare(SimpleUploadedFile("p.jpg", buffer.getvalue()))
    name, widths = images.store(prepared)
    Media.objects.create(event=event, kind="image", image=name, width=900, height=600, rendition_widths=widths,
                         alt_text="A blue square standing in for a photo", caption="The room", position=0)  # fmt: skip
    Media.objects.create(event=event, kind="link", url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                         caption="The recording", position=1)  # fmt: skip
    Media.objects.create(event=event, kind="link", url="https://www.openstreetmap.org/#map=16/37.4848/-122.1484",
                         position=2)  # fmt: skip
    Media.objects.create(event=event, kind="quote", quote="We will move faster.", attribution="A memo", position=3)
    return f"{live_server.url}/t/media-story/events/all-hands/"


@pytest.fixture
def outside(context):
    """Every request that leaves the test server, answered locally (there is no network here)."""
    requests = []

    def answer(route):
        requests.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>player</title><p>player")

    context.route(lambda url: urlsplit(url).hostname not in ("localhost", "127.0.0.1"), answer)
    return requests


def test_no_provider_is_contacted_until_the_reader_clicks(page, story, outside):
    """Loading and scrolling the event page requests nothing from YouTube or any provider; clicking the
    facade replaces it with an iframe from the allow-listed youtube-nocookie.com player."""
    page.goto(story)
    page.mouse.wheel(0, 3000)
    expect(page.get_by_text("We will move faster.")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not [url for url in outside if urlsplit(url).hostname in PROVIDER_HOSTS], outside
    assert page.locator("iframe").count() == 0

    page.get_by_role("link", name="Play video from YouTube").click()
    frame = page.locator("iframe.media-player")
    expect(frame).to_have_count(1)
    src = frame.get_attribute("src")
    assert src.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")
    page.wait_for_load_state("networkidle")
    contacted = {urlsplit(url).hostname for url in outside}
    assert contacted == {"www.youtube-nocookie.com"}, outside
    # The map is still a facade: one click, one provider.
    expect(page.get_by_role("link", name="Show map from OpenStreetMap")).to_be_visible()


def test_the_image_loads_from_our_own_media_at_a_fitting_width(page, story, outside):
    """The uploaded image is served by the site itself, as WebP, at a rendition that fits the column."""
    page.goto(story)
    image = page.get_by_role("img", name="A blue square standing in for a photo")
    expect(image).to_be_visible()
    page.wait_for_function("() => document.querySelector('.media--image img').complete")
    current = image.evaluate("img => img.currentSrc")
    # The column is 46rem (736px) wide at this viewport: the smallest rendition that fills it is 900px.
    assert current.startswith(story.split("/t/")[0] + "/media/images/") and current.endswith("-900w.webp")
    assert not outside


def test_without_javascript_the_facade_is_a_link_to_the_provider(browser, story):
    """With JavaScript off the facade is a plain link to the video on YouTube."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(story)
    link = page.get_by_role("link", name="Play video from YouTube")
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    context.close()


def test_the_event_page_with_media_passes_axe(page, story, outside):
    """Images with alt text, facades and the quotation pass axe-core."""
    page.goto(story)
    count, report = run_axe(page)
    assert count == 0, report
