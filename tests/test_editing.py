"""No lost edits: two editors on one event, citation or timeline; the second save is refused, not lost."""

import threading
from datetime import date

import pytest
from django.db import connection, connections
from django.urls import reverse

from timeline.curation import review
from timeline.domain.models import Candidate, Citation, EditConflict, Event, Timeline

from .conftest import make_event, make_source, make_timeline
from .test_admin import event_form_data


def opened(client, url):
    """The form data an editor has after opening a change page: every field as shown."""
    form = client.get(url).context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def event_data(client, event):
    url = reverse("admin:timeline_event_change", args=[event.pk])
    data = event_form_data(**opened(client, url))
    citations = list(event.citations.all())
    data.update({"citations-TOTAL_FORMS": len(citations), "citations-INITIAL_FORMS": len(citations)})
    for n, citation in enumerate(citations):
        data.update({
            f"citations-{n}-id": citation.pk, f"citations-{n}-event": event.pk,
            f"citations-{n}-source": citation.source_id, f"citations-{n}-quote": citation.quote,
            f"citations-{n}-claim": citation.claim, f"citations-{n}-position": citation.position,
            f"citations-{n}-version": citation.version,
        })  # fmt: skip
    return url, data


def test_the_second_of_two_editors_is_refused_with_both_versions(editor, client):
    """A and B open one event; A saves a new headline; B's new summary is refused, B's text stays in
    the form, both versions are shown side by side, and A's headline is intact."""
    event = make_event(make_timeline(), headline="Meta cuts jobs", summary="Old summary.", status="draft")
    url, seen_by_a = event_data(client, event)
    _, seen_by_b = event_data(client, event)

    assert client.post(url, {**seen_by_a, "headline": "Meta cuts 600 AI jobs"}).status_code == 302
    response = client.post(url, {**seen_by_b, "summary": "B's careful new summary."})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone else saved this event while you were editing it" in html
    assert "Saved (version 2)" in html and "What you typed (from version 1)" in html
    assert "<th scope='row'>Headline</th><td>Meta cuts 600 AI jobs</td><td>Meta cuts jobs</td>" in html
    assert "<td>Old summary.</td><td>B&#x27;s careful new summary.</td>" in html
    assert response.context["adminform"].form["summary"].value() == "B's careful new summary."
    stored = Event.objects.get(pk=event.pk)
    assert (stored.headline, stored.summary, stored.version) == ("Meta cuts 600 AI jobs", "Old summary.", 2)


def test_saving_again_after_the_conflict_is_deliberate(editor, client):
    """After reading the refusal, the form carries the stored version: saving again replaces it."""
    event = make_event(make_timeline(), headline="First", status="draft")
    url, data = event_data(client, event)
    client.post(url, {**data, "headline": "Second"})
    refused = client.post(url, {**data, "headline": "Third"})
    assert refused.status_code == 400
    again = {**data, "headline": "Third", "version": refused.context["adminform"].form["version"].value()}
    assert client.post(url, again).status_code == 302
    assert Event.objects.get(pk=event.pk).headline == "Third"


def test_a_stale_citation_in_the_event_form_is_refused(editor, client):
    """A edits a citation's claim; B's save of the same event, carrying the old citation, is refused
    and A's claim stays."""
    source = make_source(title="The Verge")
    event = make_event(make_timeline(), sources=[source], status="draft")
    url, seen_by_a = event_data(client, event)
    _, seen_by_b = event_data(client, event)
    assert client.post(url, {**seen_by_a, "citations-0-claim": "600 jobs"}).status_code == 302
    response = client.post(url, {**seen_by_b, "summary": "New summary."})
    assert response.status_code == 400
    assert "Someone else saved this citation" in response.content.decode()
    assert Citation.objects.get(event=event).claim == "600 jobs"
    assert Event.objects.get(pk=event.pk).summary == ""


def test_the_second_of_two_timeline_editors_is_refused(editor, client):
    """The same race on a timeline: B's description is refused, A's title kept."""
    timeline = make_timeline(title="Meta's AI", description="Old.")
    url = reverse("admin:timeline_timeline_change", args=[timeline.pk])
    seen_by_a, seen_by_b = opened(client, url), opened(client, url)
    assert client.post(url, {**seen_by_a, "title": "Meta's AI restructuring"}).status_code == 302
    response = client.post(url, {**seen_by_b, "description": "B's description."})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this timeline" in html
    assert "<td>Meta&#x27;s AI restructuring</td><td>Meta&#x27;s AI</td>" in html
    assert response.context["adminform"].form["description"].value() == "B's description."
    assert Timeline.objects.get(pk=timeline.pk).title == "Meta's AI restructuring"


@pytest.mark.django_db
def test_a_save_that_lost_the_race_is_refused_by_the_database():
    """Both read version 1 before either writes: the UPDATE ... WHERE version=1 claims the row
    once, so the second save raises instead of overwriting."""
    event = make_event(headline="Start")
    first, second = Event.objects.get(pk=event.pk), Event.objects.get(pk=event.pk)
    first.headline = "A"
    first.save()
    second.summary = "B"
    with pytest.raises(EditConflict):
        second.save()
    stored = Event.objects.get(pk=event.pk)
    assert (stored.headline, stored.summary, stored.version) == ("A", "", 2)


def pending_candidate():
    article = make_source(text="Meta said on 22 October 2025 it would cut 600 AI jobs.", published_on=date(2025, 11, 1))
    return Candidate.objects.create(article=article, position=0, passage=article.text, start_day=None)


@pytest.mark.django_db
def test_two_accepts_from_stale_reads_make_one_draft():
    """Both requests read the pending candidate before either writes: one draft event, not two."""
    candidate = pending_candidate()
    first, second = Candidate.objects.get(pk=candidate.pk), Candidate.objects.get(pk=candidate.pk)
    event = review.accept(first)
    assert review.accept(second) == event
    assert Event.objects.count() == 1
    assert Candidate.objects.get(pk=candidate.pk).event == event


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_accepts_make_one_draft():
    """Two threads, each with its own connection, accept the same candidate at once (PostgreSQL:
    the row lock makes the second wait and find the first one's event)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers by its IMMEDIATE transactions; the race needs PostgreSQL")
    candidate = pending_candidate()
    stale = [Candidate.objects.get(pk=candidate.pk) for _ in range(2)]
    start, results = threading.Barrier(2), []

    def accept(read):
        try:
            start.wait()
            results.append(review.accept(read).pk)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=[read]) for read in stale]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2 and results[0] == results[1]
    assert Event.objects.count() == 1
