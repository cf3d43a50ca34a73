"""The embed frame tells only its embedder its height and offsets (issue 14).

The frame learns the host's origin from the loader's first message (hello) and
posts to that origin alone, never to "*": a page that frames the embed without
the loader, or any other window, hears nothing.
"""

from pathlib import Path

from playwright.sync_api import expect

from .test_embed_host import EMBED, assert_fits, frame_of, host  # noqa: F401 (host is a fixture)

# Inside the embed frame (same origin as its host here): wraps the host window's postMessage so
# each call made on it is recorded with the target origin it named. The wrapper is made in the
# frame's realm, so the host still sees the frame as the message's source. (It runs in the
# frame's first about:blank, whose window the embed's document keeps.)
SPY = """
if (window.parent !== window && !window.parent.__spied) {
  window.parent.__spied = true;
  const host = window.parent;
  const original = host.postMessage;  // an own property: Window is a [Global] interface
  host.__posts = [];
  host.postMessage = function (message, target, transfer) {
    const origin = typeof target === "string" ? target : (target && target.targetOrigin) || "/";
    host.__posts.push({ message: JSON.parse(JSON.stringify(message)), target: origin });
    const args = transfer === undefined ? [message, target] : [message, target, transfer];
    return original.apply(this, args);
  };
}
"""
LISTEN = "window.__heard = []; addEventListener('message', e => window.__heard.push(e.data));"


def test_frame_posts_only_to_the_embedder_origin_and_the_host_still_resizes(page, site):
    """With the host on the frame's own origin (so its postMessage can be watched), every message the
    frame sends names that origin, none names "*", and the host fits the frame to its content."""
    host_page = (
        f'<!doctype html><meta charset="utf-8"><title>Spy host</title><p>Above.</p>'
        f'<iframe data-timeline-embed src="{site}{EMBED}" title="Timeline" width="100%" height="900"></iframe>'
        f'<script src="{site}/static/timeline/embed.js" async></script><p>Below.</p>'
    )
    page.route(site + "/spy-host.html", lambda route: route.fulfill(body=host_page, content_type="text/html"))
    page.add_init_script(SPY)
    page.goto(site + "/spy-host.html")
    handle, frame = frame_of(page)
    assert_fits(page, handle, frame)
    posts = page.evaluate("window.__posts.filter(p => p.message && p.message.source === 'timeline-embed')")
    assert posts, "the frame reported nothing"
    assert {post["target"] for post in posts} == {site}
    assert any(post["message"]["type"] == "height" for post in posts)


def test_a_page_without_the_loader_hears_nothing(page, host, site):  # noqa: F811
    """A page on another origin that frames the embed but never says hello gets no height or offset."""
    (Path(host.root) / "silent.html").write_text(
        f'<!doctype html><title>Listener</title><iframe src="{site}{EMBED}" title="Timeline" width="600" height="400">'
        "</iframe>"
    )
    page.add_init_script(LISTEN)
    page.goto(host.url + "/silent.html")
    frame = page.wait_for_selector("iframe").content_frame()
    frame.wait_for_selector("#results")
    frame.evaluate("document.body.style.paddingBottom = '300px'")  # a height change it would report
    page.wait_for_timeout(500)
    assert page.evaluate("window.__heard.filter(m => m && m.source === 'timeline-embed')") == []


def test_the_loader_host_on_another_origin_is_sized(page, host):  # noqa: F811
    """The ordinary case on another origin: the loader says hello, and the frame's height reaches it."""
    page.add_init_script(LISTEN)
    page.goto(host.page("origin.html", (EMBED, "Timeline")))
    handle, frame = frame_of(page)
    assert_fits(page, handle, frame)
    heard = page.evaluate("window.__heard.filter(m => m && m.source === 'timeline-embed')")
    assert heard and heard[0]["type"] == "height"


def test_deep_link_scrolls_the_host_after_hello(page, host):  # noqa: F811
    """The scroll to #event-<slug> is an offset message too: it is sent once the host is known, and arrives."""
    page.goto(host.page("deep-origin.html", (EMBED, "Timeline")) + "#event-meta-cuts-600-ai-jobs")
    handle, frame = frame_of(page)
    expect(frame.locator("#event-meta-cuts-600-ai-jobs")).to_have_class("event event--major event--highlight")
    page.wait_for_function("() => window.scrollY > 500")
