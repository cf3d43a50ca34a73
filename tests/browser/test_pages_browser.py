"""The index of timelines and the error pages in a real browser: accessible, and framable in the embed."""

import pytest
from playwright.sync_api import expect

from .conftest import run_axe


@pytest.fixture
def host(tmp_path, site, serve_files):
    """A page on another localhost port that frames the embed of a timeline that does not exist."""
    (tmp_path / "missing.html").write_text(
        "<!doctype html><title>Host</title><h1>A news story</h1>"
        f'<iframe title="Timeline" src="{site}/t/no-such-timeline/embed/" width="600" height="400"></iframe>'
    )
    return serve_files


def test_the_index_of_timelines_passes_axe(page, site):
    """/timelines/ lists the sample timeline with a working link, and axe-core finds no violations."""
    page.goto(site + "/timelines/")
    page.get_by_role("link", name="Meta's AI restructuring").click()
    expect(page).to_have_url(site + "/t/meta-ai-restructuring/")
    page.goto(site + "/timelines/")
    count, report = run_axe(page)
    assert count == 0, report


def test_the_404_page_passes_axe_and_leads_on(page, site):
    """The 404 page is styled, passes axe-core, and its link to all timelines works."""
    response = page.goto(site + "/t/no-such-timeline/")
    assert response.status == 404
    count, report = run_axe(page)
    assert count == 0, report
    page.get_by_role("link", name="See all timelines").click()
    expect(page).to_have_url(site + "/timelines/")


def test_a_missing_timeline_shows_its_404_inside_the_hosts_frame(page, host):
    """The browser lets the embed's 404 be framed on another origin, so readers see why it is empty."""
    page.goto(host + "/missing.html")
    frame = page.frame_locator("iframe[title='Timeline']")
    expect(frame.get_by_role("heading", level=1)).to_have_text("There is nothing at this address")
    expect(frame.get_by_role("link", name="See all timelines")).to_have_attribute("target", "_top")


def test_head_over_http_on_every_public_route(site):
    """Like `curl -I`: a real HEAD request to each public route of the running server gets 200 or 404."""
    import urllib.error
    import urllib.request

    routes = ["/", "/timelines/", "/t/meta-ai-restructuring/", "/t/meta-ai-restructuring/embed/",
              "/t/meta-ai-restructuring/events/meta-cuts-600-ai-jobs/", "/t/meta-ai-restructuring/events.json",
              "/t/meta-ai-restructuring/timelinejs.json", "/t/meta-ai-restructuring/events.ics",
              "/t/meta-ai-restructuring/events.csv", "/t/meta-ai-restructuring/feed/", "/oembed/",
              "/t/no-such-timeline/", "/t/meta-ai-restructuring/events/no-such-event/"]  # fmt: skip
    statuses = {}
    for route in routes:
        request = urllib.request.Request(site + route, method="HEAD")
        try:
            with urllib.request.urlopen(request) as response:
                statuses[route] = response.status
        except urllib.error.HTTPError as error:
            statuses[route] = error.code
    assert set(statuses.values()) <= {200, 400, 404}, statuses
    assert statuses["/oembed/"] == 400  # no url= given: a 400 with a reason, as GET answers
    assert statuses["/t/no-such-timeline/"] == 404 and statuses["/t/meta-ai-restructuring/"] == 200


def test_the_410_page_passes_axe(page, site):
    """A deleted event's page (410) is styled and passes axe-core."""
    from timeline.domain.models import Event

    Event.objects.get(slug="meta-cuts-600-ai-jobs").delete()
    response = page.goto(site + "/t/meta-ai-restructuring/events/meta-cuts-600-ai-jobs/")
    assert response.status == 410
    count, report = run_axe(page)
    assert count == 0, report


def test_the_400_and_500_pages_pass_axe(page, site):
    """The bad-request and server-error pages, in the site's styles, have no axe-core violations."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    pages = {
        "500": render_to_string("500.html"),
        "400": render_to_string("400.html", request=RequestFactory().get("/")),
    }
    for name, html in pages.items():
        page.goto(site + "/timelines/")  # same origin, so the stylesheet loads as it would
        page.set_content(html.replace('href="/static/', f'href="{site}/static/'))
        count, report = run_axe(page)
        assert count == 0, (name, report)


@pytest.mark.parametrize("path", ["/t/meta-ai-restructuring/", "/t/meta-ai-restructuring/embed/"])
def test_a_page_stays_styled_when_reloaded(page, site, path):
    """The stylesheet written into the page is allowed by the CSP of the first response and of the
    304 that a reload gets (the browser keeps the body and takes the new headers): the page is
    styled both times, with no CSP error (the page fixture fails the test on any)."""
    page.goto(site + path)
    paper = "rgb(251, 250, 247)"  # --paper, light theme
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == paper
    with page.expect_response(lambda response: response.url == site + path) as reload:
        page.reload()
    assert "if-none-match" in reload.value.request.all_headers()  # revalidated: the server said 304
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == paper
