"""/timelines/ lists every published timeline; each chronology says when it was updated."""

import re
from datetime import UTC, date, datetime

import pytest

from timeline.domain.models import Event, Timeline

from .conftest import SAMPLE, make_event, make_timeline


def titles(response):
    """The timeline titles the index shows, in order."""
    return re.findall(
        r'<h2 class="event-title" id="timeline-[^"]+"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def updated(timeline, year, month, day):
    Timeline.objects.filter(pk=timeline.pk).update(updated_at=datetime(year, month, day, 12, tzinfo=UTC))


@pytest.mark.django_db
def test_the_index_describes_each_timeline(client):
    """Title linking to it, description, span from first to last event, published events, last update."""
    story = make_timeline(slug="story", title="The story", description="How it happened.")
    make_event(story, when="June 2025")
    make_event(story, when="44 BC")
    make_event(story, when="22 October 2025")
    make_event(story, when="1 January 2026", status=Event.Status.DRAFT)
    updated(story, 2025, 11, 3)
    response = client.get("/timelines/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/t/story/">The story</a>' in html
    assert "How it happened." in html
    # BC dates have no HTML form, so that <time> has no datetime; the draft's 2026 is not the end.
    assert '<time>44 BC</time> to <time datetime="2025-10-22">22 October 2025</time>' in html
    assert "3 events · Updated" in html
    assert '<time datetime="2025-11-03">3 November 2025</time>' in html


@pytest.mark.django_db
def test_a_single_date_or_no_events_is_said_plainly(client):
    """A timeline whose events share one date shows it once; one with no published events says so."""
    one = make_timeline(title="One date")
    make_event(one, when="Q3 2025")
    make_event(one, when="Q3 2025")
    make_timeline(title="Nothing yet")
    html = client.get("/timelines/").content.decode()
    assert '<p class="event-date"><time datetime="2025">Q3 2025</time></p>' in html
    assert "No events yet" in html and "0 events" in html


@pytest.mark.django_db
def test_newest_update_first_and_unpublished_hidden(client):
    """Timelines come most recently updated first; unpublished ones are not listed."""
    old, new, mid = make_timeline(title="Old"), make_timeline(title="New"), make_timeline(title="Middle")
    hidden = make_timeline(title="Hidden", is_published=False)
    for timeline, day in ((old, 1), (new, 20), (mid, 10), (hidden, 25)):
        updated(timeline, 2025, 6, day)
    assert titles(client.get("/timelines/")) == ["New", "Middle", "Old"]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 12])
def test_the_index_takes_three_queries_whatever_the_number_of_timelines(client, django_assert_max_num_queries, count):
    """One query for its validator, one for the timelines and their counts, one for their first and last dates."""
    for n in range(count):
        timeline = make_timeline()
        make_event(timeline, start_date=date(2020 + n % 5, 1, 1))
        make_event(timeline, start_date=date(2021 + n % 5, 6, 1))
    with django_assert_max_num_queries(3):
        response = client.get("/timelines/")
    assert len(titles(response)) == count


def _rename(timeline):
    timeline.refresh_from_db()  # as the admin's form loads it: the revision stays as it is
    timeline.title = "A new title"
    timeline.save()


def _withdraw(timeline):
    timeline.refresh_from_db()
    timeline.is_published = False
    timeline.save()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda timeline: make_event(timeline, headline="Later news"), id="event published"),
        pytest.param(_rename, id="timeline renamed"),
        pytest.param(lambda timeline: make_timeline(title="Another story"), id="timeline published"),
        pytest.param(_withdraw, id="timeline withdrawn"),
    ],
)
@pytest.mark.parametrize("url", ["/timelines/", "/"])  # with no featured timeline, the home page is the index
def test_a_readers_copy_of_the_index_is_answered_304_until_it_changes(client, url, change):
    """The index is revalidated like the chronology: a 304 while no timeline changed, the new page after."""
    story = make_timeline(title="The story")
    make_event(story)
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    change(story)
    changed = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert changed.content != first.content


def test_the_chronology_says_when_it_was_updated_and_links_to_all_timelines(client, sample):
    """The page head shows "Updated <time datetime>" and a link to /timelines/."""
    updated(sample, 2025, 11, 20)
    html = client.get(f"/t/{SAMPLE}/").content.decode()
    assert 'Updated <time datetime="2025-11-20">20 November 2025</time>' in html
    assert '<a href="/timelines/">All timelines</a>' in html


def test_the_home_page_still_shows_the_featured_timeline(client, sample):
    """The home page keeps its behaviour: the featured chronology, with the new link in its head."""
    response = client.get("/")
    assert response.status_code == 200
    assert 'id="event-lecun-to-lead-facebook-ai-research"' in response.content.decode()
    assert '<a href="/timelines/">All timelines</a>' in response.content.decode()
