"""HEAD works wherever GET does; every other method is refused with a 405."""

import pytest

from .conftest import SAMPLE, SAMPLE_ROUTES

BASE = f"/t/{SAMPLE}/"
PUBLIC_ROUTES = [
    "/",
    "/timelines/",
    *SAMPLE_ROUTES,
    BASE + "events/meta-cuts-600-ai-jobs/",
    f"/oembed/?url=http://testserver{BASE}&format=json",
]
MISSING_ROUTES = [
    "/t/no-such-timeline/",
    BASE + "events/no-such-event/",
    "/t/no-such-timeline/embed/",
    "/t/no-such-timeline/events.json",
    "/t/no-such-timeline/feed/",
    "/oembed/?url=http://testserver/t/no-such-timeline/&format=json",
]


@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_head_answers_every_public_route_like_get(client, sample, route):
    """HEAD gets the same status (200) and content type as GET, and no body."""
    get, head = client.get(route), client.head(route)
    assert get.status_code == 200, route
    assert head.status_code == 200, route
    assert head["Content-Type"] == get["Content-Type"]
    assert b"".join(head.streaming_content if head.streaming else [head.content]) == b""


@pytest.mark.parametrize("route", MISSING_ROUTES)
def test_head_of_something_missing_is_a_404_not_a_405(client, sample, route):
    """HEAD of a timeline, event or oEmbed URL that does not exist says 404, as GET does."""
    assert client.get(route).status_code == 404, route
    assert client.head(route).status_code == 404, route


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_refused(client, sample, method):
    """POST, PUT and DELETE on every public route get 405, naming GET and HEAD as allowed."""
    for route in PUBLIC_ROUTES:
        response = getattr(client, method)(route)
        assert response.status_code == 405, (method, route)
        assert response["Allow"] == "GET, HEAD", route
