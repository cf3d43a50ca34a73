"""The print view is bounded: at most PRINT_LIMIT cards, a note saying how to get the rest, cached."""

import pytest

from timeline.domain.models import Category
from timeline.reader.selection import PRINT_LIMIT

from .conftest import article_ids, make_category, make_event, spread_timeline


@pytest.fixture
def long_timeline(db):
    """More events than one printout holds: PRINT_LIMIT + 5 over ten years, a third in "Layoffs"."""
    return spread_timeline("long", PRINT_LIMIT + 5, 2015, 10, category=make_category("Layoffs"))


def test_the_print_view_is_capped_and_says_how_to_print_the_rest(client, long_timeline):
    """?view=print shows the first PRINT_LIMIT events and a note naming the total, how to narrow
    the filters, and a link to the next ones."""
    response = client.get("/t/long/", {"view": "print"})
    html = response.content.decode()
    assert response.status_code == 200
    assert len(article_ids(response)) == PRINT_LIMIT
    assert f"This printout holds events 1 to {PRINT_LIMIT} of {PRINT_LIMIT + 5}" in html
    assert "narrow the filters" in html
    assert 'href="?page=2&amp;view=print"' in html
    rest = client.get("/t/long/", {"view": "print", "page": 2})
    assert len(article_ids(rest)) == 5


def test_the_print_link_says_when_only_the_first_events_will_print(client, long_timeline):
    """On the page, the print link does not promise all events when there are more than fit."""
    html = client.get("/t/long/").content.decode()
    assert f"Print the first {PRINT_LIMIT}" in html
    filtered = client.get("/t/long/", {"category": "layoffs"}).content.decode()
    assert "Print all 335" in filtered


def test_a_print_view_that_fits_has_no_note(client, long_timeline):
    """A narrowed print view lists every match, with no cap note."""
    response = client.get("/t/long/", {"view": "print", "category": "layoffs"})
    assert len(article_ids(response)) == 335
    assert "This printout holds" not in response.content.decode()


def test_a_repeated_print_view_costs_only_the_timeline_lookup(client, long_timeline, django_assert_num_queries):
    """The second request for the same printout is served from the cache: one query, the timeline
    (whose revision the cache keys carry)."""
    first = client.get("/t/long/", {"view": "print"})
    with django_assert_num_queries(1):
        again = client.get("/t/long/", {"view": "print"})
    assert article_ids(again) == article_ids(first)


def test_the_cached_print_view_follows_an_edit(client, long_timeline):
    """A new event shows in the printout at once: the cache is keyed by the timeline's revision."""
    client.get("/t/long/", {"view": "print", "category": "layoffs"})
    make_event(long_timeline, headline="A late addition", categories=[Category.objects.get(slug="layoffs")])
    html = client.get("/t/long/", {"view": "print", "category": "layoffs"}).content.decode()
    assert "A late addition" in html
