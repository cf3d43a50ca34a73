"""Error pages in the site's look, each saying what happened and where to go next."""

import re

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import get_resolver

from timeline.reader import views

from .conftest import SAMPLE, make_event, make_timeline

STYLESHEET = 'href="/static/css/timeline.css"'  # 500.html links it: it uses none of base.html's tags
# Pages made from base.html carry timeline.css in their <head> (reader/stylesheet.py).
INLINE_STYLESHEET = re.compile(r"<style>/\* Timelines: hand-written")
ALL_TIMELINES = 'href="/timelines/"'


def test_debug_is_off_in_the_tests():
    """The error pages under test are the ones readers get: DEBUG is off."""
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_a_missing_timeline_is_a_styled_404_pointing_to_all_timelines(client):
    """/t/<unknown>/ answers 404 with the site's stylesheet, what happened, and a link to /timelines/."""
    response = client.get("/t/no-such-timeline/")
    html = response.content.decode()
    assert response.status_code == 404
    assert INLINE_STYLESHEET.search(html)
    assert "There is no published timeline at this address." in html
    assert ALL_TIMELINES in html
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_missing_event_404_links_back_to_its_timeline(client):
    """An unknown event of a published timeline offers that timeline as the next step."""
    make_timeline(slug="story", title="The story")
    html = client.get("/t/story/events/no-such-event/").content.decode()
    assert "No such event in this timeline." in html
    assert 'href="/t/story/">Read the timeline The story</a>' in html


@pytest.mark.django_db
def test_an_unknown_address_is_a_styled_404(client):
    """A URL that matches no route at all gets the same page, not Django's bare "Not Found"."""
    response = client.get("/no/such/page/")
    html = response.content.decode()
    assert response.status_code == 404
    assert INLINE_STYLESHEET.search(html) and ALL_TIMELINES in html
    assert "<h1>There is nothing at this address</h1>" in html


@pytest.mark.django_db
def test_a_deleted_event_is_a_styled_410_with_next_steps(client):
    """A deleted event's permalink says it was removed and links to its timeline and to all timelines."""
    timeline = make_timeline(slug="story", title="The story")
    make_event(timeline, slug="removed").delete()
    response = client.get("/t/story/events/removed/")
    html = response.content.decode()
    assert response.status_code == 410
    assert INLINE_STYLESHEET.search(html)
    assert "This event has been removed" in html
    assert 'href="/t/story/">Read the timeline The story</a>' in html
    assert ALL_TIMELINES in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/t/no-such-timeline/embed/", f"/t/{SAMPLE}/embed/?page=99"])
def test_the_embeds_404_can_be_framed_like_the_embed(client, sample, url):
    """A missing timeline or page inside the embed shows the styled 404 in the host's frame:
    the embed's frame-ancestors, no X-Frame-Options DENY, and links that leave the frame."""
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 404
    assert "frame-ancestors 'self' *" in response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert INLINE_STYLESHEET.search(html)
    assert 'href="/timelines/" target="_top"' in html
    assert 'class="site-header"' not in html  # the site's own header would navigate inside the frame


@pytest.mark.django_db
def test_a_refused_host_gets_the_styled_400(client):
    """A request for a host the site does not serve is a 400 page in the site's look."""
    response = client.get("/", headers={"host": "evil.example"})
    html = response.content.decode()
    assert response.status_code == 400
    assert INLINE_STYLESHEET.search(html)
    assert "This request could not be read" in html and ALL_TIMELINES in html


def test_the_500_page_renders_with_no_request_and_no_database():
    """500.html is rendered from nothing (no request, no context); the database is off limits here."""
    html = render_to_string("500.html")
    assert STYLESHEET in html
    assert "Something went wrong on our side" in html
    assert ALL_TIMELINES in html and 'href="/"' in html


def test_the_500_handler_answers_without_the_database():
    """The site's 500 handler, called as Django calls it, answers 500 with the styled page."""
    handler = get_resolver().resolve_error_handler(500)
    response = handler(RequestFactory().get("/t/anything/"))
    assert response.status_code == 500
    assert STYLESHEET in response.content.decode()


@pytest.mark.django_db
def test_a_crash_in_a_view_shows_the_500_page(monkeypatch):
    """An exception in a view gives the reader the styled 500 page, not a traceback."""

    def broken():
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views.index, "summaries", broken)
    response = Client(raise_request_exception=False).get("/timelines/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html and STYLESHEET in html
    assert "the database went away" not in html
