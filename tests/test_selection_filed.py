"""A selection reads its counts and first page from the filters' index
(selection.filed_months_and_first), under its categories or, without one, under the timeline as
a whole: the same counts and the same first page, in the same order, as the selection's QuerySet
gives, for every mix of filters and searches."""

import itertools

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from timeline.domain import dates
from timeline.domain.models import Event
from timeline.reader.selection import Selection, filed_months_and_first, months_and_first

from .conftest import make_actor, make_category, make_timeline

WORDS = ["layoffs", "shares", "chief", "scientist", "datacentre", "model"]
PRECISIONS = [dates.Precision.DAY] * 3 + [dates.Precision.MONTH, dates.Precision.QUARTER, dates.Precision.YEAR]


@pytest.fixture
def newsroom(db):
    """400 events over 2023-2025 in two timelines: ties on a day, spans, drafts, one or two
    of three categories (one named like a word searched for), actors, and words in the text.
    Written in bulk (the triggers file them all the same)."""
    news, other = make_timeline(slug="news"), make_timeline(slug="other")
    categories = [make_category("Layoffs"), make_category("Deals"), make_category("Hiring")]
    actors = [make_actor("Joëlle Pineau"), make_actor("Chief Officer")]
    events = []
    for i in range(400):
        event = Event(
            slug=f"n-{i}",
            headline=" ".join(WORDS[(i * k) % len(WORDS)] for k in (1, 2, 5)).capitalize(),
            status=Event.Status.DRAFT if i % 11 == 0 else Event.Status.PUBLISHED,
            day_order=i % 3,
            importance=1 + (i // 3) % 3,
        )
        event.period = dates.Period.of(dates.Day(2023 + i % 3, 1 + i % 12, 1 + i % 5), PRECISIONS[i % 6])
        events.append(event)
    Event.objects.bulk_create(events)
    events = list(Event.objects.filter(slug__startswith="n-").order_by("id"))
    links = Event.timelines.through, Event.categories.through, Event.actors.through
    links[0].objects.bulk_create(
        [links[0](event=e, timeline=news if i % 7 else other) for i, e in enumerate(events)]
        + [links[0](event=e, timeline=other) for i, e in enumerate(events) if i % 10 == 0 and i % 7]
    )
    links[1].objects.bulk_create(
        [
            links[1](event=e, category=c)
            for i, e in enumerate(events)
            for c in categories[i % 3 : i % 3 + 1 + (i % 4 == 0)]
        ]
    )
    links[2].objects.bulk_create([links[2](event=e, actor=a) for i, e in enumerate(events) for a in actors[: i % 3]])
    return news


def reading(timeline, **filters):
    """(what the index gives, what the QuerySet gives) for these filters, nothing cached."""
    query = QueryDict(mutable=True)
    for name, value in filters.items():
        query.setlist(name, value if isinstance(value, list) else [value])
    cache.clear()
    selection = Selection.from_query(timeline, query)
    assert not selection.errors
    expected = months_and_first(selection.events, 50)
    return selection._first_reading, expected


SEARCHES = ["", "layoffs", "shares", "chief sci", "joelle", "layoffs model", "nothingmatches", "deal"]
CATEGORIES = [[], ["layoffs"], ["deals"], ["layoffs", "hiring"]]  # []: the rows under no category
RANGES = [{}, {"from": "2024"}, {"to": "June 2024"}, {"from": "March 2023", "to": "2024"}]


@pytest.mark.parametrize("q", SEARCHES)
def test_counts_and_first_page_equal_the_querysets(newsroom, q):
    """Each search with every category choice, over several date ranges and both orders."""
    for category, dates_given, order in itertools.product(CATEGORIES, RANGES, ["asc", "desc"]):
        filed, expected = reading(newsroom, q=q, category=category, order=order, **dates_given)
        assert filed == expected


def test_an_actor_filter_with_a_category_or_without(newsroom):
    """The actor filter narrows the filed events as the QuerySet does."""
    for q, category in itertools.product(["", "shares", "joelle"], [[], ["layoffs", "deals"]]):
        filed, expected = reading(newsroom, category=category, actor=["joëlle-pineau", "chief-officer"], q=q)
        assert filed == expected and expected[1]


def test_the_whole_timelines_counts_come_from_the_index(newsroom):
    """Unfiltered, the counts are the index's rows under no category: the same as the events'."""
    cache.clear()
    selection = Selection.from_query(newsroom, QueryDict())
    with CaptureQueriesContext(connection) as queries:
        counts = selection.monthly_counts
    assert counts == months_and_first(selection.events, 0)[0] and sum(counts.values()) > 300
    assert [q["sql"] for q in queries.captured_queries if "timeline_filing" in q["sql"]]
    assert not [q["sql"] for q in queries.captured_queries if "timeline_event_timelines" in q["sql"]]


def test_the_other_timeline_and_drafts_stay_out(newsroom):
    """Only the timeline's own published events are counted."""
    (months, first), _ = reading(newsroom, category="layoffs")
    shown = Event.objects.filter(pk__in=first)
    assert all(event.status == Event.Status.PUBLISHED for event in shown)
    assert all(event.timelines.filter(pk=newsroom.pk).exists() for event in shown)


def test_a_word_that_names_the_chosen_category_is_no_extra_test(newsroom):
    """`layoffs` with the category Layoffs chosen: every candidate matches, so the statement
    tests nothing more than the category and dates (the same rows as without the search)."""
    with CaptureQueriesContext(connection) as queries:
        filed, expected = reading(newsroom, category="layoffs", q="layoffs")
    statement = next(query["sql"] for query in queries.captured_queries if "timeline_filing" in query["sql"])
    assert "search" not in statement
    assert filed == expected == reading(newsroom, category="layoffs")[1]


def test_no_category_left_selects_nothing(newsroom):
    """Categories deleted since the form's choices were read select no events, and fail nothing."""
    assert filed_months_and_first(newsroom, [], found=["shares"]) == ({}, [])


@pytest.mark.parametrize("filters", ["category=deals&from=2024&q=chief", "q=chief&actor=chief-officer", "from=2024"])
def test_with_the_counts_cached_a_first_page_is_one_query_by_its_ids(newsroom, filters):
    """The fragment after the page, or an embed after it, finds the counts cached. Its first page
    is then read by the ids kept with them (one query), not through the whole filter and search
    again (at 100k events 21 ms, and 41 with a common word); each order keeps its own."""
    cache.clear()
    for order in ("asc", "desc"):
        query = QueryDict(f"{filters}&order={order}")
        expected = [event.pk for event in Selection.from_query(newsroom, query).events[:50]]
        first = [event.pk for event in Selection.from_query(newsroom, query).page(1).object_list]
        with CaptureQueriesContext(connection) as queries:
            again = [event.pk for event in Selection.from_query(newsroom, query).page(1).object_list]
        assert first == again == expected
        assert len(expected) > 1
        page_queries = [q["sql"] for q in queries.captured_queries if "timeline_category" not in q["sql"]]
        assert len(page_queries) == 1, page_queries
        # By its ids alone: no timeline, category, actor, date or text in it.
        assert '"timeline_event"."id" IN (' in page_queries[0]
        assert not any(name in page_queries[0] for name in ("search", "filing", "timelines", "actors", "start_day >"))
