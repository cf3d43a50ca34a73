"""Safe editorial defaults: what an ordinary admin action may and may not do to the public site."""

import re

import pytest
from django.urls import reverse

from timeline.domain.models import Event, Timeline

from .conftest import SAMPLE, make_actor, make_category, make_event, make_figure, make_timeline
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


def key_figure_rows(event):
    figures = list(event.key_figures.all())
    data = {"key_figures-TOTAL_FORMS": len(figures), "key_figures-INITIAL_FORMS": len(figures)}
    for n, figure in enumerate(figures):
        data.update({
            f"key_figures-{n}-id": figure.pk, f"key_figures-{n}-event": event.pk,
            f"key_figures-{n}-value": figure.value, f"key_figures-{n}-unit": figure.unit,
            f"key_figures-{n}-label": figure.label,
            f"key_figures-{n}-source": "", f"key_figures-{n}-position": figure.position,
        })  # fmt: skip
    return data


def full_form(client, event, **changes):
    url, data = event_data(client, event)
    data["timelines"] = [str(pk) for pk in event.timelines.values_list("pk", flat=True)]
    return url, {**data, **key_figure_rows(event), **changes}


def test_one_save_is_one_revision_covering_figures_categories_and_actors(editor, client):
    """Changing a key figure, a category and an actor in one save adds one History entry that lists
    all three; reverting to the version before brings all three back."""
    timeline = make_timeline(slug="story")
    layoffs, deals = make_category("Layoffs"), make_category("Deals")
    wang = make_actor("Alexandr Wang")
    event = make_event(timeline, headline="Meta cuts jobs", categories=[layoffs], status="draft")
    make_figure(event, "600", unit="jobs")
    url, data = full_form(client, event)
    client.post(url, data)  # a first revision made in the admin, with its parts
    first = event.history.order_by("-history_id").first()
    count = event.history.count()

    _, data = full_form(client, event)
    data.update({"key_figures-0-value": "700", "categories": [str(deals.pk)], "actors": [str(wang.pk)]})
    assert client.post(url, data).status_code == 302
    assert event.history.count() == count + 1

    html = client.get(reverse("admin:timeline_event_history", args=[event.pk])).content.decode()
    assert "<strong>Key figures:</strong>\n                    600 jobs" in html
    assert "700 jobs" in html
    assert "Categories" in html and "Actors" in html

    revert_url = reverse("admin:timeline_event_simple_history", args=[event.pk, first.history_id])
    form = client.get(revert_url).context["adminform"].form
    assert form.initial["categories"] == [layoffs.pk] and form.initial["actors"] == []
    _, data = full_form(client, event)
    data.update({"categories": [str(layoffs.pk)], "actors": []})
    assert client.post(revert_url, data).status_code == 302
    event.refresh_from_db()
    assert [f.value for f in event.key_figures.all()] == ["600"]
    assert list(event.categories.all()) == [layoffs] and not event.actors.exists()


def test_moving_a_published_event_to_draft_asks_first_and_names_its_url(editor, client):
    """Unpublishing asks for a confirmation that says which public URL goes offline; with the box
    ticked it goes through. Everything typed is kept meanwhile."""
    timeline = make_timeline(slug="story")
    event = make_event(timeline, headline="Meta cuts jobs", slug="cuts")
    url, data = full_form(client, event, status="draft", summary="Typed meanwhile.")
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Moving this event back to draft takes it off the public site" in html
    assert "/t/story/events/cuts/" in html and "Yes, take it off the public site" in html
    assert response.context["adminform"].form["summary"].value() == "Typed meanwhile."
    assert Event.objects.get(pk=event.pk).status == "published"
    url, data = full_form(client, event, status="draft", confirm_unpublish="on")
    assert client.post(url, data).status_code == 302
    assert Event.objects.get(pk=event.pk).status == "draft"


def test_a_revert_that_would_unpublish_asks_first(editor, client):
    """Reverting a published event to its draft version asks before taking it offline."""
    event = make_event(make_timeline(slug="story"), slug="cuts", status="draft")
    first = event.history.order_by("history_id").first()
    event.status = "published"
    event.save()
    revert_url = reverse("admin:timeline_event_simple_history", args=[event.pk, first.history_id])
    _, data = full_form(client, event, status="draft")
    response = client.post(revert_url, data)
    assert "takes it off the public site" in response.content.decode()
    assert Event.objects.get(pk=event.pk).status == "published"


def test_every_link_on_the_history_page_opens_for_editors(editor, client):
    """An editor can follow every admin link on an event's History page (no 403 on "changed by")."""
    event = make_event(make_timeline(), status="draft")
    url, data = full_form(client, event, headline="Edited by the editor")
    client.post(url, data)
    html = client.get(reverse("admin:timeline_event_history", args=[event.pk])).content.decode()
    assert "Edited by the editor" in html
    assert re.search(r"<td>\s*ed\s*</td>", html)  # the name, without a link to a page editors may not open
    links = set(re.findall(r'href="(/admin/[^"#?]*)', html)) - {"/admin/logout/"}
    assert links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link


def test_the_back_to_draft_action_asks_first_for_public_events(editor, client):
    """The bulk action lists the public URLs that would go offline and changes nothing until confirmed."""
    timeline = make_timeline(slug="story")
    events = [make_event(timeline, slug="public-one"), make_event(timeline, slug="draft-one", status="draft")]
    ids = [str(event.pk) for event in events]
    url = reverse("admin:timeline_event_changelist")
    page = client.post(url, {"action": "make_draft", "_selected_action": ids})
    assert page.status_code == 200
    assert "<code>/t/story/events/public-one/</code>" in page.content.decode()
    assert Event.objects.get(slug="public-one").status == "published"
    client.post(url, {"action": "make_draft", "_selected_action": ids, "confirm_unpublish": "yes"})
    assert set(Event.objects.values_list("status", flat=True)) == {"draft"}
