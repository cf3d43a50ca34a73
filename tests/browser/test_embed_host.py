"""The embed inside a host article on another origin, with a strict CSP (issue 10).

The host page is a 680 px article column with text above and below the embed,
served with a Content-Security-Policy that allows only the app's origin in
frame-src and script-src (the page fixture fails a test on any CSP error).
"""

import threading
from datetime import date, timedelta
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..conftest import make_event, make_timeline
from .conftest import run_axe

TEXT = "<p>" + "The story goes on, paragraph after paragraph of the host's own reporting. " * 12 + "</p>"
CSS = "body{margin:0;font:18px/1.6 Georgia,serif}article{max-width:680px;margin:1.5rem auto;padding:0 1rem}"
# What the host page measures: its cumulative layout shift, from the first byte.
CLS = """
window.__cls = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { if (!entry.hadRecentInput) window.__cls += entry.value; });
}).observe({ type: "layout-shift", buffered: true });
"""
EMBED = "/t/meta-ai-restructuring/embed/"


def article(site, *holders, above=TEXT):
    """The article: each holder is the Embed box's iframe snippet, or with `div:` the older div form."""
    body = "".join(
        f'<div data-timeline-embed="{site}{src[4:]}" data-title="{title}" data-height="900"></div>'
        if src.startswith("div:")
        else f'<iframe data-timeline-embed src="{site}{src}" title="{title}" width="100%" height="900"></iframe>'
        for src, title in holders
    )
    return (
        '<!doctype html><meta charset="utf-8"><title>Host article</title><link rel="stylesheet" href="host.css">'
        f'<article><h1>A news story</h1>{above}{body}<script src="{site}/static/timeline/embed.js" async></script>'
        f"{TEXT * 3}</article>"
    )


@pytest.fixture
def host(tmp_path, site):
    """Host pages on another origin; `host.page(name, *holders)` writes one and returns its URL."""
    policy = f"default-src 'self'; script-src {site}; frame-src {site}; style-src 'self'"

    class Handler(SimpleHTTPRequestHandler):
        def end_headers(self):
            self.send_header("Content-Security-Policy", policy)
            super().end_headers()

        def log_message(self, *args):
            pass

    (tmp_path / "host.css").write_text(CSS)
    (tmp_path / "start.html").write_text('<!doctype html><title>Before</title><link rel="stylesheet" href="host.css">')
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"

    class Host:
        url = origin
        root = str(tmp_path)

        def page(self, name, *holders, **kwargs):
            (tmp_path / name).write_text(article(site, *holders, **kwargs))
            return f"{origin}/{name}"

    yield Host()
    server.shutdown()


def frame_of(page, title="Timeline"):
    handle = page.wait_for_selector(f"iframe[title='{title}']")
    frame = handle.content_frame()
    frame.wait_for_selector("#results")
    return handle, frame


def assert_fits(page, handle, frame):
    """The frame is as tall as its content (within 2 px), once layout and the height message have settled."""
    previous = None
    for _ in range(30):
        content = frame.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
        height = handle.evaluate("el => el.getBoundingClientRect().height")
        if content == previous and abs(height - content) <= 2:
            return content
        previous = content
        page.wait_for_timeout(100)
    raise AssertionError(f"the frame is {height} px tall for {content} px of content")


def test_height_follows_content_on_load_and_resize(page, host):
    """Loading, narrowing to 375 px and widening back: the frame always matches its content, both ways."""
    page.goto(host.page("fit.html", (EMBED, "Timeline")))
    handle, frame = frame_of(page)
    wide = assert_fits(page, handle, frame)
    page.set_viewport_size({"width": 375, "height": 800})
    frame.wait_for_function("() => innerWidth < 400")
    narrow = assert_fits(page, handle, frame)
    assert narrow > wide  # a narrower column is taller
    page.set_viewport_size({"width": 1280, "height": 900})
    frame.wait_for_function("() => innerWidth > 600")
    assert abs(assert_fits(page, handle, frame) - wide) <= 2  # and it shrinks back


def test_height_follows_an_empty_search_and_clearing_it(page, host):
    """A search that empties the list shrinks the frame; clearing it grows it back."""
    page.goto(host.page("search.html", (EMBED, "Timeline")))
    handle, frame = frame_of(page)
    full = assert_fits(page, handle, frame)
    frame.locator(".filter-button").click()
    frame.locator("#id_q").fill("nothing-matches-this")
    expect(frame.locator(".empty")).to_be_visible()
    empty = assert_fits(page, handle, frame)
    assert empty < full / 2
    frame.locator("#id_q").fill("")
    expect(frame.locator("#event-feed > article").first).to_be_visible()
    assert assert_fits(page, handle, frame) > empty * 2


@pytest.fixture
def long_timeline(site):
    timeline = make_timeline(slug="long", title="A long story", is_published=True)
    for day in range(60):
        make_event(timeline, slug=f"day-{day}", start_date=date(2024, 1, 1) + timedelta(days=day))
    return timeline


def test_height_follows_load_more(page, host, long_timeline):
    """ "Load more" appends the second page and the frame grows to fit it."""
    page.goto(host.page("more.html", ("/t/long/embed/", "Timeline")))
    handle, frame = frame_of(page)
    first = assert_fits(page, handle, frame)
    frame.get_by_role("link", name="Load more events").click()
    expect(frame.locator("#event-feed > article")).to_have_count(60)
    assert assert_fits(page, handle, frame) > first


def test_filtering_adds_no_host_history(page, host):
    """Five filter changes inside the frame leave history.length alone, and Back leaves the article."""
    page.goto(host.url + "/start.html")
    page.goto(host.page("history.html", (EMBED, "Timeline")))
    handle, frame = frame_of(page)
    before = page.evaluate("history.length")
    frame.locator(".filter-button").click()
    frame.locator("summary", has_text="Categories").click()
    boxes = frame.locator("input[name=category]")
    for i in range(5):
        with page.expect_response(lambda response: response.request.headers.get("hx-request") == "true"):
            boxes.nth(i % boxes.count()).click()
        page.wait_for_timeout(100)  # the swap and its URL update
    assert page.evaluate("history.length") == before
    assert "category=" in frame.url  # the state lives in the frame's own URL
    page.go_back()
    assert page.url.endswith("/start.html")


def test_deep_link_still_works_with_filters_folded(page, host):
    """#event-<slug> on the host lands on that event, whatever the embed's options."""
    page.goto(host.page("deep.html", (EMBED + "?filters=folded", "Timeline")) + "#event-meta-cuts-600-ai-jobs")
    handle, frame = frame_of(page)
    article = frame.locator("#event-meta-cuts-600-ai-jobs")
    expect(article).to_have_class("event event--major event--highlight")
    page.wait_for_function("() => window.scrollY > 500")
    assert 0 <= article.bounding_box()["y"] < page.viewport_size["height"]


def test_deep_link_with_the_div_holder(page, host):
    """The older <div data-timeline-embed> snippet still mounts a frame that lands on #event-<slug>."""
    page.goto(host.page("deep-div.html", ("div:" + EMBED, "Timeline")) + "#event-meta-cuts-600-ai-jobs")
    handle, frame = frame_of(page)
    article = frame.locator("#event-meta-cuts-600-ai-jobs")
    expect(article).to_have_class("event event--major event--highlight")
    page.wait_for_function("() => window.scrollY > 500")
    assert 0 <= article.bounding_box()["y"] < page.viewport_size["height"]


def test_source_links_open_a_new_tab(page, host, context):
    """A source link opens in a new tab with rel=noopener; the frame stays on the timeline."""
    page.goto(host.page("sources.html", (EMBED, "Timeline")))
    handle, frame = frame_of(page)
    source = frame.locator(".sources a").first
    expect(source).to_have_attribute("target", "_blank")
    assert "noopener" in source.get_attribute("rel")
    source.evaluate("a => a.href = 'about:blank#source'")  # the real one is on the internet
    with context.expect_page() as opened:
        source.click()
    assert opened.value.url == "about:blank#source"
    assert "/embed/" in frame.url


@pytest.mark.parametrize("links", ["new", "top", "frame"])
def test_headlines_follow_the_links_option(page, host, context, links):
    """links=new opens the event in a new tab (the default), top replaces the article, frame stays inside."""
    query = "" if links == "new" else f"?links={links}"
    page.goto(host.page(f"links-{links}.html", (EMBED + query, "Timeline")))
    handle, frame = frame_of(page)
    headline = frame.locator("#event-meta-cuts-600-ai-jobs .event-title a")
    if links == "new":
        with context.expect_page() as opened:
            headline.click()
        opened.value.wait_for_load_state()
        assert opened.value.url.endswith("/events/meta-cuts-600-ai-jobs/")
    elif links == "top":
        headline.click()
        page.wait_for_url("**/events/meta-cuts-600-ai-jobs/")
    else:
        before = page.evaluate("history.length")
        headline.click()
        frame = page.wait_for_selector("iframe").content_frame()
        expect(frame.locator("#event-meta-cuts-600-ai-jobs")).to_have_class("event event--major event--highlight")
        assert page.url.endswith("links-frame.html") and page.evaluate("history.length") == before


def test_two_embeds_keep_their_own_heights_and_states(page, host):
    """Two embeds on one page: each fits its own content, and filtering one leaves the other alone."""
    page.goto(
        host.page("two.html", (EMBED + "?category=layoffs&filters=0", "Layoffs"), (EMBED + "?links=top", "Everything"))
    )
    small, small_frame = frame_of(page, "Layoffs")
    big, big_frame = frame_of(page, "Everything")
    assert_fits(page, small, small_frame)
    assert_fits(page, big, big_frame)
    small_height = small.bounding_box()["height"]
    assert small_height < big.bounding_box()["height"]
    big_frame.locator(".filter-button").click()
    big_frame.locator("#id_q").fill("nothing-matches-this")
    expect(big_frame.locator(".empty")).to_be_visible()
    assert_fits(page, big, big_frame)
    assert small.bounding_box()["height"] == small_height
    expect(small_frame.locator("#event-feed > article")).to_have_count(1)


def test_loading_the_embed_does_not_shift_the_host(page, host):
    """The reserved height keeps the host's cumulative layout shift at or below 0.05 while the embed loads."""
    page.add_init_script(CLS)
    page.goto(host.page("cls.html", (EMBED, "Timeline"), above="<p>A short introduction.</p>"))
    handle, frame = frame_of(page)
    assert_fits(page, handle, frame)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__cls") <= 0.05


def test_loader_inserted_late_and_twice(page, host, site):
    """A CMS block added after load, with the loader included twice, gets exactly one fitting frame."""
    page.goto(host.page("late.html"))
    page.evaluate(
        """([src, loader]) => {
          const holder = document.createElement("iframe");
          holder.setAttribute("data-timeline-embed", "");
          holder.src = src;
          holder.title = "Timeline";
          document.querySelector("article").appendChild(holder);
          for (let i = 0; i < 2; i++) {
            const script = document.createElement("script");
            script.src = loader;
            document.body.appendChild(script);
          }
        }""",
        [site + EMBED, site + "/static/timeline/embed.js"],
    )
    handle, frame = frame_of(page)
    assert_fits(page, handle, frame)
    page.wait_for_timeout(300)
    assert page.locator("iframe").count() == 1


def test_narrow_column_folds_the_filters(page, host):
    """In a 680 px column the filters fold into one "Filter" disclosure above full-width cards."""
    page.goto(host.page("narrow.html", (EMBED, "Timeline")))
    handle, frame = frame_of(page)
    expect(frame.locator(".filter-button")).to_be_visible()
    expect(frame.locator("#id_q")).to_be_hidden()
    feed, form = frame.locator("#results").bounding_box(), frame.locator("form.filters").bounding_box()
    assert feed["y"] > form["y"] and feed["width"] > 600
    frame.locator(".filter-button").click()
    expect(frame.locator("#id_q")).to_be_visible()
    assert_fits(page, handle, frame)


def test_wide_frame_shows_the_filters_beside_the_cards(page, site):
    """A frame wider than 700 px keeps the filter column; filters=folded folds it anyway."""
    page.goto(site + EMBED)
    expect(page.locator("#id_q")).to_be_visible()
    expect(page.locator(".filter-button")).to_be_hidden()
    page.goto(site + EMBED + "?filters=folded")
    expect(page.locator(".filter-button")).to_be_visible()
    expect(page.locator("#id_q")).to_be_hidden()


@pytest.mark.parametrize("width", [375, 1280])
def test_embed_passes_axe(page, site, width):
    """axe-core finds no violations in the embed at a phone's and a desk's width."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + EMBED)
    count, report = run_axe(page)
    assert count == 0, report


def test_fixed_height_scrolls_inside(page, host):
    """height=600: the frame stays 600 px, scrolls inside, and keeps the full-timeline link in view."""
    page.goto(host.page("fixed.html", (EMBED + "?height=600", "Timeline")))
    handle, frame = frame_of(page)
    page.wait_for_timeout(300)
    assert handle.bounding_box()["height"] == 600
    assert frame.evaluate("document.documentElement.scrollHeight") > 1200
    frame.evaluate("window.scrollTo(0, 800)")
    assert frame.evaluate("window.scrollY") > 0
    link = frame.get_by_role("link", name="Open the full timeline")
    box = link.bounding_box()
    assert 0 <= box["y"] - handle.bounding_box()["y"] < 600


def test_max_shows_the_most_recent_events_and_see_all(page, host):
    """max=5 shows the five most recent events and a "See all" link to the full timeline."""
    page.goto(host.page("max.html", (EMBED + "?max=5", "Timeline")))
    handle, frame = frame_of(page)
    expect(frame.locator("#event-feed > article")).to_have_count(5)
    see_all = frame.get_by_role("link", name="See all")
    expect(see_all).to_be_visible()
    expect(see_all).to_have_attribute("target", "_blank")
    expect(frame.locator(".load-more")).to_be_hidden()
    assert_fits(page, handle, frame)


def test_wordpress_sandboxed_oembed_is_sized_by_its_protocol(page, host, site):
    """In WordPress's sandbox (#?secret=…), the frame sends wp-embed's height message and hides what cannot work."""
    page.add_init_script("window.__wp = []; addEventListener('message', e => e.data.secret && __wp.push(e.data));")
    (Path(host.root) / "wordpress.html").write_text(
        f'<!doctype html><title>WordPress</title><iframe sandbox="allow-scripts" security="restricted" title="WP" '
        f'src="{site}{EMBED}#?secret=abc123" data-secret="abc123" width="600" height="338"></iframe>'
    )
    page.goto(host.url + "/wordpress.html")
    frame = page.wait_for_selector("iframe").content_frame()
    frame.wait_for_selector("#results")
    expect(frame.locator("form.filters")).to_be_hidden()
    page.wait_for_function("() => window.__wp.some(m => m.message === 'height')")
    height = page.evaluate("window.__wp.filter(m => m.message === 'height').pop()")
    assert height["secret"] == "abc123"
    assert abs(height["value"] - frame.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")) <= 2
