"""A timeline's default order: editors can make a developing story read newest first."""

import json
from datetime import date

import pytest
from django.urls import reverse

from timeline.domain.models import Timeline

from .conftest import article_ids, make_event, make_timeline


@pytest.fixture
def developing(db):
    """A newest-first timeline of three events, oldest to newest: first, second, third."""
    timeline = make_timeline(slug="live", default_order=Timeline.Order.DESC)
    for day, slug in enumerate(["first", "second", "third"], start=1):
        make_event(timeline, slug=slug, start_date=date(2025, 11, day))
    return timeline


def test_a_newest_first_timeline_opens_on_its_newest_event(client, developing):
    """Without an order in the URL, the first article is the newest event."""
    assert article_ids(client.get("/t/live/")) == ["third", "second", "first"]


def test_order_asc_in_the_url_still_wins(client, developing):
    """order=asc turns a newest-first timeline round, oldest first."""
    assert article_ids(client.get("/t/live/", {"order": "asc"})) == ["first", "second", "third"]


def test_the_order_control_shows_the_timelines_own_order(client, developing):
    """With no order asked for, the form's Order control says Newest first."""
    html = client.get("/t/live/").content.decode()
    assert '<option value="desc" selected>Newest first</option>' in html
    assert '<option value="asc">Oldest first</option>' in html


def test_canonical_links_keep_order_asc_on_a_newest_first_timeline(client, developing, settings):
    """order=asc is not this timeline's default, so the pushed URL and the page links keep it."""
    settings.TIMELINE_PAGE_SIZE = 2
    response = client.get("/t/live/", {"order": "asc"}, headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == "/t/live/?order=asc"
    html = client.get("/t/live/", {"order": "asc"}).content.decode()
    assert 'href="?order=asc&amp;page=2"' in html


def test_the_default_order_is_left_out_of_links(client, developing):
    """order=desc is this timeline's default: its canonical URL has no order."""
    response = client.get("/t/live/", {"order": "desc"}, headers={"HX-Request": "true"})
    assert response["HX-Push-Url"] == "/t/live/"


@pytest.mark.django_db
def test_timelines_are_oldest_first_unless_an_editor_says_otherwise(client):
    """A new timeline reads oldest first, and order=asc stays out of its links."""
    timeline = make_timeline(slug="history")
    assert timeline.default_order == Timeline.Order.ASC
    make_event(timeline, slug="later", start_date=date(2025, 2, 1))
    make_event(timeline, slug="earlier", start_date=date(2025, 1, 1))
    assert article_ids(client.get("/t/history/")) == ["earlier", "later"]
    assert client.get("/t/history/", {"order": "asc"}, headers={"HX-Request": "true"})["HX-Push-Url"] == "/t/history/"


def test_exports_follow_the_timelines_order(client, developing):
    """events.json lists a newest-first timeline newest first, oldest first with order=asc."""
    newest_first = client.get("/t/live/events.json")
    oldest_first = client.get("/t/live/events.json", {"order": "asc"})

    def slugs(response):
        return [event["slug"] for event in json.loads(b"".join(response.streaming_content))["events"]]

    assert slugs(newest_first) == ["third", "second", "first"]
    assert slugs(oldest_first) == ["first", "second", "third"]
    assert newest_first["ETag"] != oldest_first["ETag"]


def test_the_embed_follows_the_timelines_order(client, developing):
    """The embed, like the page, opens a newest-first timeline on its newest event."""
    assert article_ids(client.get("/t/live/embed/"))[0] == "third"


def test_editors_set_the_default_order_in_the_admin(client, editor):
    """The Timeline form has a Default order field, and saving it changes what readers see."""
    timeline = make_timeline(slug="live", title="Live")
    make_event(timeline, slug="old", start_date=date(2025, 1, 1))
    make_event(timeline, slug="new", start_date=date(2025, 2, 1))
    url = reverse("admin:timeline_timeline_change", args=[timeline.pk])
    assert 'name="default_order"' in client.get(url).content.decode()
    data = {"slug": "live", "title": "Live", "description": "", "is_published": "on", "default_order": "desc"}
    assert client.post(url, data).status_code == 302
    assert article_ids(client.get("/t/live/")) == ["new", "old"]
