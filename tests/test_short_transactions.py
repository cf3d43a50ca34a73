"""Writes in short transactions: extraction outside them, bulk actions in batches with history."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from timeline.curation import intake
from timeline.domain.models import Candidate, Citation, Event, KeyFigure, SourceArticle

from .conftest import make_event, make_timeline

ARTICLE = "# Cuts at Meta\n\nMeta laid off 600 AI staff members on 22 October 2025.\n\nShares fell on 23 October 2025."


@pytest.mark.django_db(transaction=True)
def test_intake_reads_and_extracts_before_any_transaction_opens(monkeypatch):
    """Extraction (seconds on a long article) runs outside any transaction; the candidates are saved after."""
    seen = []
    extract = intake.extract

    def watching(*args, **kwargs):
        seen.append(connection.in_atomic_block)
        return extract(*args, **kwargs)

    monkeypatch.setattr(intake, "extract", watching)
    article, created = intake.take_in(intake.Submission(text=ARTICLE, fields={"published_on": date(2025, 10, 24)}))
    assert created and seen == [False]
    assert article.candidates.count() == 2


@pytest.mark.django_db
def test_running_intake_again_refreshes_candidates_without_duplicates():
    """The same article read twice keeps one candidate per dated sentence, and a dismissed one stays dismissed."""
    article, _ = intake.take_in(intake.Submission(text=ARTICLE))
    first = article.candidates.order_by("position").first()
    first.status = Candidate.Status.DISMISSED
    first.save()
    again, created = intake.take_in(intake.Submission(text=ARTICLE))
    assert again == article and not created
    assert article.candidates.count() == 2
    assert article.candidates.get(pk=first.pk).status == Candidate.Status.DISMISSED


def test_editing_an_article_extracts_after_its_save_commits(editor, client, django_capture_on_commit_callbacks):
    """A new text saved in the admin is read for candidates once the save is committed (on_commit)."""
    article = SourceArticle.objects.create(title="Short", text="Nothing dated here.")
    url = reverse("admin:timeline_sourcearticle_change", args=[article.pk])
    data = {"title": "Short", "text": ARTICLE, "published_precision": "day", "url": "", "publisher": "",
            "author": "", "published_on": "", "imported_from": "", "timeline": ""}  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url, data)
    assert response.status_code == 302 and len(callbacks) == 1
    assert article.candidates.count() == 0  # not inside the admin's transaction
    callbacks[0]()
    assert article.candidates.count() == 2


def test_bulk_publish_records_who_did_it_in_history(editor, client):
    """Publishing drafts in bulk dates their publication and records the editor and the reason."""
    timeline = make_timeline(slug="bulk")
    events = [make_event(timeline, slug=f"b{n}", status="draft") for n in range(3)]
    client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "publish", "_selected_action": [str(e.pk) for e in events]},
    )
    for event in Event.objects.all():
        latest = event.history.latest()
        assert event.status == "published" and event.published_at
        assert latest.status == "published" and latest.history_change_reason == "Bulk published"
        assert latest.history_user == editor
        assert Event.was_public_in(event.slug, timeline)


def test_adding_to_a_timeline_in_bulk_is_in_history(editor, client):
    """The timelines an event was added to in bulk are in its latest history record."""
    events = [make_event(slug=f"a{n}") for n in range(3)]
    target = make_timeline(slug="target")
    client.post(
        reverse("admin:timeline_event_changelist"),
        {"action": "add_to_timeline", "_selected_action": [str(e.pk) for e in events], "timeline": target.pk},
    )
    assert target.events.count() == 3
    for event in events:
        latest = event.history.latest()
        assert [link.timeline_id for link in latest.timelines.all()] == [target.pk]
        assert latest.history_change_reason == "Added to target"


@pytest.mark.django_db
def test_generated_events_citations_and_key_figures_each_have_their_history():
    """bench/generate.py writes in batches with bulk_create, and records what a save of each row
    would have: every event, citation and key figure has its "created" history row."""
    from bench.generate import generate

    generate(30, years=2)
    for model in (Event, Citation, KeyFigure):
        history = model.history.model.objects
        assert history.filter(history_type="+", history_change_reason="Generated").count() == model.objects.count() > 0
