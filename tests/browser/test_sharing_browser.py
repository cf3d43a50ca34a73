"""Sharing in a real browser (issue 11): the Share control, and Data links that follow the filters."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import run_axe

TIMELINE = "/t/meta-ai-restructuring/"
PERMALINK = TIMELINE + "events/meta-cuts-600-ai-jobs/"
# Chromium on Linux has no Web Share API; say so explicitly, so the copy path is what is tested.
NO_WEB_SHARE = "Object.defineProperty(Navigator.prototype, 'share', { value: undefined, configurable: true });"


@pytest.fixture
def clipboard_page(browser):
    permissions = ["clipboard-read", "clipboard-write"]
    context = browser.new_context(viewport={"width": 1280, "height": 900}, permissions=permissions)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.add_init_script(NO_WEB_SHARE)
    yield page
    context.close()


def test_share_on_a_card_copies_the_permalink_and_says_so(clipboard_page, site):
    """Clicking Share on a card puts the event's absolute permalink on the clipboard and shows "Link copied"."""
    page = clipboard_page
    page.goto(site + TIMELINE)
    card = page.locator("#event-meta-cuts-600-ai-jobs")
    card.get_by_role("button", name=re.compile("^Share")).click()
    expect(card.locator(".share-status")).to_have_text("Link copied")
    expect(card.locator(".share-status")).to_be_visible()
    expect(page.locator("#announcer")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == site + PERMALINK
    assert page.url == site + TIMELINE  # it copied rather than navigated


def test_share_on_the_permalink_copies_it(clipboard_page, site):
    """The permalink's own Share control copies the page's address."""
    page = clipboard_page
    page.goto(site + TIMELINE + "events/lecun-reports-to-wang/")
    page.locator(".event-page").get_by_role("button", name=re.compile("^Share")).click()
    expect(page.locator(".event-page .share-status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == site + TIMELINE + "events/lecun-reports-to-wang/"


@pytest.mark.parametrize(
    ("path", "control"),
    [(TIMELINE, "#event-meta-cuts-600-ai-jobs"), (PERMALINK, ".event-page")],
    ids=["card", "permalink"],
)
def test_share_uses_the_web_share_api_where_there_is_one(page, site, path, control):
    """Where navigator.share exists, Share hands it the event's headline (the card's, or the
    permalink's own, not the window title) and its absolute permalink."""
    page.add_init_script(
        "navigator.share = data => { window.__shared = data; return Promise.resolve(); };"
        "navigator.canShare = () => true;"
    )
    page.goto(site + path)
    page.locator(control).get_by_role("button", name=re.compile("^Share")).click()
    page.wait_for_function("() => window.__shared")
    shared = page.evaluate("window.__shared")
    assert shared == {"title": "Meta cuts about 600 jobs in its AI unit", "url": site + PERMALINK}


def test_share_on_cards_swapped_in_by_htmx(clipboard_page, site):
    """Cards that arrive with a filter change share too (one listener for the document)."""
    page = clipboard_page
    page.goto(site + TIMELINE)
    page.locator("summary", has_text="Categories").click()
    page.get_by_label("Layoffs").check()
    expect(page.locator("#event-feed > article")).to_have_count(1)
    page.locator("#event-feed .share").click()
    expect(page.locator("#event-feed .share-status")).to_have_text("Link copied")
    assert page.evaluate("navigator.clipboard.readText()") == site + PERMALINK


def test_without_javascript_share_is_a_link_to_the_permalink(browser, site):
    """With JavaScript off, Share is a plain link that opens the permalink."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + TIMELINE)
    page.locator("#event-meta-cuts-600-ai-jobs").get_by_role("link", name=re.compile("^Share")).click()
    page.wait_for_url(site + PERMALINK)
    expect(page.locator("h1")).to_have_text("Meta cuts about 600 jobs in its AI unit")
    context.close()


def test_data_links_follow_a_filter_change(page, site):
    """After ticking a category (an htmx swap, no reload), every Data link carries category=layoffs."""
    page.goto(site + TIMELINE)
    json_link = page.locator(".data-links a[data-export=json]")
    expect(json_link).to_have_attribute("href", TIMELINE + "events.json")
    page.locator("summary", has_text="Categories").click()
    page.get_by_label("Layoffs").check()
    page.wait_for_url(re.compile(r"category=layoffs"))
    for export, path in (("json", "events.json"), ("csv", "events.csv"), ("ics", "events.ics"), ("atom", "feed/")):
        expect(page.locator(f".data-links a[data-export={export}]")).to_have_attribute(
            "href", f"{TIMELINE}{path}?category=layoffs"
        )
    expect(page.locator(".data-links")).to_contain_text("The 1 event that matches your filters")
    response = page.request.get(site + page.locator(".data-links a[data-export=json]").get_attribute("href"))
    assert [event["slug"] for event in response.json()["events"]] == ["meta-cuts-600-ai-jobs"]


@pytest.mark.parametrize("width", [375, 1280])
def test_share_and_data_pass_axe(browser, site, width):
    """axe-core finds no violations on the timeline page and a permalink with the new controls, phone and desk."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    for path in (TIMELINE, PERMALINK):
        page.goto(site + path)
        count, report = run_axe(page)
        assert count == 0, report
    context.close()


def test_share_target_is_thumb_sized_on_a_phone(browser, site):
    """On a 375 px phone the Share control and the Data links are at least 44 px tall."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site + TIMELINE)
    for selector in (".share", ".data-links a"):
        heights = page.eval_on_selector_all(selector, "els => els.map(e => e.getBoundingClientRect().height)")
        assert heights and min(heights) >= 44, (selector, heights)
    context.close()
