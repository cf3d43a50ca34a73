"""Published is public, draft is not: every public route is walked for leaks."""

import pytest
from django.urls import reverse

from timeline.domain.models import Event

from .conftest import make_event, make_timeline

DRAFT_HEADLINE = "Secret draft headline"


def public_urls(timeline, event_slugs):
    urls = ["/", reverse("timelines"), reverse("chronology", args=[timeline.slug])]
    urls += [reverse("chronology", args=[timeline.slug]) + "?q=Secret"]
    urls += [reverse("event", args=[timeline.slug, slug]) for slug in event_slugs]
    return urls


@pytest.mark.django_db
def test_no_public_route_shows_a_draft(client):
    """A draft appears on no page, in no search, and its permalink is 404."""
    timeline = make_timeline(slug="t")
    make_event(timeline, slug="public", headline="Public headline")
    make_event(timeline, slug="draft", headline=DRAFT_HEADLINE, status=Event.Status.DRAFT)
    for url in public_urls(timeline, ["public"]):
        response = client.get(url)
        assert response.status_code in (200, 400), url
        assert DRAFT_HEADLINE not in response.content.decode(), url
    assert client.get(reverse("event", args=["t", "draft"])).status_code == 404


@pytest.mark.django_db
def test_draft_is_not_a_neighbour_or_a_count(client):
    """Previous/next links and the overview counts ignore drafts."""
    timeline = make_timeline(slug="t")
    make_event(timeline, slug="one")
    make_event(timeline, slug="draft", headline=DRAFT_HEADLINE, status=Event.Status.DRAFT)
    html = client.get("/t/t/").content.decode()
    assert "1 event" in html and "1 in all" in html
    assert DRAFT_HEADLINE not in client.get("/t/t/events/one/").content.decode()
