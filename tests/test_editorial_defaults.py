"""Safe editorial defaults: what an ordinary admin action may and may not do to the public site."""

import pytest
from django.urls import reverse

from timeline.domain.models import Event, Timeline

from .conftest import SAMPLE, make_event, make_timeline
from .test_editing import event_data


def test_a_new_timeline_starts_unpublished(editor, client):
    """Adding a timeline in the admin, leaving the form as it comes, keeps it off the public site."""
    form = client.get(reverse("admin:timeline_timeline_add")).context["adminform"].form
    assert form["is_published"].value() is False
    data = {"slug": "new-story", "title": "New story", "description": "", "default_order": "asc"}
    assert client.post(reverse("admin:timeline_timeline_add"), data).status_code == 302
    assert Timeline.objects.get(slug="new-story").is_published is False
    assert client.get("/t/new-story/").status_code == 404


def test_publishing_another_timeline_leaves_the_home_page_alone(client, sample):
    """The sample pins itself; a newer, published timeline does not take over `/`."""
    newer = make_timeline(slug="newer", title="A newer story")
    make_event(newer)
    html = client.get("/").content.decode()
    assert "<h1>Meta&#x27;s AI restructuring</h1>" in html
    assert "<h1>A newer story</h1>" not in html


@pytest.mark.django_db
def test_with_nothing_pinned_the_home_page_lists_the_timelines(client):
    """No pinned timeline: `/` is the list of published timelines, not whichever changed last."""
    make_event(make_timeline(slug="one", title="Story one"))
    make_event(make_timeline(slug="two", title="Story two"))
    make_timeline(slug="hidden", title="Hidden story", is_published=False)
    html = client.get("/").content.decode()
    assert "<h1>All timelines</h1>" in html
    assert 'href="/t/one/"' in html and 'href="/t/two/"' in html
    assert "Hidden story" not in html


@pytest.mark.django_db
def test_pinning_a_timeline_unpins_the_other():
    """At most one timeline is featured: pinning one unpins the one before."""
    first = make_timeline(featured=True)
    second = make_timeline(featured=True)
    assert list(Timeline.objects.filter(featured=True)) == [second]
    first.refresh_from_db()
    assert first.featured is False


def test_the_sample_fixture_pins_its_own_timeline(sample):
    """Loading the sample makes it the home page's timeline."""
    assert sample.featured is True


def test_a_draft_slug_follows_its_headline_then_stays_once_published(editor, client):
    """An accepted candidate's clipped slug follows the edited headline; after publication the slug is
    fixed, and the old one answers 301 to the current permalink."""
    timeline = make_timeline(slug="story")
    event = make_event(timeline, headline="Meta to build a power plant cu", slug="meta-to-build-a-power-plant-cu",
                       status="draft")  # fmt: skip
    url, data = event_data(client, event)
    data["timelines"] = [str(timeline.pk)]
    assert client.post(url, {**data, "headline": "Meta to build a power plant in Louisiana"}).status_code == 302
    event.refresh_from_db()
    assert event.slug == "meta-to-build-a-power-plant-in-louisiana"

    _, data = event_data(client, event)
    data["timelines"] = [str(timeline.pk)]
    assert client.post(url, {**data, "status": "published"}).status_code == 302
    _, data = event_data(client, event)
    data["timelines"] = [str(timeline.pk)]
    posted = {**data, "headline": "Meta's Louisiana plant", "slug": "meta-s-louisiana-plant"}
    assert client.post(url, posted).status_code == 302
    event.refresh_from_db()
    assert (event.headline, event.slug) == ("Meta's Louisiana plant", "meta-to-build-a-power-plant-in-louisiana")

    old = client.get("/t/story/events/meta-to-build-a-power-plant-cu/")
    assert old.status_code == 301
    assert old["Location"] == "/t/story/events/meta-to-build-a-power-plant-in-louisiana/"


def test_a_deleted_public_event_is_still_gone_not_redirected(client, sample):
    """The 410 for removed events stays: only a renamed event redirects."""
    Event.objects.get(slug="meta-cuts-600-ai-jobs").delete()
    assert client.get(f"/t/{SAMPLE}/events/meta-cuts-600-ai-jobs/").status_code == 410
