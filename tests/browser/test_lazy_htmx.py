"""htmx arrives when a reader first reaches for a control it drives, not with the page, and
nothing the reader does before it has arrived is lost or turned into a full reload."""

import re

import pytest
from playwright.sync_api import expect

TIMELINE = "/t/meta-ai-restructuring/"
HTMX = re.compile(r"/static/django_htmx/htmx-2\.min\.(?:[0-9a-f]{12}\.)?js$")


def htmx_requests(page):
    requests = []
    page.on("request", lambda request: HTMX.search(request.url) and requests.append(request.url))
    return requests


def hold_htmx(page):
    """Keep htmx on the wire until the returned function lets it through."""
    held = []
    page.route(HTMX, lambda route: held.append(route))

    def release():
        for _ in range(100):
            if held:
                break
            page.wait_for_timeout(50)
        held[0].continue_()

    return release


def test_a_reader_who_only_reads_never_downloads_htmx(page, site):
    requests = htmx_requests(page)
    page.goto(site + TIMELINE)
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(500)
    assert requests == []
    assert page.evaluate("typeof window.htmx") == "undefined"


def test_pointing_at_a_filter_loads_htmx(page, site):
    requests = htmx_requests(page)
    page.goto(site + TIMELINE)
    page.get_by_role("searchbox", name="Search").hover()
    page.wait_for_function("() => window.htmx !== undefined")
    assert len(requests) == 1


@pytest.mark.parametrize(
    ("start", "link", "expected_url", "count"),
    [
        ("?category=layoffs", ".chips a[hx-get]", r"/t/meta-ai-restructuring/$", 13),  # removes the filter
        ("", 'a.bar-link[aria-label^="October 2025"]', r"from=2025-10&to=2025-10", 2),  # an SVG link
    ],
)
def test_a_click_before_htmx_arrives_waits_for_it_and_swaps_in_place(page, site, start, link, expected_url, count):
    """htmx held back on the wire: the click neither reloads the page nor is lost."""
    release = hold_htmx(page)
    page.goto(site + TIMELINE + start)
    page.evaluate("window.__sameDocument = true")
    before = page.url
    page.locator(link).first.click()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__sameDocument") is True
    assert page.url == before  # still waiting for htmx
    release()
    page.wait_for_url(re.compile(expected_url))
    expect(page.locator("#event-feed > article")).to_have_count(count)
    assert page.evaluate("window.__sameDocument") is True


def test_typing_before_htmx_arrives_filters_once_it_has(page, site):
    release = hold_htmx(page)
    page.goto(site + TIMELINE)
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("searchbox", name="Search").fill("LeCun")
    page.wait_for_timeout(300)
    expect(page.locator("#event-feed > article")).to_have_count(13)
    release()
    page.wait_for_url(re.compile(r"q=LeCun"))
    expect(page.locator("#event-feed > article")).not_to_have_count(13)
    assert page.evaluate("window.__sameDocument") is True


def test_without_htmx_a_filter_link_still_works_as_a_link(page, site):
    page.route(HTMX, lambda route: route.abort())
    page.goto(site + TIMELINE + "?category=layoffs")
    page.locator(".chips a[hx-get]").first.click()
    page.wait_for_url(re.compile(r"/t/meta-ai-restructuring/(\?)?$"))
    expect(page.locator("#event-feed > article")).to_have_count(13)
