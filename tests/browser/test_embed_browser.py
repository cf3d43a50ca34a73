"""The embed as a new user meets it: a host page on another origin with the loader."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import run_axe

FILLER = "<p>" + "Host page text. " * 400 + "</p>"


@pytest.fixture
def host(tmp_path, site, serve_files):
    """A plain HTML page served from another localhost port, embedding with the loader."""
    embed = f"{site}/t/meta-ai-restructuring/embed/"
    (tmp_path / "index.html").write_text(
        f"<!doctype html><title>Host</title><h1>A news story</h1>{FILLER}"
        f'<div data-timeline-embed="{embed}" data-title="Meta timeline"></div>'
        f'<script src="{site}/static/timeline/embed.js" async></script>{FILLER}'
    )
    (tmp_path / "framed.html").write_text(
        f'<!doctype html><title>Framing</title><iframe id="main-site" src="{site}/t/meta-ai-restructuring/"></iframe>'
    )
    return serve_files


def embed_frame(page):
    page.wait_for_selector("iframe[title='Meta timeline']")
    handle = page.query_selector("iframe[title='Meta timeline']")
    frame = handle.content_frame()
    frame.wait_for_selector("#event-feed")
    return handle, frame


def test_loader_creates_a_frame_that_fits_its_content(page, host):
    """The iframe has a title and grows to its content: no inner scrollbar."""
    page.goto(host + "/index.html")
    handle, frame = embed_frame(page)
    page.wait_for_timeout(300)  # let the height message arrive
    content = frame.evaluate("document.documentElement.scrollHeight")
    assert abs(handle.bounding_box()["height"] - content) <= 2
    assert content > 1000


def test_filters_work_inside_the_frame(page, host):
    """Ticking Layoffs inside the embed filters there, and the frame resizes."""
    page.goto(host + "/index.html")
    handle, frame = embed_frame(page)
    frame.locator("summary", has_text="Categories").click()
    frame.get_by_label("Layoffs").check()
    expect(frame.locator("#event-feed > article")).to_have_count(1)
    page.wait_for_timeout(300)
    assert abs(handle.bounding_box()["height"] - frame.evaluate("document.documentElement.scrollHeight")) <= 2


def test_deep_link_on_the_host_lands_on_the_event(page, host):
    """host.html#event-<slug> scrolls the host page to that event and highlights it."""
    page.goto(host + "/index.html#event-meta-cuts-600-ai-jobs")
    handle, frame = embed_frame(page)
    article = frame.locator("#event-meta-cuts-600-ai-jobs")
    expect(article).to_have_class("event event--major event--highlight")
    page.wait_for_timeout(300)
    assert page.evaluate("window.scrollY") > 1000  # the host page scrolled past its own text
    assert 0 <= article.bounding_box()["y"] < page.viewport_size["height"]


def test_main_site_refuses_to_be_framed(context, host):
    """Framing the chronology itself is blocked by the browser (a CSP report is expected here)."""
    page = context.new_page()
    page.goto(host + "/framed.html")
    page.wait_for_timeout(500)
    frame = page.query_selector("#main-site").content_frame()
    assert frame.query_selector("#event-feed") is None


def test_embed_page_passes_axe(page, site):
    """axe-core finds no violations on the embed page."""
    page.goto(site + "/t/meta-ai-restructuring/embed/")
    count, report = run_axe(page)
    assert count == 0, report


def test_embed_box_options_update_the_snippets_and_a_live_preview(page, site):
    """Choosing options in the Embed box rewrites both snippets and reloads the preview, adding no history."""
    page.goto(site + "/t/meta-ai-restructuring/")
    before = page.evaluate("history.length")
    page.get_by_text("Embed this timeline").click()
    preview = page.frame_locator(".embed-preview")
    expect(preview.locator("#event-feed > article").first).to_be_visible()
    page.get_by_label("Most recent events only").fill("5")
    page.get_by_label("Most recent events only").dispatch_event("change")
    page.get_by_label("Filters", exact=True).select_option("folded")
    expect(page.locator("#snippet-loader")).to_have_value(re.compile(r"filters=folded&amp;max=5"))
    expect(page.locator("#snippet-iframe")).to_have_value(re.compile(r"filters=folded&amp;max=5"))
    expect(preview.locator("#event-feed > article")).to_have_count(5)
    expect(preview.locator(".filter-button")).to_be_visible()
    page.get_by_label("Fixed height (px)").fill("600")
    page.get_by_label("Fixed height (px)").dispatch_event("change")
    fixed = re.compile(r'height=600&amp;max=5" title=".*" width="100%" height="600"')
    expect(page.locator("#snippet-loader")).to_have_value(fixed)
    assert page.evaluate("history.length") == before
